"""The layering rule: core, store, ingest (and the headless commands) never import Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import bodesk

PACKAGE = Path(bodesk.__file__).parent
QT_FREE = ("core", "store", "ingest", "demo", "commands", "mail")
QT_FREE_MODULES = ("cli.py", "paths.py", "settings.py", "secrets.py", "errors.py", "log.py", "ocr_check.py", "jobs/pool.py")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_qt_import_outside_ui() -> None:
    files = [p for pkg in QT_FREE for p in (PACKAGE / pkg).rglob("*.py")]
    files += [PACKAGE / m for m in QT_FREE_MODULES if (PACKAGE / m).exists()]
    assert len(files) > 10
    offenders = {str(f.relative_to(PACKAGE)): sorted(n for n in _imports(f) if n.split(".")[0] in {"PySide6", "shiboken6"}) for f in files}
    assert {f: n for f, n in offenders.items() if n} == {}


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
