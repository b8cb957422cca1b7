"""A workspace on a read-only medium opens for reading; every change is refused with a sentence."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from bodesk.cli import main
from bodesk.ingest.pipeline import Importer
from bodesk.paths import Workspace
from bodesk.store import open_store
from tests.helpers import make_documents


@pytest.fixture
def read_only_copy(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A workspace with two invoices, seen through a read-only bind mount (as a backup disk or a DVD)."""
    workspace = Workspace.at(tmp_path / "ws").ensure()
    store = open_store(workspace)
    files, _ = make_documents(tmp_path / "in", pdfs=2, pngs=0)
    Importer(store).import_paths(files)
    store.close()
    mount = tmp_path / "ro"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "--bind", str(workspace.root), str(mount)]).returncode != 0:
        pytest.skip("needs root to bind-mount a read-only view")
    try:
        if subprocess.run(["mount", "-o", "remount,bind,ro", str(mount)]).returncode != 0:
            pytest.skip("cannot remount read-only here")
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)  # lazy: the window may still hold a file


def test_reading_commands_work_and_changes_are_refused(read_only_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = str(read_only_copy)
    assert main(["--home", home, "invoices", "list", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 2
    assert main(["--home", home, "invoices", "show", str(rows[0]["id"])]) == 0
    capsys.readouterr()
    assert main(["--home", home, "reject", str(rows[0]["id"]), "--by", "Founder", "--note", "not ours"]) == 1
    err = capsys.readouterr().err
    assert ("read-only" in err or "reading only" in err) and "unexpected" not in err, err
    assert main(["--home", home, "invoices", "correct", str(rows[0]["id"]), "--field", "total", "--value", "5",
                 "--by", "Founder"]) == 1
    err = capsys.readouterr().err
    assert "reading only" in err and "unexpected" not in err, err
    other, _ = make_documents(read_only_copy.parent / "more", pdfs=1, pngs=0, seed=5)
    assert main(["--home", home, "import", str(other[0])]) == 1
    captured = capsys.readouterr()
    assert "read-only" in captured.out + captured.err and "unexpected" not in captured.err


def test_the_window_opens_a_read_only_workspace_with_a_banner(qtbot, read_only_copy: Path) -> None:  # type: ignore[no-untyped-def]
    from bodesk.ui.app import open_context, show_read_only_banner
    from bodesk.ui.mainwindow import MainWindow

    workspace = Workspace.at(read_only_copy)
    context = open_context(workspace)
    win = None
    try:
        assert context.store.read_only
        win = MainWindow(context)
        banner = show_read_only_banner(win, workspace)
        win.resize(1366, 768)
        win.show()
        qtbot.waitExposed(win)
        assert banner.isVisible() and "changes are not saved" in banner.text()
        assert win.windowTitle().endswith("(read only)")
        if os.environ.get("BODESK_SCREENSHOTS"):  # a picture to look at: BODESK_SCREENSHOTS=folder
            win.grab().save(str(Path(os.environ["BODESK_SCREENSHOTS"]) / "read-only-banner.png"))
    finally:
        if win is not None:  # the window goes first, while its runner still runs (see tests/ui/conftest.py)
            win.close()
            win.deleteLater()
            qtbot.wait(20)
        context.runner.shutdown()
        context.store.close()
