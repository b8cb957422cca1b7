"""`bodesk payments propose|export|list` and `bodesk bank import`: the headless twins of the Payables tab."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from bodesk.commands import acting_person, emit, iso_day, open_workspace, record_id


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("payments", help="payments: proposals, batches and bank files")
    actions = p.add_subparsers(dest="payments_command", metavar="ACTION", required=True)

    q = actions.add_parser("propose", help="what to pay by a date: one record per invoice or credit note")
    q.add_argument("--date", type=iso_day, metavar="D", help="pay what is due by this day (default: today)")
    q.add_argument("--today", type=iso_day, metavar="D", help="decide as on this day (default: today)")
    q.add_argument("--format", choices=("sepa", "csv"), help="the bank file it is for (default: the setting)")
    q.add_argument("--summary", action="store_true", help="also print the payables at a glance (last record)")
    q.add_argument("--json", action="store_true", help="one JSON record per line")
    q.set_defaults(handler=cmd_propose)

    q = actions.add_parser("export", help="turn the proposal into a batch and write its bank file")
    q.add_argument("--format", choices=("sepa", "csv"), required=True)
    q.add_argument("--out", required=True, metavar="FILE")
    q.add_argument("--date", type=iso_day, metavar="D", help="pay what is due by this day (default: today)")
    q.add_argument("--today", type=iso_day, metavar="D", help="decide as on this day (default: today)")
    q.add_argument("--by", required=True, metavar="NAME", help="who confirms the batch")
    q.add_argument("--exclude", type=record_id, nargs="*", default=[], metavar="ID", help="invoices left out of this batch")
    q.add_argument("--batch", type=record_id, metavar="ID", help="write an existing batch's file again (needs --again)")
    q.add_argument("--again", action="store_true", help="confirm that the batch's file is written once more")
    q.set_defaults(handler=cmd_export)

    q = actions.add_parser("list", help="payment batches with their transfers and state")
    q.add_argument("--json", action="store_true", help="one JSON record per line")
    q.set_defaults(handler=cmd_list)

    p = sub.add_parser("bank", help="bank statements")
    actions = p.add_subparsers(dest="bank_command", metavar="ACTION", required=True)
    q = actions.add_parser("import", help="read a statement (camt.053, MT940 or CSV) and mark what it pays as paid")
    q.add_argument("file", metavar="FILE")
    q.add_argument("--by", default=None, metavar="NAME", help="who imports it (default: your user name)")
    q.add_argument("--json", action="store_true", help="one JSON record per statement line")
    q.set_defaults(handler=cmd_bank_import)
    q = actions.add_parser("lines", help="imported statement lines; --open: those a person must look at")
    q.add_argument("--open", action="store_true", help="only debits matched to nothing and partial payments")
    q.add_argument("--json", action="store_true", help="one JSON record per line")
    q.set_defaults(handler=cmd_bank_lines)


def _describe_line(r: dict[str, Any]) -> str:
    state = f"BLOCKED: {r['blocked']}" if r["blocked"] else ("" if r["selected"] else "left out")
    saving = f" (saves {r['discount']})" if r["discount"] != "0.00" else ""
    return (f"{r['invoice_id']:>6}  {r['pay_on']}  {r['vendor_name'][:28]:28} {r['invoice_number'] or '':14} "
            f"{r['amount']:>12} {r['currency']}{saving}  {state}").rstrip()


def cmd_propose(args: argparse.Namespace) -> int:
    from bodesk.store.payments import glance, make_proposal

    today = args.today or date.today()
    with open_workspace(args) as store:
        proposal = make_proposal(store, args.date or today, today=today, file_format=args.format)
        summary = glance(store, today) if args.summary else None
    records = [line.to_json() for line in proposal.lines]
    emit(records, args.json, _describe_line)
    if not args.json:
        for (currency, day), total in proposal.totals().items():
            print(f"Total {day}: {total} {currency}")
        for currency, saved in proposal.savings().items():
            print(f"Discounts taken: {saved} {currency}")
        if not records:
            print("Nothing is due by then.")
    if summary is not None:
        print(json.dumps({"summary": summary.to_json()}, ensure_ascii=False) if args.json
              else json.dumps(summary.to_json(), indent=2, ensure_ascii=False))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from bodesk.store.payments import confirm, confirmer, make_proposal, write_again

    out = Path(args.out)
    with open_workspace(args) as store:
        by = confirmer(store, args.by)
        if args.batch is not None:
            if not args.again:
                print(f"bodesk: writing batch {args.batch} again could make the bank pay twice; add --again if that is "
                      "what you want.", file=sys.stderr)
                return 1
            write_again(store, args.batch, out, by=by)
            print(f"Wrote payment batch {args.batch} again to {out}.")
            return 0
        today = args.today or date.today()
        proposal = make_proposal(store, args.date or today, today=today, file_format=args.format,
                                 excluded=frozenset(args.exclude))
        if not proposal.transfers:
            print("Nothing can be paid by then; no batch was made.")
            return 0
        result = confirm(store, proposal, by=by, file_format=args.format, out=out)
    totals = ", ".join(f"{v} {c}" for c, v in result.totals.items())
    print(f"Payment batch {result.batch_id}: {result.transfers} transfers for {result.invoices} items ({totals}), "
          f"written to {out}; its invoices are scheduled.")
    for line in proposal.blocked:
        print(f"Not paid: invoice {line.payable.invoice_id} ({line.payable.vendor_name}): {line.blocked}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from bodesk.store.payments import batch_records

    with open_workspace(args) as store:
        records = batch_records(store)
    emit(records, args.json, lambda r: (
        f"Batch {r['id']}  {r['created_at']}  by {r['created_by']:14} {r['format']:5} {r['state']:11} "
        + ", ".join(f"{v} {c}" for c, v in r["totals"].items())
        + "".join(f"\n    {t['end_to_end_id']:16} {t['pay_on']} {t['vendor_name'][:28]:28} {t['amount']:>12} "
                  f"{t['currency']} {t['status']}" for t in r["transfers"])))
    return 0


def cmd_bank_import(args: argparse.Namespace) -> int:
    from bodesk.store.bank import import_statement

    with open_workspace(args) as store:
        result = import_statement(store, Path(args.file), by=acting_person(store, args.by))
    records = [r.to_json() for r in result.records]
    emit(records, args.json, lambda r: (
        f"{r['booking_date']} {r['amount']:>12} {r['currency']}  {r['outcome']:13} "
        + (f"invoice {', '.join(map(str, r['invoice_ids']))} by {r['matched_by']}" if r["invoice_ids"] else "")
        + (f"  {r['note']}" if r["note"] else "") + ("" if r["new"] else "  (imported before)")))
    if not args.json:
        new = sum(1 for r in records if r["new"])
        print(f"{len(records)} lines ({result.file_format}), {new} new; {len(result.paid_invoices)} invoices marked paid."
              if new else f"All {len(records)} lines were imported before; nothing changed.")
    return 0


def cmd_bank_lines(args: argparse.Namespace) -> int:
    from bodesk.store.bank import statement_lines

    with open_workspace(args) as store:
        records = statement_lines(store, open_only=args.open)
    emit(records, args.json, lambda r: (
        f"{r['booking_date']} {r['amount']:>12} {r['currency']}  {r['outcome']:13} {(r['counterparty'] or '')[:28]:28} "
        f"{r['note']}").rstrip())
    if not args.json and not records:
        print("No statement lines need a look." if args.open else "No bank statement has been imported yet.")
    return 0
