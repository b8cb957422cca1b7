"""`bodesk onboarding templates|start|list|done`: the Onboarding tab, headless."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from bodesk.commands import acting_person, emit, open_workspace, record_id
from bodesk.errors import BodeskError


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a date; write it as YYYY-MM-DD") from None


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("onboarding", help="checklists for people joining or leaving")
    ob = p.add_subparsers(dest="onboarding_command", metavar="ACTION", required=True)
    q = ob.add_parser("templates", help="the checklist templates by role")
    q.add_argument("--json", action="store_true", help="one JSON record per template")
    q.set_defaults(handler=cmd_templates)
    q = ob.add_parser("start", help="start a checklist for a person")
    q.add_argument("name")
    q.add_argument("--role", required=True, help="the template's role, e.g. “Office staff”")
    q.add_argument("--date", required=True, type=_day, help="first (or last) day, YYYY-MM-DD")
    q.add_argument("--offboarding", action="store_true", help="someone leaving rather than joining")
    q.add_argument("--by", metavar="NAME", help="who starts it (default: your login)")
    q.add_argument("--json", action="store_true", help="print the checklist as JSON")
    q.set_defaults(handler=cmd_start)
    q = ob.add_parser("list", help="people and their checklists")
    q.add_argument("--json", action="store_true", help="one JSON record per person")
    q.set_defaults(handler=cmd_list)
    q = ob.add_parser("done", help="tick a task (or untick it with --undo)")
    q.add_argument("task_id", type=record_id, metavar="TASK_ID")
    q.add_argument("--by", required=True, help="who did it")
    q.add_argument("--undo", action="store_true")
    q.set_defaults(handler=cmd_done)


def _hire_json(hire: Any) -> dict[str, Any]:
    return {
        "id": hire.id,
        "name": hire.name,
        "role": hire.role,
        "kind": hire.kind,
        "start_date": hire.start_date.isoformat(),
        "done": hire.done_count,
        "overdue": hire.overdue_count(),
        "tasks": [
            {
                "id": t.id,
                "title": t.title,
                "due_date": t.due_date.isoformat(),
                "owner": t.owner,
                "done_at": t.done_at.isoformat(timespec="seconds") if t.done_at else None,
                "done_by": t.done_by,
            }
            for t in hire.tasks
        ],
    }


def _describe_hire(rec: dict[str, Any]) -> str:
    lines = [f"{rec['name']} ({rec['role']}, {rec['kind']} {rec['start_date']}): {rec['done']} of {len(rec['tasks'])} done"]
    for t in rec["tasks"]:
        mark = "x" if t["done_at"] else " "
        lines.append(f"  [{mark}] {t['id']:>5}  {t['due_date']}  {t['title']}" + (f" ({t['owner']})" if t["owner"] else ""))
    return "\n".join(lines)


def cmd_templates(args: argparse.Namespace) -> int:
    from bodesk.store import onboarding

    with open_workspace(args) as store:
        onboarding.ensure_default_templates(store)
        specs = onboarding.templates(store)
    records = [
        {"id": t.id, "role": t.role, "kind": t.kind,
         "tasks": [{"title": k.title, "offset_days": k.offset_days, "owner": k.owner} for k in t.tasks]}
        for t in specs
    ]
    emit(records, args.json, lambda r: f"{r['role']} ({r['kind']}): {len(r['tasks'])} tasks")
    return 0


def cmd_start(args: argparse.Namespace) -> int:
    from bodesk.store import onboarding

    kind = onboarding.OFFBOARDING if args.offboarding else onboarding.ONBOARDING
    with open_workspace(args) as store:
        onboarding.ensure_default_templates(store)
        roles = [t.role for t in onboarding.templates(store, kind)]
        if args.role not in roles:
            raise BodeskError(f"There is no {kind} checklist for the role “{args.role}”; the roles are: {', '.join(roles)}.")
        hire = onboarding.start(store, args.name, args.role, args.date, kind, actor=acting_person(store, args.by))
    emit([_hire_json(hire)], args.json, _describe_hire)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from bodesk.store import onboarding

    with open_workspace(args) as store:
        people = onboarding.hires(store)
    emit([_hire_json(h) for h in people], args.json, _describe_hire)
    return 0


def cmd_done(args: argparse.Namespace) -> int:
    from bodesk.store import onboarding

    with open_workspace(args) as store:
        task = onboarding.set_done(store, args.task_id, not args.undo, actor=acting_person(store, args.by))
    print(f"Task {task.id} “{task.title}”: {'done' if task.done else 'not done'}")
    return 0
