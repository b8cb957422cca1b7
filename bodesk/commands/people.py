"""`bodesk users add|list|remove|away|change|password`: the People page of Settings, headless.

The command line never asks a password (it is for the office's own scripts); `users password`
sets one from standard input, for the window's sign-in.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bodesk.commands import acting_person, emit, iso_day, open_workspace



def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("users", help="the office's people: roles, approval limits, managers, stand-ins")
    actions = p.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    roles = "office_manager, approver, founder, admin, it, staff (repeat or comma-separate for several)"

    q = actions.add_parser("add", help="add a person")
    q.add_argument("name")
    q.add_argument("--role", action="append", required=True, help=roles)
    q.add_argument("--limit", metavar="AMOUNT", help="approval limit in the office currency")
    q.add_argument("--email", metavar="E")
    q.add_argument("--manager", metavar="NAME")
    q.add_argument("--by", metavar="NAME", help="who adds them (default: your login)")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_add)

    q = actions.add_parser("change", help="change a person's roles, limit, email or manager")
    q.add_argument("name")
    q.add_argument("--role", action="append", help=roles + "; replaces their roles")
    q.add_argument("--limit", metavar="AMOUNT", help="approval limit in the office currency ('' for none)")
    q.add_argument("--email", metavar="E")
    q.add_argument("--manager", metavar="NAME", help="their manager ('' for none)")
    q.add_argument("--by", metavar="NAME", help="who changes it (default: your login)")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_change)

    q = actions.add_parser("list", help="the office's people")
    q.add_argument("--all", action="store_true", help="removed people too")
    q.add_argument("--json", action="store_true", help="one JSON record per person")
    q.set_defaults(handler=cmd_list)

    q = actions.add_parser("remove", help="remove a person (kept, inactive, for the audit trail)")
    q.add_argument("name")
    q.add_argument("--by", metavar="NAME", help="who removes them (default: your login)")
    q.set_defaults(handler=cmd_remove)

    q = actions.add_parser("away", help="a stand-in while someone is away (--back when they return)")
    q.add_argument("name")
    q.add_argument("--until", type=iso_day, metavar="D", help="last day away, YYYY-MM-DD")
    q.add_argument("--delegate", metavar="OTHER", help="who approves for them meanwhile")
    q.add_argument("--back", action="store_true", help="they are back: no longer away")
    q.add_argument("--by", metavar="NAME", help="who records it (default: your login)")
    q.set_defaults(handler=cmd_away)

    q = actions.add_parser("password", help="set a person's sign-in password for the window, read from standard input")
    q.add_argument("name")
    q.add_argument("--clear", action="store_true", help="remove their password")
    q.add_argument("--by", metavar="NAME", help="who sets it (default: your login)")
    q.set_defaults(handler=cmd_password)


def _describe(rec: dict[str, Any]) -> str:
    extra = [", ".join(rec["roles"])]
    if rec["limit"] is not None:
        extra.append(f"limit {rec['limit']}")
    if rec["manager"]:
        extra.append(f"manager {rec['manager']}")
    if rec["away_until"]:
        extra.append(f"away until {rec['away_until']} (stand-in {rec['delegate']})")
    if not rec["active"]:
        extra.append("removed")
    return f"{rec['name']:24} " + "; ".join(extra) + (f"  <{rec['email']}>" if rec["email"] else "")


def _currency(store: Any) -> str:
    return str(store.settings["office.currency"])


def cmd_add(args: argparse.Namespace) -> int:
    from bodesk.core.people import parse_limit, parse_roles
    from bodesk.store import people

    with open_workspace(args) as store:
        actor = acting_person(store, args.by)
        person = people.add(store, args.name, parse_roles(args.role), limit=parse_limit(args.limit, _currency(store)),
                            email=args.email, manager=args.manager, actor=actor)
    emit([person.to_json()], args.json, lambda r: f"Added {_describe(r)}")
    return 0


def cmd_change(args: argparse.Namespace) -> int:
    from bodesk.core.people import parse_limit, parse_roles
    from bodesk.store import people

    with open_workspace(args) as store:
        actor = acting_person(store, args.by)
        limit = "keep" if args.limit is None else parse_limit(args.limit, _currency(store))
        person = people.change(store, args.name, actor=actor, roles=parse_roles(args.role) if args.role else None,
                               limit=limit, email=args.email, manager=args.manager)
    emit([person.to_json()], args.json, lambda r: f"Changed {_describe(r)}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from bodesk.store import people

    with open_workspace(args) as store:
        everyone = people.people(store, include_removed=args.all)
    emit((p.to_json() for p in everyone), args.json, _describe)
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from bodesk.store import people

    with open_workspace(args) as store:
        person = people.remove(store, args.name, actor=acting_person(store, args.by))
    print(f"{person.name} was removed; their past actions stay in the audit trail.")
    return 0


def cmd_away(args: argparse.Namespace) -> int:
    from bodesk.errors import BodeskError
    from bodesk.store import people

    if not args.back and args.until is None:
        raise BodeskError("Give the last day away (--until YYYY-MM-DD), or --back when they have returned.")
    with open_workspace(args) as store:
        actor = acting_person(store, args.by)
        person = people.set_away(store, args.name, None if args.back else args.until, args.delegate, actor=actor)
    if person.away_until is None:
        print(f"{person.name} is back.")
    else:
        print(f"{person.name} is away until {person.away_until.isoformat()}; {person.delegate} stands in.")
    return 0


def cmd_password(args: argparse.Namespace) -> int:
    from bodesk.store import people

    password = None if args.clear else sys.stdin.readline().rstrip("\r\n")
    with open_workspace(args) as store:
        actor = acting_person(store, args.by)
        people.set_password(store, args.name, password, actor=actor)
    print(f"Password {'cleared' if args.clear else 'set'} for {args.name}.")
    return 0
