"""`bodesk sync` and `bodesk source add-folder|add-imap|list|remove`: intake sources without the window."""

from __future__ import annotations

import argparse
import getpass
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from bodesk.commands import emit, open_workspace, record_id
from bodesk.errors import BodeskError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("sync", help="run every intake source (watched folders, mail accounts) once, or keep running")
    p.add_argument("--once", action="store_true", help="check each source once, then stop")
    p.add_argument("--json", action="store_true", help="one JSON record per source check")
    p.set_defaults(handler=cmd_sync)

    p = sub.add_parser("source", help="intake sources: watched folders and mailboxes")
    src = p.add_subparsers(dest="source_command", metavar="ACTION", required=True)
    q = src.add_parser("add-folder", help="watch a folder")
    q.add_argument("folder", metavar="DIR")
    q.add_argument("--recursive", action="store_true", help="also take files in subfolders")
    q.add_argument("--after", choices=("keep", "move", "delete"), default="keep",
                   help="what happens to a file once it is safely stored (move: to its `processed` subfolder)")
    q.add_argument("--settle", type=float, default=3.0, metavar="SECONDS",
                   help="a file is taken once unchanged this long (default 3)")
    q.add_argument("--poll", type=float, default=30.0, metavar="SECONDS", help="look at the folder at least this often")
    q.set_defaults(handler=cmd_add_folder)

    q = src.add_parser("add-imap", help="add a mailbox; the password is read from standard input")
    q.add_argument("--host", required=True)
    q.add_argument("--port", type=int, help="default: 993 for ssl, 143 otherwise")
    q.add_argument("--user", required=True)
    q.add_argument("--security", choices=("ssl", "starttls", "none"), default="ssl",
                   help="none sends the password unencrypted: only when you mean it")
    q.add_argument("--folder", default="INBOX")
    q.add_argument("--after", default="seen", metavar="seen|move:FOLDER|flag", type=_after)
    q.add_argument("--from", dest="sender", default="", help="only mails whose sender contains this")
    q.add_argument("--subject", default="", help="only mails whose subject contains this")
    q.add_argument("--attachment", default="", help="only attachments whose name matches (e.g. '*.pdf')")
    q.add_argument("--poll", type=float, default=120.0, metavar="SECONDS", help="poll interval when IDLE is not offered")
    q.add_argument("--auth", choices=("password", "xoauth2"), default="password",
                   help="xoauth2: standard input holds an OAuth2 access token instead of a password")
    q.add_argument("--cafile", help="a certificate (PEM) to trust for this server, e.g. a self-signed one")
    q.add_argument("--no-test", action="store_true", help="do not try to log in before adding")
    q.set_defaults(handler=cmd_add_imap)

    q = src.add_parser("list", help="list the sources with their last check, counts and last error")
    q.add_argument("--json", action="store_true", help="one JSON record per line")
    q.set_defaults(handler=cmd_list)

    q = src.add_parser("remove", help="remove a source (its documents stay; its password leaves the keyring)")
    q.add_argument("id", type=record_id, metavar="ID")
    q.set_defaults(handler=cmd_remove)


def _after(text: str) -> str:
    if text in ("seen", "flag") or (text.startswith("move:") and len(text) > 5):
        return text
    raise argparse.ArgumentTypeError("use seen, flag, or move:FOLDER")


def cmd_sync(args: argparse.Namespace) -> int:
    from bodesk.ingest.pipeline import Importer
    from bodesk.ingest.sources import IntakeService
    from bodesk.jobs.pool import process_pool

    with open_workspace(args) as store:
        with process_pool() as pool:
            Importer(store, source_kind="folder", executor=pool).resume()  # what a crash left unread
            failed = False

            def report(r: Any) -> None:
                nonlocal failed
                if not r.checking and (args.once is False or r.error):
                    emit([r.to_json()], args.json, lambda _: r.sentence())
                failed |= bool(r.error)

            service = IntakeService(store, executor=pool, on_report=report)
            if args.once:
                from bodesk.store.reminders import finish_run, start_run

                run = start_run(store, "sync")
                said: list[str] = []
                try:
                    for r in service.sync_once():
                        said.append(r.sentence())
                        if not r.error:
                            emit([r.to_json()], args.json, lambda _: r.sentence())
                finally:
                    finish_run(store, run, " ".join(said) or "No intake source is set up.")
                return 1 if failed else 0
            stop = threading.Event()
            signal.signal(signal.SIGTERM, lambda *_: stop.set())
            try:
                service.run(stop.is_set)
            except KeyboardInterrupt:
                stop.set()
            return 0


def cmd_add_folder(args: argparse.Namespace) -> int:
    from bodesk.ingest import source_setup
    from bodesk.ingest.folders import FolderSettings

    folder = Path(args.folder).expanduser().resolve()
    if not folder.is_dir():
        raise BodeskError(f"{folder} is not a folder (or does not exist).")
    with open_workspace(args) as store:
        settings = FolderSettings(str(folder), args.recursive, args.after, args.settle, args.poll)
        info = source_setup.add_folder(store, settings)
    print(f"Added source {info.id}: folder {folder}{' and its subfolders' if args.recursive else ''}, "
          f"originals {dict(keep='kept', move='moved to processed/', delete='deleted')[args.after]}.")
    return 0


def _read_secret(what: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(f"{what}: ")
    return sys.stdin.readline().rstrip("\r\n")


def cmd_add_imap(args: argparse.Namespace) -> int:
    from bodesk.ingest import source_setup
    from bodesk.ingest.imap import MailboxSettings
    from bodesk.store.sources import imap_secret_ref

    port = args.port or (993 if args.security == "ssl" else 143)
    secret = _read_secret("Access token" if args.auth == "xoauth2" else f"Password for {args.user}")
    if not secret:
        raise BodeskError("No password was given on standard input.")
    settings = MailboxSettings(
        host=args.host, port=port, user=args.user, security=args.security, folder=args.folder, after=args.after,
        filters={"sender": args.sender, "subject": args.subject, "attachment": args.attachment},
        poll_seconds=args.poll, auth=args.auth, secret_ref=imap_secret_ref(args.user, args.host, port),
        cafile=str(Path(args.cafile).resolve()) if args.cafile else None,
    )
    if not args.no_test:
        # A mailbox that cannot be reached is not added: trying again after fixing a typo must not
        # leave a second, broken source behind.
        try:
            print(source_setup.test("imap", settings.to_json(), secret))
        except BodeskError as exc:
            print(f"bodesk: the mailbox was not added: the test connection failed: {exc} "
                  "Correct it and run the command again, or add it untested with --no-test.", file=sys.stderr)
            return 1
    with open_workspace(args) as store:
        info = source_setup.add_mailbox(store, settings, secret)
    print(f"Added source {info.id}: mailbox {settings.label}, folder {settings.folder}; the password is in the keyring.")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from bodesk.store.sources import list_sources

    with open_workspace(args) as store:
        emit([s.to_json() for s in list_sources(store)], args.json, _describe_source)
    return 0


def _describe_source(rec: dict[str, Any]) -> str:
    where = rec["settings"].get("path") or rec["name"]
    state = "enabled" if rec["enabled"] else "disabled"
    text = f"{rec['id']:>4}  {rec['kind']:6} {where}  ({state}; {rec['imported']} imported; last check {rec['last_check'] or 'never'})"
    return text + (f"\n      last error: {rec['last_error']}" if rec["last_error"] else "")


def cmd_remove(args: argparse.Namespace) -> int:
    from bodesk.ingest import source_setup

    with open_workspace(args) as store:
        info = source_setup.remove(store, args.id)
    print(f"Removed source {info.id} ({info.name}); its documents stay in the workspace.")
    return 0
