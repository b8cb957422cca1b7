"""Every CSV file bodesk writes goes through the one writer that neutralises formula cells."""

from __future__ import annotations

import ast
from pathlib import Path

import bodesk

PACKAGE = Path(bodesk.__file__).parent


def test_no_module_writes_csv_around_the_safe_writer() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "csvsafe.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "csv"
                    and node.attr in ("writer", "DictWriter")):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []

