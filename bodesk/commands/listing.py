"""`bodesk invoices show ID`, `vendors list`, `po list`: what the workspace holds, as aligned tables
for a person or JSON Lines for a script (amounts as decimal strings, dates ISO)."""

from __future__ import annotations

import argparse
from decimal import Decimal
from typing import Any

from bodesk.commands import emit, open_workspace, print_table, record_id
from bodesk.core.formatting import iban as grouped_iban


def register_show(actions: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    q = actions.add_parser("show", help="one invoice with its fields, lines, exceptions, approvals, payments and history")
    q.add_argument("invoice_id", type=record_id, metavar="ID")
    q.add_argument("--json", action="store_true", help="one JSON record")
    q.set_defaults(handler=cmd_invoices_show)


def register_list(group: str, actions: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """`vendors list` or `po list`."""
    q = actions.add_parser("list", help=f"list the {'vendors' if group == 'vendors' else 'purchase orders'}")
    q.add_argument("--json", action="store_true", help="one JSON record per line")
    q.set_defaults(handler=cmd_vendors_list if group == "vendors" else cmd_po_list)


def cmd_invoices_show(args: argparse.Namespace) -> int:
    from bodesk.store.invoice_detail import invoice_detail

    with open_workspace(args) as store:
        rec = invoice_detail(store, args.invoice_id)
    if args.json:
        emit([rec], True, str)
        return 0
    _print_invoice(rec)
    return 0


def _print_invoice(rec: dict[str, Any]) -> None:
    title = " · ".join(str(x) for x in (f"Invoice #{rec['id']}", rec["vendor_name"] or "unknown vendor",
                                        rec["invoice_number"] or "no number", rec["status"]))
    print(title)
    fields = [
        ("Source", rec["source"]),
        ("Invoice date", rec["invoice_date"]), ("Due date", rec["due_date"]),
        ("Total", f"{rec['total']} {rec['currency'] or ''}".strip() if rec["total"] else None),
        ("Subtotal", rec["subtotal"]), ("Tax", rec["tax"]), ("PO number", rec["po_number"]),
        ("Vendor tax id", rec["vendor_tax_id"]), ("IBAN", grouped_iban(rec["iban"]) if rec["iban"] else None),
    ]
    booking = rec.get("booking")
    if booking:
        text = " · ".join(p for p in (booking["account"], booking["cost_centre"], booking["tax_code"]) if p)
        how = f"suggested, {booking['basis']}" if booking["suggested"] else (booking["basis"] or f"by {booking['set_by']}")
        text += f" ({how})" + "".join(f"; line {b['line']}: {b['account']}" for b in booking["lines"])
        fields.append(("Booking", text))
    fields.append(("Exported", ", ".join(f"{e['exported_at'][:10]} in export {e['export_id']} ({e['format']}, {e['file']})"
                                        for e in rec.get("exports", [])) or None))
    for label, value in fields:
        print(f"  {label:14}{value if value not in (None, '') else '—'}")
    sections = (
        ("Line items", rec["line_items"], [("description", "Description"), ("quantity", "Qty"),
                                           ("unit_price", "Unit price"), ("amount", "Amount")]),
        ("Exceptions", rec["exceptions"], [("id", "ID"), ("kind", "Kind"), ("status", "Status"),
                                           ("resolved_by", "Resolved by"), ("detail", "Detail")]),
        ("Approvals", rec["approvals"], [("step", "Step"), ("approver", "Approver"), ("on_behalf_of", "For"), ("at", "At")]),
        ("Payments", rec["payments"], [("batch_id", "Batch"), ("amount", "Amount"), ("currency", "Cur"),
                                       ("pay_on", "Pay on"), ("status", "Status"), ("paid_on", "Paid on")]),
        ("History", rec["history"], [("at", "At"), ("actor", "Who"), ("action", "What"), ("field", "Field"),
                                     ("old", "Old"), ("new", "New"), ("note", "Note")]),
    )
    for heading, rows, columns in sections:
        print()
        if not rows:
            print(f"{heading}: none")
            continue
        print(f"{heading}:")
        print_table(rows, columns, right=frozenset({"id", "quantity", "unit_price", "amount", "step", "batch_id"}))


def cmd_vendors_list(args: argparse.Namespace) -> int:
    from bodesk.store.vendors import list_vendors

    with open_workspace(args) as store:
        records = [
            {"id": v.id, "name": v.name, "tax_id": v.tax_id, "payment_terms_days": v.payment_terms_days,
             "default_approver": v.default_approver, "category": v.category, "verified": v.verified,
             "ibans": [{"iban": i, "trusted": t} for i, t in v.ibans], "aliases": list(v.aliases)}
            for v in list_vendors(store)
        ]
    if args.json:
        emit(records, True, str)
        return 0
    shown = [{**r, "verified": "yes" if r["verified"] else "no",
              "ibans": ", ".join(grouped_iban(i["iban"]) + ("" if i["trusted"] else " (not trusted)") for i in r["ibans"])}
             for r in records]
    print_table(shown, [("id", "ID"), ("name", "Name"), ("tax_id", "Tax id"), ("ibans", "IBAN"),
                        ("payment_terms_days", "Terms (days)"), ("default_approver", "Approver"), ("verified", "Verified")],
                right=frozenset({"id", "payment_terms_days"}), widest=48)
    return 0


def cmd_po_list(args: argparse.Namespace) -> int:
    from bodesk.store.purchasing import list_orders

    with open_workspace(args) as store:
        records = []
        for o in list_orders(store):
            lines = o.order.lines
            value = sum((ln.quantity * ln.unit_price for ln in lines), Decimal(0))
            records.append({
                "id": o.id, "po_number": o.po_number, "vendor_name": o.vendor_name, "currency": o.currency,
                "ordered_at": o.ordered_at.isoformat() if o.ordered_at else None, "lines": len(lines),
                "value": format(value.quantize(Decimal("0.01")), "f"),
            })
    if args.json:
        emit(records, True, str)
        return 0
    print_table(records, [("id", "ID"), ("po_number", "PO number"), ("vendor_name", "Vendor"), ("ordered_at", "Ordered"),
                          ("lines", "Lines"), ("value", "Value"), ("currency", "Cur")],
                right=frozenset({"id", "lines", "value"}))
    return 0
