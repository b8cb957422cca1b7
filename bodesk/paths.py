"""The one home for paths: where the workspace, its database, documents and logs live.

The workspace defaults to the platform's user data folder for "bodesk" (platformdirs);
`--home DIR` or the BODESK_HOME variable override it, which is also how tests isolate themselves.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from bodesk import APP_NAME

HOME_ENV = "BODESK_HOME"


def default_home() -> Path:
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resources_dir() -> Path:
    """The `resources/` folder: beside the package in a checkout, inside the bundle when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


@dataclass(frozen=True)
class Workspace:
    """A workspace folder: one SQLite database plus the content-addressed document store."""

    root: Path

    @classmethod
    def at(cls, home: str | os.PathLike[str] | None = None) -> Workspace:
        return cls(Path(home).expanduser().resolve() if home else default_home().resolve())

    @property
    def database(self) -> Path:
        return self.root / "bodesk.sqlite3"

    @property
    def documents(self) -> Path:
        return self.root / "documents"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def locks(self) -> Path:
        """Lock files that keep two processes from doing the same work at once (`bodesk.locks`)."""
        return self.root / "locks"

    @property
    def settings_file(self) -> Path:
        return self.root / "settings.json"

    @property
    def window_state_file(self) -> Path:
        """Window size and splitter positions (this computer's view of the workspace, not data)."""
        return self.root / "window.ini"

    def ensure(self) -> Workspace:
        for folder in (self.root, self.documents, self.backups, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        return self
