"""`bodesk mail setup|outbox|send|retry`: the account bodesk sends from, and its outbox."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bodesk.commands import emit, open_workspace
from bodesk.errors import BodeskError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from bodesk.mail.smtp import SECURITY

    p = sub.add_parser("mail", help="outgoing mail: the sending account and the outbox")
    mail = p.add_subparsers(dest="mail_command", metavar="ACTION", required=True)
    q = mail.add_parser("setup", help="the account bodesk sends from; the password is read from standard input")
    q.add_argument("--host", required=True)
    q.add_argument("--port", type=int, help="default: 465 for ssl, 587 for starttls, 25 for none")
    q.add_argument("--user", required=True, help="the login name; empty for a relay that needs no login")
    q.add_argument("--from", dest="sender", required=True, metavar="ADDR", help="the sender address, e.g. office@example.com")
    q.add_argument("--security", choices=SECURITY, default="starttls",
                   help="none sends the password unencrypted: only when you mean it")
    q.add_argument("--cafile", help="a certificate (PEM) to trust for this server, e.g. a self-signed one")
    q.add_argument("--no-test", action="store_true", help="do not try to log in before saving")
    q.add_argument("--by", default="bodesk", help="who sets it (for the audit trail)")
    q.set_defaults(handler=cmd_setup)
    q = mail.add_parser("outbox", help="the mails waiting, sent or refused")
    q.add_argument("--status", choices=("pending", "sending", "sent", "failed"))
    q.add_argument("--json", action="store_true", help="one JSON record per mail")
    q.set_defaults(handler=cmd_outbox)
    q = mail.add_parser("send", help="send what is waiting in the outbox now")
    q.add_argument("--json", action="store_true", help="one JSON record")
    q.set_defaults(handler=cmd_send)
    q = mail.add_parser("retry", help="queue again the mails the server refused")
    q.add_argument("--by", required=True, help="who asks (for the audit trail)")
    q.set_defaults(handler=cmd_retry)


def cmd_setup(args: argparse.Namespace) -> int:
    from bodesk.commands.intake import _read_secret
    from bodesk.mail.smtp import DEFAULT_PORTS, SmtpAccount, try_connection
    from bodesk.secrets import set_secret
    from bodesk.store.outbox import AccountRow, save_account

    if "@" not in args.sender:
        raise BodeskError(f"“{args.sender}” is not a mail address; give --from as e.g. office@example.com.")
    port = args.port or DEFAULT_PORTS[args.security]
    password = _read_secret(f"Password for {args.user}") if args.user else ""
    if args.user and not password:
        raise BodeskError("No password was given on standard input.")
    cafile = None
    if args.cafile:
        from pathlib import Path

        cafile = str(Path(args.cafile).resolve())
    account = SmtpAccount(args.host, port, args.user, args.sender, args.security, cafile)
    if not args.no_test:
        print(try_connection(account, password or None))  # a wrong setting is said now, and nothing is saved
    secret_ref = f"smtp:{args.user}@{args.host}:{port}"
    with open_workspace(args) as store:
        if password:
            set_secret(secret_ref, password)  # the keyring first: never an account without its password
        save_account(store, AccountRow(args.host, port, args.user, args.sender, args.security, cafile, secret_ref),
                     actor=args.by)
    print(f"Mail goes out as {args.sender} through {args.host}:{port} ({args.security})"
          + ("; the password is in the keyring." if password else "."))
    return 0


def _describe(rec: dict[str, Any]) -> str:
    text = f"{rec['id']:>5}  {rec['status']:8} {', '.join(rec['to'])}  {rec['subject']}"
    return text + (f"\n       {rec['last_error']}" if rec["last_error"] and rec["status"] != "sent" else "")


def cmd_outbox(args: argparse.Namespace) -> int:
    from bodesk.store.outbox import messages

    with open_workspace(args) as store:
        emit([m.to_json() for m in messages(store, args.status)], args.json, _describe)
    return 0


def cmd_send(args: argparse.Namespace) -> int:
    from bodesk.mail import deliver

    with open_workspace(args) as store:
        report = deliver(store)
    record = {"sent": len(report.sent), "failed": len(report.failed), "waiting": report.waiting, "error": report.error}
    emit([record], args.json, lambda _: report.sentence())
    for message, reason in report.failed:
        print(f"bodesk: mail {message.id} to {', '.join(message.recipients)}: {reason}", file=sys.stderr)
    return 1 if report.error or report.failed else 0


def cmd_retry(args: argparse.Namespace) -> int:
    from bodesk.store.outbox import retry_failed

    with open_workspace(args) as store:
        count = retry_failed(store, actor=args.by)
    print(f"{count} refused mail(s) queued again; bodesk mail send sends them.")
    return 0
