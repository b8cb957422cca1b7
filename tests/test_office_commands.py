"""`bodesk metrics` and `bodesk onboarding …`: the Metrics and Onboarding tabs without the window."""

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


def test_onboarding_start_list_and_done(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = str(tmp_path / "ws")
    assert main(["--home", home, "onboarding", "templates", "--json"]) == 0
    templates = _json_lines(capsys.readouterr().out)
    role = next(t["role"] for t in templates if t["kind"] == "onboarding")
    assert main(["--home", home, "onboarding", "start", "Ana Ruiz", "--role", role, "--date", "2026-12-07", "--json"]) == 0
    (hire,) = _json_lines(capsys.readouterr().out)
    assert hire["name"] == "Ana Ruiz" and hire["start_date"] == "2026-12-07" and hire["tasks"]
    first = hire["tasks"][0]
    assert main(["--home", home, "users", "add", "Office manager", "--role", "office_manager"]) == 0
    assert main(["--home", home, "onboarding", "done", str(first["id"]), "--by", "Office manager"]) == 0
    capsys.readouterr()
    assert main(["--home", home, "onboarding", "list", "--json"]) == 0
    (listed,) = _json_lines(capsys.readouterr().out)
    done = [t for t in listed["tasks"] if t["done_at"]]
    assert [(t["id"], t["done_by"]) for t in done] == [(first["id"], "Office manager")]
    assert main(["--home", home, "onboarding", "start", "X", "--role", "Astronaut", "--date", "2026-12-07"]) == 1
    assert "no onboarding checklist for the role" in capsys.readouterr().err


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
