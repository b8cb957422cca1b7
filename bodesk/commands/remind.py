"""`bodesk remind` (what is due, one digest per person) and `bodesk service install|remove|status`
(sync and remind on the operating system's schedule when the window is closed)."""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from typing import Any

from bodesk.commands import emit, open_workspace

REPEAT_MINUTES = 60


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("remind", help="mail what is due to the people concerned, one digest each")
    p.add_argument("--once", action="store_true", help="run once and stop (as the scheduler does)")
    p.add_argument("--dry-run", action="store_true", help="say what would be sent; send and record nothing")
    p.add_argument("--json", action="store_true", help="one JSON record per reminder")
    p.set_defaults(handler=cmd_remind)
    p = sub.add_parser("service", help="run sync and remind on a schedule when the window is closed")
    sv = p.add_subparsers(dest="service_command", metavar="ACTION", required=True)
    for name, text in (("install", "register with the operating system's scheduler"),
                       ("remove", "unregister"), ("status", "whether it is scheduled, and what each last run did")):
        q = sv.add_parser(name, help=text)
        q.set_defaults(handler=cmd_service)


def _describe(record: dict[str, Any]) -> str:
    flag = "" if record["level"] == "notice" else f" [{record['level']}]"
    return f"{record['to']}{flag}: {record['text']}"


def _remind_once(store: Any, args: argparse.Namespace) -> int:
    from bodesk.locks import try_lock
    from bodesk.mail import deliver
    from bodesk.mail.notices import milestones
    from bodesk.store.reminders import finish_run, remind, start_run

    with try_lock(store.workspace.locks / "remind.lock") as mine:
        if not mine:
            print("bodesk: reminders are being sent by another bodesk right now; nothing done.", file=sys.stderr)
            return 0
        if args.dry_run:
            report = remind(store, dry_run=True)
            emit([r.to_json() for r in report.due], args.json, _describe)
            if not args.json:
                print(f"(dry run: nothing sent) {report.sentence()}")
            return 0
        run = start_run(store, "remind")
        outcome = "stopped by an error; see the log"
        try:
            report = remind(store)
            emit([r.to_json() for r in report.due], args.json, _describe)
            milestones(store)  # the managers' onboarding notices (day one ready, first week over), each once
            delivery = deliver(store)
            outcome = f"{report.sentence()} {delivery.sentence()}"
        finally:
            finish_run(store, run, outcome)
        if not args.json:
            print(outcome)
        if delivery.error:
            print(f"bodesk: {delivery.error} The reminders stay in the outbox for the next run.", file=sys.stderr)
            return 1
        return 0


def cmd_remind(args: argparse.Namespace) -> int:
    with open_workspace(args) as store:
        if args.once or args.dry_run:
            return _remind_once(store, args)
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        status = 0
        try:
            while not stop.is_set():
                status = _remind_once(store, args)
                stop.wait(REPEAT_MINUTES * 60)
        except KeyboardInterrupt:
            pass
        return status


def cmd_service(args: argparse.Namespace) -> int:
    from bodesk import service
    from bodesk.core.formatting import default
    from bodesk.store.reminders import last_runs

    with open_workspace(args) as store:
        home = store.workspace.root
        if args.service_command == "install":
            lines = service.install(home)
        elif args.service_command == "remove":
            lines = service.remove(home)
        else:
            fmt = default()
            lines = ["bodesk is scheduled for this workspace." if service.installed(home)
                     else "bodesk is not scheduled (`bodesk service install` schedules it)."]
            runs = last_runs(store)
            for task in service.SCHEDULE:
                if task not in runs:
                    lines.append(f"{task}: has not run yet.")
                    continue
                started, finished, outcome = runs[task]
                when = fmt.datetime(started)
                if finished is None:
                    lines.append(f"{task}: started {when} and has not finished (running, or stopped by a crash).")
                else:
                    lines.append(f"{task}: last ran {when}. {outcome or ''}".rstrip())
    for line in lines:
        print(line)
    return 0


