"""The crash dialog: a bug writes a report into the workspace's logs and the dialog says where it is."""

from __future__ import annotations

import sys
import threading
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtWidgets import QMessageBox

from bodesk import __version__
from bodesk.ui import crash


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    """Dialogs the handler opened (their texts), with no modal loop; "Open folder" is clicked in each."""
    opened_urls: list[str] = []
    monkeypatch.setattr(crash, "QDesktopServices", SimpleNamespace(openUrl=lambda url: opened_urls.append(url.toLocalFile())))
    seen: list[dict[str, object]] = []

    def fake_exec(box: QMessageBox) -> int:
        buttons = {b.text(): b for b in box.buttons()}
        buttons["Open folder"].click()
        seen.append({"title": box.windowTitle(), "text": box.text(), "info": box.informativeText(),
                     "buttons": sorted(buttons), "opened": list(opened_urls)})
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    # The test must not leave our hooks installed for the rest of the session.
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    return seen


def _raise_bug() -> None:
    raise ValueError("the total went negative")


def test_a_bug_writes_a_report_and_the_dialog_names_it(qapp, shown, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BODESK_IMAP_PASSWORD", "hunter2-secret")
    logs = tmp_path / "ws" / "logs"
    handler = crash.install_crash_handler(logs)
    assert sys.excepthook is handler
    try:
        _raise_bug()
    except ValueError:
        sys.excepthook(*sys.exc_info())

    reports = list(logs.glob("crash-*.txt"))
    assert reports == [handler.last_report]
    text = reports[0].read_text(encoding="utf-8")
    assert f"bodesk {__version__}" in text
    assert "platform:" in text and "python:" in text
    assert "in _raise_bug" in text and "ValueError: the total went negative" in text
    assert "hunter2" not in text

    assert len(shown) == 1
    dialog = shown[0]
    assert "ValueError" in str(dialog["text"]) and "Your data is safe" in str(dialog["text"])
    assert str(reports[0]) in str(dialog["info"])
    assert dialog["buttons"] == ["Close", "Open folder"]
    assert dialog["opened"] == [str(logs)]


def test_reports_in_the_same_second_do_not_overwrite_each_other(tmp_path: Path) -> None:
    when = datetime(2025, 3, 14, 9, 26, 53)
    try:
        _raise_bug()
    except ValueError:
        info = sys.exc_info()
    first = crash.write_report(tmp_path, info, now=when)  # type: ignore[arg-type]
    second = crash.write_report(tmp_path, info, now=when)  # type: ignore[arg-type]
    assert first.name == "crash-20250314-092653.txt"
    assert second.name == "crash-20250314-092653-2.txt"


def test_a_bug_in_a_plain_thread_is_reported_without_a_dialog(qapp, shown, tmp_path: Path) -> None:
    handler = crash.install_crash_handler(tmp_path)
    worker = threading.Thread(target=_raise_bug, name="import-helper")
    worker.start()
    worker.join()
    assert handler.last_report is not None
    text = handler.last_report.read_text(encoding="utf-8")
    assert "thread:   import-helper" in text and "ValueError" in text
    assert shown == []  # widgets belong to the GUI thread


def test_keyboard_interrupt_is_not_a_crash(qapp, shown, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    passed_on: list[type[BaseException]] = []
    monkeypatch.setattr(sys, "__excepthook__", lambda t, e, tb: passed_on.append(t))
    handler = crash.install_crash_handler(tmp_path)
    handler(KeyboardInterrupt, KeyboardInterrupt(), None)
    assert passed_on == [KeyboardInterrupt]
    assert list(tmp_path.glob("crash-*")) == [] and shown == []


def test_a_bug_inside_a_background_job_reaches_the_crash_report(qtbot, shown, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from bodesk.errors import BodeskError
    from bodesk.jobs.runner import JobRunner

    logs = tmp_path / "ws" / "logs"
    handler = crash.CrashHandler(logs)
    runner = JobRunner()
    crash.report_job_bugs(runner, handler)
    sentences: list[str] = []

    def buggy(_job: object) -> None:
        _raise_bug()

    def refused(_job: object) -> None:
        raise BodeskError("The mail server refused the password.")

    try:
        runner.run("Refused", refused, on_error=lambda message, _trace: sentences.append(message))
        qtbot.waitUntil(lambda: not runner.active)
        assert sentences == ["The mail server refused the password."] and not list(logs.glob("crash-*.txt"))

        runner.run("Matching", buggy, on_error=lambda message, _trace: sentences.append(message))
        qtbot.waitUntil(lambda: handler.last_report is not None)
    finally:
        runner.shutdown()
    (report,) = logs.glob("crash-*.txt")
    text = report.read_text(encoding="utf-8")
    assert "in buggy" in text and "in _raise_bug" in text and "ValueError: the total went negative" in text
    assert sentences[-1] == "Matching failed unexpectedly (ValueError)."
    assert shown and "ValueError" in str(shown[0]["text"]) and str(report) in str(shown[0]["info"])
