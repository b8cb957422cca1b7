"""`bodesk vendors import`, `po import`, `receipts import`, `exceptions list`, `approve`, `reject`,
`audit export`: the headless twins of the AP decisions in the window."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bodesk.commands import acting_person, emit, open_workspace, print_table, record_id


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    for group, help_text, handler in (
        ("vendors", "vendors: import a CSV (name,tax_id,iban,payment_terms_days)", cmd_vendors_import),
        ("po", "purchase orders: import a CSV (po_number,vendor_name,line_no,description,quantity,unit_price,currency[,ordered_at])", cmd_po_import),
        ("receipts", "goods receipts: import a CSV (po_number,line_no,quantity_received,received_at)", cmd_receipts_import),
    ):
        p = sub.add_parser(group, help=help_text)
        actions = p.add_subparsers(dest=f"{group}_command", metavar="ACTION", required=True)
        q = actions.add_parser("import", help="import a CSV file; one record per row")
        q.add_argument("csv", metavar="CSV")
        q.add_argument("--by", default=None, metavar="NAME", help="who imports (default: your login)")
        q.add_argument("--json", action="store_true", help="one JSON record per line")
        q.set_defaults(handler=handler)
        if group in ("vendors", "po"):
            from bodesk.commands.listing import register_list

            register_list(group, actions)
        if group == "vendors":
            from bodesk.commands.learning import register_vendor_actions

            register_vendor_actions(actions)

    p = sub.add_parser("exceptions", help="exceptions: invoices that need a person's eye")
    actions = p.add_subparsers(dest="exceptions_command", metavar="ACTION", required=True)
    q = actions.add_parser("list", help="list exceptions")
    q.add_argument("--open", action="store_true", help="only the open ones")
    q.add_argument("--json", action="store_true", help="one JSON record per line")
    q.set_defaults(handler=cmd_exceptions_list)
    q = actions.add_parser("resolve", help="close an exception with a reason (and re-run the invoice's checks)")
    q.add_argument("exception_ids", type=record_id, nargs="+", metavar="ID")
    q.add_argument("--by", required=True, metavar="NAME")
    q.add_argument("--reason", required=True, metavar="T")
    q.add_argument("--action", default="accept", help="accept (default), reject, update_po, trust_bank, verify_vendor")
    q.set_defaults(handler=cmd_exceptions_resolve)
    q = actions.add_parser("assign", help="give exceptions to a person (--to '' to unassign)")
    q.add_argument("exception_ids", type=record_id, nargs="+", metavar="ID")
    q.add_argument("--to", required=True, metavar="NAME")
    q.add_argument("--by", required=True, metavar="NAME")
    q.set_defaults(handler=cmd_exceptions_assign)
    q = actions.add_parser("comment", help="add a comment to an exception")
    q.add_argument("exception_id", type=record_id, metavar="ID")
    q.add_argument("--by", required=True, metavar="NAME")
    q.add_argument("--text", required=True, metavar="T")
    q.set_defaults(handler=cmd_exceptions_comment)

    p = sub.add_parser("approve", help="approve an invoice for payment")
    p.add_argument("invoice_id", type=record_id, metavar="ID")
    p.add_argument("--by", required=True, metavar="NAME")
    p.add_argument("--note", metavar="T")
    p.set_defaults(handler=cmd_approve)

    p = sub.add_parser("reject", help="reject an invoice, with a note saying why")
    p.add_argument("invoice_id", type=record_id, metavar="ID")
    p.add_argument("--by", required=True, metavar="NAME")
    p.add_argument("--note", required=True, metavar="T")
    p.set_defaults(handler=cmd_reject)

    p = sub.add_parser("audit", help="the audit trail")
    actions = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    q = actions.add_parser("export", help="write the audit trail (or one invoice's history) to a CSV file")
    q.add_argument("--out", required=True, metavar="FILE")
    q.add_argument("--invoice", type=record_id, metavar="ID", help="only this invoice's history")
    q.set_defaults(handler=cmd_audit_export)
    q = actions.add_parser("verify", help="check the audit trail's hash chain: no entry edited or deleted")
    q.set_defaults(handler=cmd_audit_verify)


def _import(args: argparse.Namespace, importer: Any) -> int:
    with open_workspace(args) as store:  # invoices waiting for these go on by themselves (store/rechecking.py)
        results = importer(store, Path(args.csv), actor=acting_person(store, args.by))
        emit((r.to_json() for r in results), args.json,
             lambda r: f"row {r['row']} {r['key']}: {r['status']}" + "".join(f"\n  {e}" for e in [*r["errors"], *r.get("notes", [])]))
    return 1 if any(r.failed for r in results) else 0


def cmd_vendors_import(args: argparse.Namespace) -> int:
    from bodesk.store.vendors import import_vendors

    return _import(args, import_vendors)


def cmd_po_import(args: argparse.Namespace) -> int:
    from bodesk.store.purchasing import import_orders

    return _import(args, import_orders)


def cmd_receipts_import(args: argparse.Namespace) -> int:
    from bodesk.store.purchasing import import_receipts

    return _import(args, import_receipts)


def cmd_exceptions_list(args: argparse.Namespace) -> int:
    from bodesk.store.exceptions import exception_records

    with open_workspace(args) as store:
        records = exception_records(store, open_only=args.open)
    if args.json:
        emit(records, True, str)
    else:
        print_table(records, [("id", "ID"), ("invoice_id", "Invoice"), ("kind", "Kind"), ("status", "Status"),
                              ("created_at", "Raised"), ("detail", "What needs checking")],
                    right=frozenset({"id", "invoice_id"}), widest=90)
    return 0


def cmd_exceptions_resolve(args: argparse.Namespace) -> int:
    from bodesk.store.exceptions import resolve_many

    with open_workspace(args) as store:
        rows, problems = resolve_many(store, args.exception_ids, args.reason, acting_person(store, args.by), args.action)
    for row in rows:
        print(f"Exception {row.id} ({row.kind}): {row.status}")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def cmd_exceptions_assign(args: argparse.Namespace) -> int:
    from bodesk.store.exceptions import assign

    with open_workspace(args) as store:
        assign(store, args.exception_ids, acting_person(store, args.to) if args.to else None, actor=acting_person(store, args.by))
    print(f"Assigned {len(args.exception_ids)} exception(s) to {args.to or 'nobody'}.")
    return 0


def cmd_exceptions_comment(args: argparse.Namespace) -> int:
    from bodesk.store.exceptions import comment

    with open_workspace(args) as store:
        comment(store, args.exception_id, args.text, actor=acting_person(store, args.by))
    print(f"Comment added to exception {args.exception_id}.")
    return 0


def cmd_approve(args: argparse.Namespace) -> int:
    return _decide(args, approve=True)


def cmd_reject(args: argparse.Namespace) -> int:
    return _decide(args, approve=False)


def _decide(args: argparse.Namespace, *, approve: bool) -> int:
    from bodesk.store import approvals

    decide = approvals.approve if approve else approvals.reject
    with open_workspace(args) as store:
        status = decide(store, args.invoice_id, by=acting_person(store, args.by), note=args.note)
    print(f"Invoice {args.invoice_id}: {status}")
    return 0


def cmd_audit_export(args: argparse.Namespace) -> int:
    from bodesk.store.audit import export_csv

    with open_workspace(args) as store:
        count = export_csv(store, Path(args.out), invoice_id=args.invoice)
    print(f"Wrote {count} audit entries to {args.out}")
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from bodesk.store.audit_chain import verify

    with open_workspace(args) as store, store.engine.connect() as conn:
        verdict = verify(conn)
    if verdict.intact:
        print(f"The audit trail is intact: {verdict.checked} entries, each sealed to the one before.")
        return 0
    print(verdict.problem, file=sys.stderr)
    return 1
