"""Alembic migrations of the workspace database, one file per schema change in `versions/`.

Revision ids are the zero-padded numbers that start the file names (0001, 0002, …), so the
newest revision can be read from the folder without loading Alembic when the app starts;
a test checks that it agrees with Alembic's own reading of the scripts.
"""

from pathlib import Path

_VERSIONS = Path(__file__).resolve().parent / "versions"


def _head() -> str:
    numbered = sorted(p.name.split("_", 1)[0] for p in _VERSIONS.glob("[0-9][0-9][0-9][0-9]_*.py"))
    return numbered[-1]


#: The newest revision.
HEAD = _head()
