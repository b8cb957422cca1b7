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
DB_ENV = "BODESK_DB"


def default_home() -> Path:
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


DESK_FILE = "desk.json"


def remembered_database(root: Path) -> str | None:
    """The office database this desk connects to, as saved in its folder (never with a password)."""
    import json

    try:
        data = json.loads((root / DESK_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    url = data.get("database") if isinstance(data, dict) else None
    return url if isinstance(url, str) and url else None


def remember_database(root: Path, url: str | None) -> None:
    """Make this desk open `url` from now on (None: its own SQLite database again)."""
    import json

    root.mkdir(parents=True, exist_ok=True)
    tmp = root / (DESK_FILE + ".part")
    tmp.write_text(json.dumps({"database": url}, indent=2), encoding="utf-8")
    tmp.replace(root / DESK_FILE)


def resources_dir() -> Path:
    """The `resources/` folder: beside the package in a checkout, inside the bundle when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


@dataclass(frozen=True)
class Workspace:
    """A workspace folder: one SQLite database plus the content-addressed document store.

    With `db_url` (`--db`, or the BODESK_DB variable) the office's data lives in a shared
    PostgreSQL database instead, documents included; the folder then keeps only what belongs to
    this desk: logs, window state, locks and a cache of the documents it has opened."""

    root: Path
    db_url: str | None = None

    @classmethod
    def at(cls, home: str | os.PathLike[str] | None = None, db: str | None = None) -> Workspace:
        """The workspace in `home`; its database is `db`, else BODESK_DB, else the office database
        this desk was connected to (`bodesk db connect`), else the folder's own SQLite file."""
        root = Path(home).expanduser().resolve() if home else default_home().resolve()
        return cls(root, db or os.environ.get(DB_ENV) or remembered_database(root))

    @property
    def shared(self) -> bool:
        """Whether the data lives in a shared database (several desks) rather than this folder."""
        return self.db_url is not None

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
