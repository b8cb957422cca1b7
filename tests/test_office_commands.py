"""`bodesk metrics`: the Metrics tab without the window."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bodesk.cli import main
from bodesk.ingest.pipeline import Importer
from bodesk.paths import Workspace
from bodesk.store import open_store
from tests.helpers import make_documents


def _json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_metrics_counts_what_was_received(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workspace = Workspace.at(tmp_path / "ws")
    store = open_store(workspace)
    files, _ = make_documents(tmp_path / "in", pdfs=2, pngs=0)
    Importer(store).import_paths(files)
    store.close()
    assert main(["--home", str(workspace.root), "metrics", "--json"]) == 0
    (record,) = _json_lines(capsys.readouterr().out)
    assert record["invoices_received"] == 2 and isinstance(record["money_saved"], str)
    assert main(["--home", str(workspace.root), "metrics", "--from", "2000-01-01", "--to", "2000-12-31", "--json"]) == 0
    (empty,) = _json_lines(capsys.readouterr().out)
    assert empty["invoices_received"] == 0
    with pytest.raises(SystemExit) as usage:
        main(["--home", str(workspace.root), "metrics", "--from", "yesterday"])
    assert usage.value.code == 2
