"""The `bodesk` command: the window when called bare, headless commands otherwise.

Only the bare command (and `--demo`) imports Qt; every subcommand runs on the core alone.
Exit status: 0 all well, 1 some input failed (each failure in its own record), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from bodesk import __version__
from bodesk.errors import BodeskError

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bodesk", description="bodesk: the back-office desk.")
    parser.add_argument("--version", action="version", version=f"bodesk {__version__}")
    parser.add_argument("--home", metavar="DIR", help="workspace folder (default: BODESK_HOME or the user data folder)")
    parser.add_argument("--demo", action="store_true", help="open the app on a new demo workspace")
    # Start-up check for benchmarks and the installer's smoke test: quit once the window has painted.
    parser.add_argument("--exit-after-first-paint", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("extract", help="read documents and print their fields (needs no workspace)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="one JSON record per line")

    p = sub.add_parser("import", help="ingest files and folders as a drop on the window does")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true", help="one JSON record per line")

    p = sub.add_parser("invoices", help="invoices in the workspace")
    inv = p.add_subparsers(dest="invoices_command", metavar="ACTION", required=True)
    q = inv.add_parser("list", help="list invoices")
    q.add_argument("--status", help="only invoices with this status")
    q.add_argument("--json", action="store_true", help="one JSON record per line")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from bodesk.ui.app import run_app  # the only path that imports Qt

        return run_app(home=args.home, demo=args.demo, exit_after_paint=args.exit_after_first_paint)
    if args.demo:
        parser.error("--demo opens the app; it does not go with a command")
    handler = {"extract": cmd_extract, "import": cmd_import, "invoices": cmd_invoices}[args.command]
    try:
        return handler(args)
    except BodeskError as exc:
        print(f"bodesk: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        log.exception("command %s failed", args.command)
        print(f"bodesk: an unexpected error stopped the command ({type(exc).__name__}); see the log.", file=sys.stderr)
        return 1


def _workspace(args: argparse.Namespace):
    from bodesk import log as logsetup
    from bodesk.paths import Workspace
    from bodesk.store import open_store

    workspace = Workspace.at(args.home)
    store = open_store(workspace)
    logsetup.setup(workspace.logs)
    return store


def _emit(records: Iterable[dict[str, Any]], as_json: bool, describe) -> None:
    for rec in records:
        if as_json:
            print(json.dumps(rec, ensure_ascii=False), flush=True)
        else:
            print(describe(rec), flush=True)


def cmd_extract(args: argparse.Namespace) -> int:
    from bodesk.core.extraction import extract

    failed = False
    records = []
    for name in args.files:
        result = extract(Path(name), source=name)
        failed |= bool(result.errors)
        records.append(result.to_record())
        _emit(records[-1:], args.json, _describe_extraction)
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


def cmd_import(args: argparse.Namespace) -> int:
    from bodesk.ingest.pipeline import Importer
    from bodesk.jobs.pool import process_pool

    store = _workspace(args)
    failed = False
    with process_pool() as pool:
        importer = Importer(store, source_kind="cli", executor=pool)
        importer.resume()
        for progress in importer.run([Path(p) for p in args.paths]):
            if progress.record is None:
                continue
            failed |= progress.record.failed
            _emit([progress.record.to_json()], args.json, _describe_import)
    store.close()
    return 1 if failed else 0


def _describe_import(rec: dict[str, Any]) -> str:
    text = f"{rec['source']}: {rec['status']}"
    if rec["duplicate_of"]:
        text += f" (same file as invoice {rec['duplicate_of']})"
    return "\n  ".join([text, *rec["errors"]])


def cmd_invoices(args: argparse.Namespace) -> int:
    from bodesk.store.invoices import invoice_records

    store = _workspace(args)
    records = invoice_records(store, status=args.status)
    _emit(records, args.json, lambda r: f"{r['id']:>6}  {r['status']:12} {r['vendor_name'] or '?':30} {r['invoice_number'] or '?':16} {r['total'] or '':>12} {r['currency'] or ''}")
    store.close()
    return 0
