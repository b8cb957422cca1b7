"""Onboarding and offboarding checklists in the database: people with their dated tasks (the
templates they start from are in `onboarding_templates`).

Starting a checklist turns each template task into a dated `OnboardingTask` (start date + offset
days, off weekends) whose owner is a person: the role words of the template (manager, it,
office_manager, hire) are resolved against the office's people when it starts. Every change is
in the audit trail. The rules themselves (JSON form, owners, dates) are in `bodesk.core.onboarding`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bodesk.core.onboarding import (
    KINDS, OFFBOARDING, ONBOARDING, Meeting, Owners, TaskSpec, TemplateSpec, due_date, owners_for,
)
from bodesk.core.onboarding_defaults import DEFAULT_TEMPLATES
from bodesk.core.people import Role, name_key
from bodesk.core.vocabulary import AuditAction
from bodesk.errors import BodeskError
from bodesk.store import Store, audit
from bodesk.store.onboarding_templates import (  # the templates' half, named here for callers of this module
    _find_template,
    _template_spec,
    copy_template,
    create_template,
    delete_template,
    ensure_default_templates,
    import_templates,
    save_template,
    template,
    templates,
)
from bodesk.store.people import people_in
from bodesk.store.schema import Hire, OnboardingTask
from bodesk.store.schema_onboarding import TaskAttachment

__all__ = [
    "DEFAULT_TEMPLATES", "KINDS", "OFFBOARDING", "ONBOARDING", "HireRow", "Plan", "TaskRow", "TaskSpec",
    "TemplateSpec", "copy_template", "create_template", "delete_template", "due_date", "ensure_default_templates",
    "hires", "import_templates", "plan", "save_template", "start", "template", "templates",
]


@dataclass(frozen=True)
class TaskRow:
    """A dated task of one person's checklist, detached from the database."""

    id: int
    title: str
    due_date: date
    owner: str | None  # the person
    done_at: datetime | None
    done_by: str | None
    owner_role: str | None = None  # what the template said (manager, it, …)
    category: str | None = None
    blocks_day_one: bool = False
    meeting: Meeting | None = None
    document: str | None = None
    certificate: str | None = None
    valid_months: int | None = None
    note: str | None = None
    attachments: tuple[str, ...] = ()

    @property
    def done(self) -> bool:
        return self.done_at is not None

    def overdue(self, today: date | None = None) -> bool:
        return not self.done and self.due_date < (today or date.today())


@dataclass(frozen=True)
class HireRow:
    """A person joining or leaving, with their checklist in due-date order."""

    id: int
    name: str
    role: str
    kind: str
    start_date: date
    tasks: tuple[TaskRow, ...]
    email: str | None = None
    manager: str | None = None

    @property
    def done_count(self) -> int:
        return sum(1 for t in self.tasks if t.done)

    @property
    def finished(self) -> bool:
        return all(t.done for t in self.tasks)

    @property
    def day_one_ready(self) -> bool:
        blockers = [t for t in self.tasks if t.blocks_day_one]
        return bool(blockers) and all(t.done for t in blockers)

    def overdue_count(self, today: date | None = None) -> int:
        return sum(1 for t in self.tasks if t.overdue(today))


# -- starting a checklist ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedTask:
    spec: TaskSpec
    due: date
    owner: str | None


@dataclass(frozen=True)
class Plan:
    """What starting a checklist would create: dated tasks with their people, and what is already past."""

    name: str
    role: str
    kind: str
    day: date
    owners: Owners
    tasks: tuple[PlannedTask, ...]
    today: date

    @property
    def past(self) -> tuple[PlannedTask, ...]:
        return tuple(t for t in self.tasks if t.due < self.today)


def _owners(session: Session, name: str, manager: str | None) -> Owners:
    everyone = people_in(session)
    by_key = {p.key: p for p in everyone}
    boss = None
    if manager and manager.strip():
        person = by_key.get(name_key(manager))
        if person is None:
            raise BodeskError(f"The manager “{manager.strip()}” is not one of the office's people; add them with bodesk users add.")
        boss = person.name
    elif name_key(name) in by_key and by_key[name_key(name)].manager:
        boss = by_key[name_key(name)].manager
    with_role = lambda role: [p.name for p in everyone if p.has(role)]  # noqa: E731
    return owners_for(name, boss, with_role(Role.IT), with_role(Role.OFFICE_MANAGER), with_role(Role.FOUNDER))


def _plan(session: Session, name: str, role: str, day: date, kind: str, manager: str | None, today: date) -> Plan:
    name = name.strip()
    if not name:
        raise BodeskError("Give the name of the person joining or leaving.")
    spec = _template_spec(_find_template(session, role, kind))
    owners = _owners(session, name, manager)
    tasks = tuple(PlannedTask(t, due_date(day, t.offset_days), owners.person(t.owner)) for t in spec.tasks)
    return Plan(name, spec.role, kind, day, owners, tuple(sorted(tasks, key=lambda t: t.due)), today)


def plan(store: Store, name: str, role: str, day: date, kind: str = ONBOARDING, *, manager: str | None = None,
         today: date | None = None) -> Plan:
    """What `start` would create, for the window to show before anything is stored."""
    with store.session() as session:
        return _plan(session, name, role, day, kind, manager, today or date.today())


def start(
    store: Store, name: str, role: str, start_date: date, kind: str = ONBOARDING, *, actor: str = audit.SYSTEM_ACTOR,
    email: str | None = None, manager: str | None = None, past: str = "keep", today: date | None = None,
) -> HireRow:
    """Start the `role` checklist for a person whose first (or last) day is `start_date`.
    `past`: "keep" leaves tasks that would already be due on their dates (overdue), "today" dates them today."""
    if past not in ("keep", "today"):
        raise BodeskError("Say what happens to tasks already due: keep their dates, or date them today.")
    today = today or date.today()
    email = (email or "").strip() or None
    if email and "@" not in email:
        raise BodeskError(f"“{email}” is not a mail address.")
    with store.session() as session:
        p = _plan(session, name, role, start_date, kind, manager, today)
        for other in session.scalars(select(Hire).where(Hire.kind == kind)):
            if name_key(other.name) == name_key(p.name):
                raise BodeskError(f"{other.name} already has an {kind} checklist ({other.role}, "
                                  f"{other.start_date.isoformat()}); move its date instead of starting another.")
        hire = Hire(name=p.name, role=p.role, kind=kind, start_date=start_date, created_at=datetime.now(),
                    email=email, manager=p.owners.manager)
        hire.tasks = [
            OnboardingTask(
                title=t.spec.title, due_date=max(t.due, today) if past == "today" else t.due, owner=t.owner,
                owner_role=t.spec.owner, category=t.spec.category, blocks_day_one=t.spec.blocks_day_one,
                meeting_time=t.spec.meeting.time if t.spec.meeting else None,
                meeting_minutes=t.spec.meeting.minutes if t.spec.meeting else None, document=t.spec.document,
                certificate=t.spec.certificate, valid_months=t.spec.valid_months,
            )
            for t in p.tasks
        ]
        session.add(hire)
        session.flush()
        note = f"{p.name}, {p.role}, {'last' if kind == OFFBOARDING else 'first'} day {start_date.isoformat()}"
        if p.past:
            note += f"; {len(p.past)} task(s) already due " + ("dated today" if past == "today" else "kept overdue")
        audit.record(session, actor=actor, action=AuditAction.STARTED, entity="hire", entity_id=hire.id, new=kind, note=note)
        return _hire_row(hire)


def move(store: Store, name: str, new_date: date, *, actor: str, kind: str | None = None) -> HireRow:
    """Move a person's day; every open task moves with it (done ones keep their dates)."""
    with store.session() as session:
        hire = _find_hire(session, name, kind)
        old = hire.start_date
        for task in hire.tasks:
            if task.done_at is None:
                task.due_date = due_date(new_date, (task.due_date - old).days)
        hire.start_date = new_date
        audit.record(session, actor=actor, action=AuditAction.MOVED, entity="hire", entity_id=hire.id, field="start_date",
                     old=old, new=new_date, note=hire.name)
        session.flush()
        return _hire_row(hire)


def _find_hire(session: Session, name: str, kind: str | None) -> Hire:
    stmt = select(Hire).options(selectinload(Hire.tasks)).order_by(Hire.start_date.desc())
    found = [h for h in session.scalars(stmt) if name_key(h.name) == name_key(name) and (kind is None or h.kind == kind)]
    if not found:
        raise BodeskError(f"Nobody called “{name.strip()}” has a checklist.")
    open_ones = [h for h in found if any(t.done_at is None for t in h.tasks)]
    return (open_ones or found)[0]


def _hire_row(hire: Hire, attachments: dict[int, list[str]] | None = None) -> HireRow:
    tasks = sorted(hire.tasks, key=lambda t: (t.due_date, t.id))
    return HireRow(hire.id, hire.name, hire.role, hire.kind, hire.start_date,
                   tuple(_task_row(t, (attachments or {}).get(t.id, [])) for t in tasks), hire.email, hire.manager)


def _task_row(t: OnboardingTask, attachments: list[str] = ()) -> TaskRow:  # type: ignore[assignment]
    meeting = Meeting(t.meeting_time, t.meeting_minutes) if t.meeting_time and t.meeting_minutes else None
    return TaskRow(t.id, t.title, t.due_date, t.owner, t.done_at, t.done_by, t.owner_role, t.category,
                   bool(t.blocks_day_one), meeting, t.document, t.certificate, t.valid_months, t.note, tuple(attachments))


def _attachments(session: Session) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for a in session.scalars(select(TaskAttachment).order_by(TaskAttachment.id)):
        out.setdefault(a.task_id, []).append(a.original_name)
    return out


def hires(store: Store) -> list[HireRow]:
    """Everyone with a checklist: unfinished ones first, by start date; then finished ones, latest first."""
    stmt = select(Hire).options(selectinload(Hire.tasks)).order_by(Hire.start_date, Hire.id)
    with store.session() as session:
        files = _attachments(session)
        rows = [_hire_row(h, files) for h in session.scalars(stmt)]
    return [r for r in rows if not r.finished] + [r for r in reversed(rows) if r.finished]


def hire(store: Store, hire_id: int) -> HireRow:
    with store.session() as session:
        row = session.get(Hire, hire_id)
        if row is None:
            raise BodeskError(f"Checklist {hire_id} no longer exists.")
        return _hire_row(row, _attachments(session))


def find(store: Store, name: str, kind: str | None = None) -> HireRow:
    with store.session() as session:
        return _hire_row(_find_hire(session, name, kind), _attachments(session))


# -- working through a checklist ------------------------------------------------------------------


def set_done(store: Store, task_id: int, done: bool, *, actor: str, when: datetime | None = None) -> TaskRow:
    """Tick a task done (recording who and when) or undone; a training's completion records its certificate."""
    from bodesk.store import certificates

    if not actor.strip():
        raise BodeskError("Ticking a task needs the name of the person doing it.")
    with store.session() as session:
        task = session.get(OnboardingTask, task_id)
        if task is None:
            raise BodeskError(f"Task {task_id} no longer exists.")
        if (task.done_at is not None) != done:
            old = task.done_at
            task.done_at = (when or datetime.now()) if done else None
            task.done_by = actor if done else None
            audit.record(
                session, actor=actor, action=AuditAction.DONE if done else AuditAction.UNDONE, entity="onboarding_task",
                entity_id=task.id, field="done_at", old=old, new=task.done_at, note=task.title,
            )
            if task.certificate:
                certificates.record_training(session, task, done, actor=actor)
        return _task_row(task)


def set_note(store: Store, task_id: int, note: str, *, actor: str) -> TaskRow:
    with store.session() as session:
        task = _task(session, task_id)
        old, task.note = task.note, note.strip() or None
        if old != task.note:
            audit.record(session, actor=actor, action=AuditAction.NOTE, entity="onboarding_task", entity_id=task.id,
                         field="note", old=old, new=task.note, note=task.title)
        return _task_row(task)


def attach(store: Store, task_id: int, path, *, actor: str) -> TaskRow:  # type: ignore[no-untyped-def]
    """Keep a copy of the file at `path` in the document store and attach it to the task."""
    from pathlib import Path

    from bodesk.ingest.docstore import DocumentStore

    path = Path(path)
    if not path.is_file():
        raise BodeskError(f"{path} is not a file (or does not exist).")
    with store.session() as session:
        _task(session, task_id)
    stored = DocumentStore(store.workspace.documents).put(path)
    with store.session() as session:
        task = _task(session, task_id)
        session.add(TaskAttachment(task_id=task.id, original_name=path.name, stored_path=stored.relative_path,
                                   sha256=stored.sha256, size=stored.size, added_at=datetime.now(), added_by=actor))
        audit.record(session, actor=actor, action=AuditAction.ATTACHED, entity="onboarding_task", entity_id=task.id,
                     new=path.name, note=f"{task.title} ({stored.sha256[:12]})")
        session.flush()
        return _task_row(task, [a.original_name for a in session.scalars(
            select(TaskAttachment).where(TaskAttachment.task_id == task.id).order_by(TaskAttachment.id))])


def attachment_paths(store: Store, task_id: int) -> list[tuple[str, str]]:
    """(file name, stored path relative to the document store) of a task's attachments."""
    with store.session() as session:
        return [(a.original_name, a.stored_path) for a in session.scalars(
            select(TaskAttachment).where(TaskAttachment.task_id == task_id).order_by(TaskAttachment.id))]


def _task(session: Session, task_id: int) -> OnboardingTask:
    task = session.get(OnboardingTask, task_id)
    if task is None:
        raise BodeskError(f"Task {task_id} no longer exists.")
    return task

