"""The layering rules, checked over every module's imports (the whole matrix, not a sample).

- Qt (PySide6, shiboken6) only in `ui/` and at the job runner's edge (`jobs/runner.py`).
- SQLAlchemy and Alembic only in `store/`.
- `core` imports nothing of `store`, `ingest`, `ui`, `jobs`, `commands`, `demo` or `mail`.
- `store` and `ingest` import nothing of `ui`, `commands` or `demo`; `store` nothing of `ingest` but its
  file store (`ingest.docstore`).
- No module over 450 lines: past that it is two things.
And, end to end: a headless command loads no Qt.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import bodesk

PACKAGE = Path(bodesk.__file__).parent
QT = {"PySide6", "shiboken6"}
SQL = {"sqlalchemy", "alembic"}
#: Which of bodesk's own packages (or modules) each layer must not import.
FORBIDDEN = {
    "core": {"store", "ingest", "ui", "jobs", "commands", "demo", "mail"},
    "store": {"ui", "commands", "demo", "ingest", "jobs"},
    "ingest": {"ui", "commands", "demo", "jobs.runner"},  # the process pool (jobs.pool) is Qt-free
    "jobs": {"ui", "store", "ingest", "commands", "demo"},
    "mail": {"ui", "commands", "demo"},
}
#: Exceptions to the above: the workspace's file store is shared by the import and the store's own documents.
ALLOWED = {"bodesk.ingest.docstore"}
MAX_LINES = 450


def _modules() -> dict[str, Path]:
    return {p.relative_to(PACKAGE).as_posix(): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names if node.module == "bodesk")
    return names


def _layer(rel: str) -> str:
    return rel.split("/")[0] if "/" in rel else ""


def test_the_whole_import_matrix() -> None:
    modules = _modules()
    assert len(modules) > 100
    broken: list[str] = []
    for rel, path in modules.items():
        layer = _layer(rel)
        for name in sorted(_imports(path)):
            root = name.split(".")[0]
            if root in QT and layer != "ui" and rel != "jobs/runner.py":
                broken.append(f"{rel} imports Qt ({name})")
            if root in SQL and layer != "store":
                broken.append(f"{rel} imports {root} ({name}): database code lives in store/")
            for banned in FORBIDDEN.get(layer, ()):
                if (name == f"bodesk.{banned}" or name.startswith(f"bodesk.{banned}.")) and name not in ALLOWED:
                    broken.append(f"{rel} imports {name}: {layer} must not depend on {banned}")
    assert broken == []


def test_no_module_is_two_things() -> None:
    long = {rel: n for rel, p in _modules().items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_headless_commands_do_not_load_qt(tmp_path: Path) -> None:
    code = (
        "import sys, bodesk.cli as c;"
        f"rc = c.main(['--home', r'{tmp_path}', 'invoices', 'list', '--json']);"
        "assert rc == 0, rc;"
        "import bodesk.ingest.pipeline, bodesk.core.extraction;"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
