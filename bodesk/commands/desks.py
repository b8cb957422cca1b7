"""`bodesk db copy|connect`: moving a one-desk workspace onto the office's shared database, and
keeping that database's password in the OS keyring."""

from __future__ import annotations

import argparse
import sys


from bodesk.errors import BodeskError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("db", help="the office's shared database (several desks)")
    db = p.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    q = db.add_parser("copy", help="copy this workspace into an empty PostgreSQL database, documents and audit trail included")
    q.add_argument("--to", required=True, metavar="URL", help="postgresql://user@host:5432/database")
    q.set_defaults(handler=cmd_copy)
    q = db.add_parser("connect", help="test a shared database and keep its password in the OS keyring")
    q.add_argument("url", metavar="URL", help="postgresql://user@host:5432/database (the password is read from standard input)")
    q.set_defaults(handler=cmd_connect)
    q = db.add_parser("disconnect", help="open this desk's own workspace database again")
    q.set_defaults(handler=cmd_disconnect)


def cmd_copy(args: argparse.Namespace) -> int:
    from bodesk.paths import Workspace
    from bodesk.store.desks import copy_workspace

    if getattr(args, "db", None):
        raise BodeskError("bodesk db copy copies the workspace folder's own database; leave out --db.")
    source = Workspace.at(args.home)
    report = copy_workspace(source, args.to, progress=lambda t: print(t, file=sys.stderr, flush=True))
    print(report.sentence())
    if report.verified:
        print(f"The workspace in {source.root} is unchanged. Start bodesk with --db (or BODESK_DB) to use the copy.")
    return 0 if report.verified else 1


def cmd_connect(args: argparse.Namespace) -> int:
    from bodesk.store.connect import connect_office
    from bodesk.store.db import describe_url

    password = sys.stdin.readline().rstrip("\n") if not sys.stdin.isatty() else __import__("getpass").getpass()
    connect_office(args.home, args.url, password)
    print(f"Connected to {describe_url(args.url)}; the password is in the OS keyring. "
          "This desk opens that database from now on (`bodesk db disconnect` goes back to its own).")
    return 0




def cmd_disconnect(args: argparse.Namespace) -> int:
    from bodesk.paths import Workspace, remember_database

    remember_database(Workspace.at(args.home).root, None)
    print("This desk opens its own workspace database again.")
    return 0
