"""One window per workspace: a second launch on the same workspace brings the first forward and exits 0."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QDir
from PySide6.QtWidgets import QMainWindow

from bodesk.ui.single_instance import SingleInstance, bring_forward, server_name

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def first(qapp, tmp_path: Path):  # type: ignore[no-untyped-def]
    guard = SingleInstance(tmp_path / "ws")
    assert guard.listen()
    yield guard
    guard.close()


def test_second_launch_of_the_real_command_raises_the_first_and_exits_0(qtbot, first: SingleInstance, tmp_path: Path) -> None:
    with qtbot.waitSignal(first.raise_requested, timeout=30_000):
        second = subprocess.Popen(
            [sys.executable, "-m", "bodesk", "--home", str(tmp_path / "ws")],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=30_000)
    out, err = second.communicate()
    assert second.returncode == 0, err
    assert "already open" in err
    # It went no further: no database was created for the second launch to migrate.
    assert not (tmp_path / "ws" / "bodesk.sqlite3").exists()


def test_another_workspace_is_not_forwarded(first: SingleInstance, tmp_path: Path) -> None:
    other = SingleInstance(tmp_path / "other-ws")
    assert other.name != first.name
    assert not other.forward_to_running()
    assert other.listen()
    other.close()


def test_the_name_is_short_and_stable(tmp_path: Path) -> None:
    a, b = server_name(tmp_path / "x" / ".." / "ws"), server_name(tmp_path / "ws")
    assert a == b and len(a) < 40


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes leave no file behind")
def test_a_stale_socket_left_by_a_crash_does_not_block_the_next_start(qapp, tmp_path: Path) -> None:
    guard = SingleInstance(tmp_path / "ws")
    stale = Path(QDir.tempPath()) / guard.name
    # What a killed instance leaves: a socket file with nobody listening on it.
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(stale))
    sock.close()
    assert stale.exists()
    try:
        assert not guard.forward_to_running()
        assert guard.listen()
        assert guard.server is not None and guard.server.fullServerName() == str(stale)
    finally:
        guard.close()
        stale.unlink(missing_ok=True)


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen has no window stack
def test_bring_forward_restores_a_minimised_window(qtbot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.showMinimized()
    bring_forward(window)
    assert window.isVisible() and not window.isMinimized()
