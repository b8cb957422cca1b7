"""`bodesk accounts import|list`, `bodesk invoices code`, `bodesk export`: the bookkeeping hand-off, headless."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bodesk.commands import acting_person, emit, iso_day, open_workspace, record_id


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from bodesk.core.exports import FORMATS

    p = sub.add_parser("accounts", help="the chart of accounts")
    actions = p.add_subparsers(dest="accounts_command", metavar="ACTION", required=True)
    q = actions.add_parser("import", help="replace the chart with a CSV file (number,name[,tax_code]) or a shipped chart (skr03, skr04, generic)")
    q.add_argument("csv", metavar="CSV")
    q.add_argument("--by", default=None, help="who imports (for the audit trail; default: your user name)")
    q.set_defaults(handler=cmd_accounts_import)
    q = actions.add_parser("list", help="the accounts of the chart")
    q.add_argument("--json", action="store_true", help="one JSON record per account")
    q.set_defaults(handler=cmd_accounts_list)

    p = sub.add_parser("export", help="approved invoices not exported before, in the accounting tool's own import format")
    p.add_argument("--format", required=True, choices=FORMATS)
    p.add_argument("--out", required=True, metavar="FILE")
    p.add_argument("--from", dest="start", type=iso_day, metavar="D", help="first invoice date (YYYY-MM-DD)")
    p.add_argument("--to", dest="end", type=iso_day, metavar="D", help="last invoice date (YYYY-MM-DD)")
    p.add_argument("--again", action="store_true", help="export the period again, including invoices exported before (audited)")
    p.add_argument("--documents", action="store_true", help="also write FILE-documents.zip with the invoices' files named by invoice number")
    p.add_argument("--by", default=None, metavar="NAME", help="who exports (for the audit trail; default: your user name)")
    p.add_argument("--datev-consultant", type=int, metavar="N", help="DATEV consultant number (kept in the settings)")
    p.add_argument("--datev-client", type=int, metavar="N", help="DATEV client number (kept in the settings)")
    p.add_argument("--json", action="store_true", help="one JSON record")
    p.set_defaults(handler=cmd_export)


def add_code_parser(invoices: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """`bodesk invoices code`: added to the `invoices` group."""
    q = invoices.add_parser("code", help="book an invoice (or one line): expense account, cost centre, tax code")
    q.add_argument("invoice_id", type=record_id, metavar="ID")
    q.add_argument("--account", required=True, metavar="N")
    q.add_argument("--cost-centre", metavar="C")
    q.add_argument("--tax-code", metavar="T", help="default: the account's tax code")
    q.add_argument("--line", type=int, metavar="NO", help="book only this line differently")
    q.add_argument("--by", required=True, metavar="NAME")
    q.set_defaults(handler=cmd_invoices_code)


def cmd_accounts_import(args: argparse.Namespace) -> int:
    from bodesk.store.books import import_chart

    with open_workspace(args) as store:
        count, errors = import_chart(store, args.csv, actor=acting_person(store, args.by))
    for error in errors:
        print(error, file=sys.stderr)
    if errors:
        print("The chart was left as it was.", file=sys.stderr)
        return 1
    print(f"The chart of accounts now has {count} accounts.")
    return 0


def cmd_accounts_list(args: argparse.Namespace) -> int:
    from bodesk.store.books import accounts

    with open_workspace(args) as store:
        chart = accounts(store)
    emit(({"number": a.number, "name": a.name, "tax_code": a.tax_code} for a in chart), args.json,
         lambda r: f"{r['number']:>8}  {r['name']}" + (f"  ({r['tax_code']})" if r["tax_code"] else ""))
    return 0


def cmd_invoices_code(args: argparse.Namespace) -> int:
    from bodesk.store.books import accounts, describe, set_booking

    with open_workspace(args) as store:
        old, new = set_booking(store, args.invoice_id, args.account, actor=acting_person(store, args.by), cost_centre=args.cost_centre,
                               tax=args.tax_code, line_no=args.line)
        chart = {a.number: a for a in accounts(store)}
    what = f"Invoice {args.invoice_id}" + (f", line {args.line}," if args.line else "")
    print(f"{what} booked to {describe(new, chart)}" + (f" (was {describe(old, chart)})." if old and old != new else "."))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from bodesk.store.exports import run_export
    from bodesk.store.settings import change

    with open_workspace(args) as store:
        by = acting_person(store, args.by)
        given = {"books.datev_consultant_number": args.datev_consultant, "books.datev_client_number": args.datev_client}
        if any(v is not None for v in given.values()):
            change(store, {k: v for k, v in given.items() if v is not None}, by=by)
        result = run_export(store, args.format, Path(args.out), by=by, start=args.start, end=args.end,
                            again=args.again, documents=args.documents)
    record = {
        "format": result.format,
        "file": str(result.path) if result.path else None,
        "export_id": result.export_id,
        "invoice_ids": result.invoice_ids,
        "documents": str(result.documents) if result.documents else None,
        "held": [{"invoice_id": i, "reason": reason} for i, reason in result.held],
        "message": result.sentence(),
    }
    emit([record], args.json, lambda r: "\n".join([r["message"], *(f"  {h['reason']}" for h in r["held"])]))
    return 1 if result.held else 0
