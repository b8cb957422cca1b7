"""`bodesk onboarding …` and `bodesk certs …`: the Onboarding tab without the window."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from bodesk.commands import acting_person, emit, iso_day, open_workspace, record_id
from bodesk.errors import BodeskError, EnvironmentProblem, describe_os_error



def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("onboarding", help="checklists for people joining or leaving")
    ob = p.add_subparsers(dest="onboarding_command", metavar="ACTION", required=True)

    q = ob.add_parser("templates", help="the checklist templates by role; import or export them as JSON")
    q.add_argument("--json", action="store_true", help="one JSON record per template")
    q.set_defaults(handler=cmd_templates)
    tpl = q.add_subparsers(dest="templates_command", metavar="import|export")
    r = tpl.add_parser("import", help="create or replace templates from a JSON file (all or nothing)")
    r.add_argument("file", metavar="FILE.json")
    r.add_argument("--by", metavar="NAME", help="who imports them (default: your login)")
    r.set_defaults(handler=cmd_templates_import)
    r = tpl.add_parser("export", help="write a role's template as JSON")
    r.add_argument("role", metavar="ROLE")
    r.add_argument("--kind", choices=("onboarding", "offboarding"), default="onboarding")
    r.add_argument("--out", required=True, metavar="FILE.json")
    r.set_defaults(handler=cmd_templates_export)

    for name, helptext in (("start", "start the checklist of someone joining"),
                           ("offboard", "start the checklist of someone leaving")):
        q = ob.add_parser(name, help=helptext)
        q.add_argument("name")
        q.add_argument("--date", required=True, type=iso_day, help=("first" if name == "start" else "last") + " day, YYYY-MM-DD")
        q.add_argument("--role", required=name == "start",
                       help="the template's role, e.g. “Office staff”" + ("" if name == "start" else " (default: their onboarding role)"))
        q.add_argument("--email", help="the person's mail address (for invitations)")
        q.add_argument("--manager", metavar="NAME", help="their manager, one of the office's people")
        q.add_argument("--overdue", choices=("keep", "today"),
                       help="tasks that would already be due: keep their dates (shown overdue) or date them today")
        q.add_argument("--by", metavar="NAME", help="who starts it (default: your login)")
        q.add_argument("--json", action="store_true", help="print the checklist as JSON")
        q.set_defaults(handler=cmd_start, kind="onboarding" if name == "start" else "offboarding")
    # Kept for scripts written before `offboard`: `start --offboarding`.
    ob.choices["start"].add_argument("--offboarding", action="store_true", help=argparse.SUPPRESS)

    q = ob.add_parser("list", help="people and their checklists")
    q.add_argument("--mine", metavar="NAME", help="only tasks whose owner is NAME")
    q.add_argument("--json", action="store_true", help="one JSON record per person")
    q.set_defaults(handler=cmd_list)
    q = ob.add_parser("done", help="tick a task (or untick it with --undo)")
    q.add_argument("task_id", type=record_id, metavar="TASK_ID")
    q.add_argument("--by", required=True, metavar="NAME", help="who did it")
    q.add_argument("--undo", action="store_true")
    q.set_defaults(handler=cmd_done)
    q = ob.add_parser("move", help="move someone's day; every open task moves with it")
    q.add_argument("name")
    q.add_argument("--date", required=True, type=iso_day)
    q.add_argument("--by", metavar="NAME", help="who moves it (default: your login)")
    q.set_defaults(handler=cmd_move)
    q = ob.add_parser("note", help="write a note on a task")
    q.add_argument("task_id", type=record_id, metavar="TASK_ID")
    q.add_argument("--text", required=True)
    q.add_argument("--by", metavar="NAME")
    q.set_defaults(handler=cmd_note)
    q = ob.add_parser("attach", help="attach a document to a task (kept in the workspace)")
    q.add_argument("task_id", type=record_id, metavar="TASK_ID")
    q.add_argument("file", metavar="FILE")
    q.add_argument("--by", metavar="NAME")
    q.set_defaults(handler=cmd_attach)
    q = ob.add_parser("invites", help="the first-week meetings as an iCalendar file")
    q.add_argument("name")
    q.add_argument("--out", required=True, metavar="FILE.ics")
    q.set_defaults(handler=cmd_invites)

    p = sub.add_parser("certs", help="certificates and trainings with their expiry")
    cs = p.add_subparsers(dest="certs_command", metavar="ACTION", required=True)
    q = cs.add_parser("add", help="record a certificate or training")
    q.add_argument("person", metavar="PERSON")
    q.add_argument("--name", required=True, help="e.g. “First aid”")
    q.add_argument("--expires", type=iso_day, help="YYYY-MM-DD; leave out for one that does not expire")
    q.add_argument("--obtained", type=iso_day, help="YYYY-MM-DD")
    q.add_argument("--by", metavar="NAME")
    q.set_defaults(handler=cmd_certs_add)
    q = cs.add_parser("list", help="everyone's certificates: valid, expiring or expired")
    q.add_argument("--person")
    q.add_argument("--json", action="store_true", help="one JSON record per certificate")
    q.set_defaults(handler=cmd_certs_list)


def _task_json(t: Any) -> dict[str, Any]:
    return {
        "id": t.id, "title": t.title, "due_date": t.due_date.isoformat(), "owner": t.owner, "owner_role": t.owner_role,
        "category": t.category, "blocks_day_one": t.blocks_day_one,
        "meeting": {"time": t.meeting.time, "minutes": t.meeting.minutes} if t.meeting else None,
        "document": t.document, "note": t.note, "attachments": list(t.attachments),
        "done_at": t.done_at.isoformat(timespec="seconds") if t.done_at else None, "done_by": t.done_by,
        "overdue": t.overdue(),
    }


def _hire_json(hire: Any, mine: str | None = None) -> dict[str, Any]:
    from bodesk.core.people import name_key

    tasks = [t for t in hire.tasks if mine is None or name_key(t.owner or "") == name_key(mine)]
    return {
        "id": hire.id, "name": hire.name, "role": hire.role, "kind": hire.kind, "start_date": hire.start_date.isoformat(),
        "email": hire.email, "manager": hire.manager, "done": hire.done_count, "overdue": hire.overdue_count(),
        "tasks": [_task_json(t) for t in tasks],
    }


def _describe_hire(rec: dict[str, Any]) -> str:
    lines = [f"{rec['name']} ({rec['role']}, {rec['kind']} {rec['start_date']}"
             + (f", manager {rec['manager']}" if rec["manager"] else "") + f"): {rec['done']} done"
             + (f", {rec['overdue']} overdue" if rec["overdue"] else "")]
    for t in rec["tasks"]:
        mark = "x" if t["done_at"] else "!" if t["overdue"] else " "
        lines.append(f"  [{mark}] {t['id']:>5}  {t['due_date']}  {t['title']}" + (f" ({t['owner']})" if t["owner"] else ""))
    return "\n".join(lines)


def cmd_templates(args: argparse.Namespace) -> int:
    from bodesk.core.onboarding import template_to_json
    from bodesk.store import onboarding

    with open_workspace(args) as store:
        onboarding.ensure_default_templates(store)
        specs = onboarding.templates(store)
    emit([{"id": t.id, **template_to_json(t)} for t in specs], args.json,
         lambda r: f"{r['role']} ({r['kind']}): {len(r['tasks'])} tasks")
    return 0


def cmd_templates_import(args: argparse.Namespace) -> int:
    from bodesk.core.onboarding import templates_from_json
    from bodesk.store import onboarding
    from bodesk.store.people import people

    try:
        data = json.loads(Path(args.file).read_text(encoding="utf-8"))
    except OSError as exc:
        raise EnvironmentProblem(describe_os_error(exc, f"read {args.file}")) from exc
    except ValueError as exc:
        raise BodeskError(f"{args.file} is not valid JSON ({exc}).") from exc
    with open_workspace(args) as store:
        actor = acting_person(store, args.by)
        onboarding.ensure_default_templates(store)
        specs = templates_from_json(data, {p.name.casefold() for p in people(store)})
        onboarding.import_templates(store, specs, actor=actor)
    for s in specs:
        print(f"Imported the {s.kind} checklist for {s.role}: {len(s.tasks)} tasks.")
    return 0


def cmd_templates_export(args: argparse.Namespace) -> int:
    from bodesk.core.onboarding import template_to_json
    from bodesk.store import onboarding

    with open_workspace(args) as store:
        onboarding.ensure_default_templates(store)
        spec = onboarding.template(store, args.role, args.kind)
    _write(Path(args.out), (json.dumps(template_to_json(spec), indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    print(f"Wrote the {spec.kind} checklist for {spec.role} ({len(spec.tasks)} tasks) to {args.out}.")
    return 0


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise EnvironmentProblem(describe_os_error(exc, f"write {path}")) from exc


def _deliver(store: Any) -> None:
    """Send what the action queued, when a mail account is set; a problem is said, never fatal."""
    from bodesk.mail import deliver
    from bodesk.store.outbox import load_account

    if load_account(store) is None:
        return
    report = deliver(store)
    if report.error:
        print(f"bodesk: {report.error} The mail(s) wait in the outbox (bodesk mail send).", file=sys.stderr)


def cmd_start(args: argparse.Namespace) -> int:
    from bodesk.mail.notices import on_start
    from bodesk.store import onboarding

    kind = "offboarding" if getattr(args, "offboarding", False) else args.kind
    with open_workspace(args) as store:
        actor = acting_person(store, args.by)
        onboarding.ensure_default_templates(store)
        role = args.role or _leaver_role(store, args.name)
        preview = onboarding.plan(store, args.name, role, args.date, kind, manager=args.manager)
        if preview.past and args.overdue is None:
            titles = "; ".join(f"{t.spec.title} ({t.due.isoformat()})" for t in preview.past[:5])
            raise BodeskError(f"{len(preview.past)} task(s) would already be due: {titles}. Add --overdue keep to keep "
                              "their dates, or --overdue today to date them today. Nothing was created.")
        hire = onboarding.start(store, args.name, role, args.date, kind, actor=actor, email=args.email,
                                manager=args.manager, past=args.overdue or "keep")
        problems = on_start(store, hire)
        _deliver(store)
    for note in preview.owners.notes:
        print(note, file=sys.stderr)
    for problem in problems:
        print(f"bodesk: {problem}", file=sys.stderr)
    emit([_hire_json(hire)], args.json, _describe_hire)
    return 0


def _leaver_role(store: Any, name: str) -> str:
    from bodesk.store import onboarding

    try:
        return onboarding.find(store, name, "onboarding").role
    except BodeskError:
        roles = [t.role for t in onboarding.templates(store, "offboarding")]
        if len(roles) == 1:
            return roles[0]
        raise BodeskError(f"Say which offboarding checklist {name} needs with --role ({', '.join(roles)}).") from None


def cmd_list(args: argparse.Namespace) -> int:
    from bodesk.mail.notices import milestones
    from bodesk.store import onboarding

    with open_workspace(args) as store:
        if milestones(store):
            _deliver(store)
        people = onboarding.hires(store)
    records = [_hire_json(h, args.mine) for h in people]
    emit([r for r in records if r["tasks"] or not args.mine], args.json, _describe_hire)
    return 0


def cmd_done(args: argparse.Namespace) -> int:
    from bodesk.mail.notices import milestones
    from bodesk.store import onboarding

    with open_workspace(args) as store:
        actor = acting_person(store, args.by)
        task = onboarding.set_done(store, args.task_id, not args.undo, actor=actor)
        if milestones(store):
            _deliver(store)
    print(f"Task {task.id} “{task.title}”: {'done by ' + actor if task.done else 'not done'}.")
    return 0


def cmd_move(args: argparse.Namespace) -> int:
    from bodesk.store import onboarding

    with open_workspace(args) as store:
        hire = onboarding.move(store, args.name, args.date, actor=acting_person(store, args.by))
    print(f"{hire.name}'s day is now {hire.start_date.isoformat()}; open tasks moved with it.")
    return 0


def cmd_note(args: argparse.Namespace) -> int:
    from bodesk.store import onboarding

    with open_workspace(args) as store:
        task = onboarding.set_note(store, args.task_id, args.text, actor=acting_person(store, args.by))
    print(f"Task {task.id} “{task.title}”: note saved.")
    return 0


def cmd_attach(args: argparse.Namespace) -> int:
    from bodesk.store import onboarding

    with open_workspace(args) as store:
        task = onboarding.attach(store, args.task_id, Path(args.file), actor=acting_person(store, args.by))
    print(f"Task {task.id} “{task.title}”: {Path(args.file).name} attached ({len(task.attachments)} document(s)).")
    return 0


def cmd_invites(args: argparse.Namespace) -> int:
    from bodesk.mail.notices import first_week_meetings, invitations
    from bodesk.store import onboarding

    with open_workspace(args) as store:
        hire = onboarding.find(store, args.name, "onboarding")
        meetings = first_week_meetings(hire)
        if not meetings:
            raise BodeskError(f"{hire.name}'s checklist has no meetings in the first week.")
        data = invitations(store, hire)
    _write(Path(args.out), data)
    print(f"Wrote {len(meetings)} meeting(s) of {hire.name}'s first week to {args.out}.")
    return 0


def _warning_days(store: Any) -> int:
    return int(store.settings["onboarding.certificate_warning_days"])


def cmd_certs_add(args: argparse.Namespace) -> int:
    from bodesk.store import certificates

    with open_workspace(args) as store:
        row = certificates.add(store, args.person, args.name, expires=args.expires, obtained=args.obtained,
                               actor=acting_person(store, args.by))
    print(f"Recorded {row.person}'s {row.name}" + (f", valid until {row.expires.isoformat()}." if row.expires else "."))
    return 0


def cmd_certs_list(args: argparse.Namespace) -> int:
    from bodesk.store import certificates

    with open_workspace(args) as store:
        rows = certificates.certificates(store, warning_days=_warning_days(store), person=args.person)
    emit([r.to_json() for r in rows], args.json,
         lambda r: f"{r['status']:9} {r['expires'] or 'no expiry':10}  {r['person']}: {r['name']}"
                   + ("  (leaving)" if r["leaving"] else ""))
    return 0
