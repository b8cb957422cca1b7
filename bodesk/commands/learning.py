"""`bodesk vendors learned NAME [--json] [--reset]`: what corrections taught bodesk about a vendor."""

from __future__ import annotations

import argparse
from typing import Any

from bodesk.commands import acting_person, emit, open_workspace


def register_vendor_actions(actions: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `learned` to the `vendors` command group."""
    q = actions.add_parser("learned", help="what bodesk has learned from corrections on a vendor's invoices")
    q.add_argument("name", metavar="NAME", help="the vendor's name as corrected")
    q.add_argument("--reset", action="store_true", help="forget it: the vendor's next invoices are read afresh")
    q.add_argument("--by", default=None, metavar="NAME", help="who resets (default: your login)")
    q.add_argument("--json", action="store_true", help="one JSON record per line")
    q.set_defaults(handler=cmd_vendors_learned)


def cmd_vendors_learned(args: argparse.Namespace) -> int:
    from bodesk.store.learning import learned, reset

    with open_workspace(args) as store:
        if args.reset:
            dropped = reset(store, args.name, actor=acting_person(store, args.by))
            emit([{"vendor": args.name, "forgotten": dropped}], args.json,
                 lambda r: f"Forgot {r['forgotten']} lesson(s) about {r['vendor']}.")
            return 0
        rows = [r.to_json() for r in learned(store, args.name)]
        if not rows and not args.json:
            print(f"bodesk has learned nothing about {args.name} yet: corrections on its invoices teach it.")
        emit(rows, args.json, _describe)
    return 0


def _describe(rec: dict[str, Any]) -> str:
    return f"{rec['field']:15} {rec['value'] or '':24} {rec['how']} (invoice {rec['invoice_id']}, {rec['by']})"
