"""`bodesk extract FILE... [--json]`: read documents and print their fields (needs no workspace).

Registered alone when it is the command (see `COMMANDS`), so reading a PDF loads neither the
database nor the other commands' modules.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bodesk.commands import emit

#: The command words `register` adds (the command line registers only this module for them).
COMMANDS = ("extract",)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("extract", help="read documents and print their fields (needs no workspace)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="one JSON record per line")
    p.set_defaults(handler=cmd_extract)


def cmd_extract(args: argparse.Namespace) -> int:
    import gc

    from bodesk.core.extraction import extract_many

    # The process ends after this batch. What is alive now is taken out of the collector's sight, as Python
    # advises before forking workers (`extract_many`): their collections then do not copy the memory they
    # share with this process, and its exit does not walk it (~20 ms of a batch of text PDFs' ~160 ms).
    gc.freeze()
    failed = False
    for result in extract_many([Path(name) for name in args.files], sources=list(args.files)):
        failed |= bool(result.errors)
        emit([result.to_record()], args.json, _describe_extraction)
    return 1 if failed else 0


def _describe_extraction(rec: dict[str, Any]) -> str:
    lines = [f"{rec['source']} ({rec['method']})"]
    for key in ("vendor_name", "invoice_number", "invoice_date", "due_date", "currency", "subtotal", "tax", "total", "po_number", "iban"):
        if rec.get(key) is not None:
            lines.append(f"  {key:15} {rec[key]}")
    for li in rec["line_items"]:
        lines.append(f"  - {li['description']}: {li['quantity']} x {li['unit_price']} = {li['amount']}")
    lines.extend(f"  error: {e}" for e in rec["errors"])
    return "\n".join(lines)
