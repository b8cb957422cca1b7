"""`bodesk extract`, `bodesk import`, `bodesk invoices list`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bodesk.commands import acting_person, emit, open_workspace, print_table, record_id
from bodesk.core.vocabulary import InvoiceStatus


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("import", help="ingest files and folders as a drop on the window does")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true", help="one JSON record per line")
    p.add_argument("--by", metavar="NAME", help="the person bringing them in (who then may not approve them)")
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("invoices", help="invoices in the workspace")
    inv = p.add_subparsers(dest="invoices_command", metavar="ACTION", required=True)
    q = inv.add_parser("list", help="list invoices")
    statuses = [s.value for s in InvoiceStatus]
    q.add_argument("--status", choices=statuses, metavar="STATUS", help=f"only invoices with this status: {', '.join(statuses)}")
    q.add_argument("--json", action="store_true", help="one JSON record per line")
    q.set_defaults(handler=cmd_invoices_list)
    q = inv.add_parser("correct", help="correct a field read from an invoice (recorded in the audit trail)")
    q.add_argument("invoice_id", type=record_id, metavar="ID")
    q.add_argument("--field", required=True, help="vendor_name, invoice_number, invoice_date, total, …")
    q.add_argument("--value", required=True, help="the right value ('' to clear); dates YYYY-MM-DD, amounts 1234.50")
    q.add_argument("--by", required=True, metavar="NAME")
    q.set_defaults(handler=cmd_invoices_correct)
    from bodesk.commands.books import add_code_parser

    add_code_parser(inv)
    from bodesk.commands.listing import register_show

    register_show(inv)


def cmd_import(args: argparse.Namespace) -> int:
    from bodesk.ingest.pipeline import Importer
    from bodesk.jobs.pool import process_pool

    failed = False
    with open_workspace(args) as store, process_pool() as pool:
        entered_by = acting_person(store, args.by) if args.by else None
        importer = Importer(store, source_kind="cli", executor=pool, entered_by=entered_by)
        importer.resume()
        on_terminal = sys.stderr.isatty()
        for progress in importer.run([Path(p) for p in args.paths]):
            if on_terminal and progress.total > 1:  # a long import shows where it is; scripts see only records
                print(f"\r[{progress.done}/{progress.total}] ", end="", file=sys.stderr, flush=True)
            if progress.record is not None:
                failed |= progress.record.failed
                if on_terminal:
                    print("\r\033[K", end="", file=sys.stderr, flush=True)
                emit([progress.record.to_json()], args.json, _describe_import)
    return 1 if failed else 0


def _describe_import(rec: dict[str, Any]) -> str:
    text = f"{rec['source']}: {rec['status']}"
    if rec["duplicate_of"]:
        text += f" (same file as invoice {rec['duplicate_of']})"
    return "\n  ".join([text, *rec["errors"]])


def cmd_invoices_list(args: argparse.Namespace) -> int:
    from bodesk.store.invoices import invoice_records

    with open_workspace(args) as store:
        records = invoice_records(store, status=args.status)
    if args.json:
        emit(records, True, str)
    else:
        print_table(records, [("id", "ID"), ("status", "Status"), ("vendor_name", "Vendor"), ("invoice_number", "Number"),
                              ("invoice_date", "Date"), ("due_date", "Due"), ("total", "Total"), ("currency", "Cur"),
                              ("source", "Source")],
                    right=frozenset({"id", "total"}), widest=36)
    return 0


def cmd_invoices_correct(args: argparse.Namespace) -> int:
    from bodesk.store.invoices import correct_field

    with open_workspace(args) as store:
        old, new = correct_field(store, args.invoice_id, args.field, args.value, actor=acting_person(store, args.by))
    print(f"Invoice {args.invoice_id}: {args.field} “{old if old is not None else ''}” → “{new if new is not None else ''}”")
    return 0
