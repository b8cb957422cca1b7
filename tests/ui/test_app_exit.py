"""Leaving the app: the main window is gone before the job runner it used is shut down."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# Run in a process of its own: the app takes over the QApplication, logging and the excepthook.
SCRIPT = """
import sys
from PySide6.QtWidgets import QApplication
from bodesk.jobs.runner import JobRunner
from bodesk.ui import app
from bodesk.ui.mainwindow import MainWindow

shutdown = JobRunner.shutdown
def recording_shutdown(self, *args, **kwargs):
    QApplication.processEvents()
    alive = sum(isinstance(w, MainWindow) for w in QApplication.topLevelWidgets())
    print("windows alive at runner shutdown:", alive, flush=True)
    shutdown(self, *args, **kwargs)
JobRunner.shutdown = recording_shutdown
print("exit status:", app.run_app(home=sys.argv[1], exit_after_paint=True), flush=True)
"""


def test_the_window_is_destroyed_before_its_runner_shuts_down(tmp_path: Path) -> None:
    # Destroying a main window after its runner had been shut down crashed Qt now and then on the way out.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "ws")], env=env, capture_output=True,
                          text=True, timeout=120)
    assert "windows alive at runner shutdown: 0" in done.stdout, done.stdout + done.stderr
    assert "exit status: 0" in done.stdout
    assert done.returncode == 0
