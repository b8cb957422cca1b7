"""Logging to a file in the workspace; tracebacks go there, never to the user's terminal."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

_configured: Path | None = None
LOG_FILE_ENV = "BODESK_LOG_FILE"


def setup(log_dir: Path, *, verbose: bool = False) -> Path:
    """Send bodesk's log records to `log_dir/bodesk.log` (rotated); returns the file's path."""
    global _configured
    path = log_dir / "bodesk.log"
    if _configured == path:
        return path
    log_dir.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("bodesk")
    for old in list(root.handlers):
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    _configured = path
    os.environ[LOG_FILE_ENV] = str(path)  # extraction workers (spawned later) append to the same file
    return path


def setup_worker() -> None:
    """In an extraction worker: records go to the app's log file (never to the terminal)."""
    target = os.environ.get(LOG_FILE_ENV)
    root = logging.getLogger("bodesk")
    for old in list(root.handlers):
        root.removeHandler(old)
    handler: logging.Handler = logging.NullHandler()
    if target:
        handler = logging.FileHandler(target, encoding="utf-8", delay=True)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s [worker %(process)d]: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    root.propagate = False
