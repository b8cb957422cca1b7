"""Onboarding and offboarding checklists: templates per role, hires with their dated tasks.

A template says what has to happen around someone's first (or last) day and who does it; starting
a checklist for a person turns each task into a dated `OnboardingTask` (start date + offset days,
so -7 is a week before; a task never falls due on a weekend). Ticking a task done or undone records
who and when, in the audit trail too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bodesk.core.vocabulary import AuditAction
from bodesk.errors import BodeskError
from bodesk.store import Store, audit
from bodesk.store.schema import Hire, OnboardingTask, OnboardingTemplate, OnboardingTemplateTask

ONBOARDING = "onboarding"
OFFBOARDING = "offboarding"
KINDS = (ONBOARDING, OFFBOARDING)


@dataclass(frozen=True)
class TaskSpec:
    """One task of a template: what, how many days from the start (or last) day, and who."""

    title: str
    offset_days: int
    owner: str | None = None


@dataclass(frozen=True)
class TemplateSpec:
    """A checklist for a role, with its tasks (as stored or as shipped in DEFAULT_TEMPLATES)."""

    role: str
    kind: str
    tasks: tuple[TaskSpec, ...]
    id: int | None = None


_OFFICE_MANAGER = "Office manager"
_FOUNDER = "Founder"
_MANAGER = "Manager"
_COMMON_START = (
    TaskSpec("Send the offer letter and contract for signature", -21, _FOUNDER),
    TaskSpec("Collect tax forms, bank details and ID for payroll", -14, _OFFICE_MANAGER),
    TaskSpec("Add to payroll", -10, _OFFICE_MANAGER),
    TaskSpec("Order laptop and phone", -10, _OFFICE_MANAGER),
    TaskSpec("Create email and calendar accounts", -3, _OFFICE_MANAGER),
    TaskSpec("Prepare desk, keys and building badge", -2, _OFFICE_MANAGER),
    TaskSpec("Send a welcome email with first-day details", -2, _MANAGER),
    TaskSpec("Welcome, office tour and introductions", 0, _MANAGER),
    TaskSpec("Hand over laptop, keys and badge", 0, _OFFICE_MANAGER),
    TaskSpec("Welcome lunch with the team", 0, _MANAGER),
    TaskSpec("Security and data protection briefing", 1, _OFFICE_MANAGER),
    TaskSpec("First week check-in", 5, _MANAGER),
    TaskSpec("30-day review", 30, _MANAGER),
)

#: Shipped checklists, installed in a workspace the first time someone starts one.
DEFAULT_TEMPLATES: tuple[TemplateSpec, ...] = (
    TemplateSpec(
        "Office staff",
        ONBOARDING,
        _COMMON_START
        + (
            TaskSpec("Access to accounting and banking tools", -1, _FOUNDER),
            TaskSpec("Walk through invoice intake and approvals in bodesk", 2, _OFFICE_MANAGER),
        ),
    ),
    TemplateSpec(
        "Engineer",
        ONBOARDING,
        _COMMON_START
        + (
            TaskSpec("Code hosting, chat and issue tracker accounts", -1, _MANAGER),
            TaskSpec("Set up the development environment with a buddy", 1, _MANAGER),
            TaskSpec("First small change shipped", 10, _MANAGER),
        ),
    ),
    TemplateSpec(
        "Leaver",
        OFFBOARDING,
        (
            TaskSpec("Confirm the last day in writing", -21, _FOUNDER),
            TaskSpec("Tell payroll: final salary, holiday pay and tax forms", -14, _OFFICE_MANAGER),
            TaskSpec("Plan the handover of work and documents", -10, _MANAGER),
            TaskSpec("Farewell lunch", 0, _MANAGER),
            TaskSpec("Collect laptop, phone, keys and badge", 0, _OFFICE_MANAGER),
            TaskSpec("Disable email and tool accounts; forward mail", 0, _OFFICE_MANAGER),
            TaskSpec("Change shared passwords and door codes", 1, _OFFICE_MANAGER),
            TaskSpec("Send the final payslip and leaver tax form", 30, _OFFICE_MANAGER),
        ),
    ),
)


@dataclass(frozen=True)
class TaskRow:
    """A dated task of one person's checklist, detached from the database."""

    id: int
    title: str
    due_date: date
    owner: str | None
    done_at: datetime | None
    done_by: str | None

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

    @property
    def done_count(self) -> int:
        return sum(1 for t in self.tasks if t.done)

    @property
    def finished(self) -> bool:
        return all(t.done for t in self.tasks)

    def overdue_count(self, today: date | None = None) -> int:
        return sum(1 for t in self.tasks if t.overdue(today))


def _template_spec(t: OnboardingTemplate) -> TemplateSpec:
    return TemplateSpec(t.role, t.kind, tuple(TaskSpec(x.title, x.offset_days, x.owner) for x in t.tasks), t.id)


def templates(store: Store, kind: str | None = None) -> list[TemplateSpec]:
    """The workspace's checklists, by kind then role."""
    stmt = (
        select(OnboardingTemplate)
        .options(selectinload(OnboardingTemplate.tasks))
        .order_by(OnboardingTemplate.kind, OnboardingTemplate.role)
    )
    if kind:
        stmt = stmt.where(OnboardingTemplate.kind == kind)
    with store.session() as session:
        return [_template_spec(t) for t in session.scalars(stmt)]


def create_template(store: Store, role: str, tasks: Iterable[TaskSpec], kind: str = ONBOARDING) -> int:
    """Store a new checklist for `role`; returns its id."""
    role = role.strip()
    tasks = list(tasks)
    if not role:
        raise BodeskError("A checklist needs a role, e.g. “Office staff”.")
    if kind not in KINDS:
        raise BodeskError(f"“{kind}” is not a checklist kind; use onboarding or offboarding.")
    if not tasks:
        raise BodeskError(f"The {role} checklist needs at least one task.")
    with store.session() as session:
        exists = session.scalar(
            select(OnboardingTemplate.id).where(OnboardingTemplate.role == role, OnboardingTemplate.kind == kind)
        )
        if exists:
            raise BodeskError(f"There is already an {kind} checklist for {role}.")
        template = OnboardingTemplate(
            role=role,
            kind=kind,
            tasks=[OnboardingTemplateTask(title=t.title, offset_days=t.offset_days, owner=t.owner) for t in tasks],
        )
        session.add(template)
        session.flush()
        return template.id


def ensure_default_templates(store: Store) -> int:
    """Install DEFAULT_TEMPLATES into a workspace that has no checklist yet; returns how many."""
    with store.session() as session:
        if session.scalar(select(OnboardingTemplate.id).limit(1)) is not None:
            return 0
    for spec in DEFAULT_TEMPLATES:
        create_template(store, spec.role, spec.tasks, spec.kind)
    return len(DEFAULT_TEMPLATES)


def start(
    store: Store, name: str, role: str, start_date: date, kind: str = ONBOARDING, *, actor: str = audit.SYSTEM_ACTOR
) -> HireRow:
    """Start the `role` checklist for a person whose first (or last) day is `start_date`."""
    name = name.strip()
    if not name:
        raise BodeskError("Give the name of the person joining or leaving.")
    with store.session() as session:
        template = session.scalar(
            select(OnboardingTemplate)
            .where(OnboardingTemplate.role == role, OnboardingTemplate.kind == kind)
            .options(selectinload(OnboardingTemplate.tasks))
        )
        if template is None:
            raise BodeskError(f"There is no {kind} checklist for the role “{role}”; create one first.")
        hire = Hire(name=name, role=role, kind=kind, start_date=start_date, created_at=datetime.now())
        hire.tasks = [
            OnboardingTask(title=t.title, due_date=due_date(start_date, t.offset_days), owner=t.owner)
            for t in template.tasks
        ]
        session.add(hire)
        session.flush()
        audit.record(
            session, actor=actor, action=AuditAction.STARTED, entity="hire", entity_id=hire.id, new=kind,
            note=f"{name}, {role}, {'last' if kind == OFFBOARDING else 'first'} day {start_date.isoformat()}",
        )
        return _hire_row(hire)


def due_date(day: date, offset_days: int) -> date:
    """The day a task falls due: `offset_days` from the day, moved off weekends
    (to the Friday before for preparation, to the Monday after for follow-up)."""
    due = day + timedelta(days=offset_days)
    if due.weekday() >= 5 and offset_days != 0:
        if offset_days < 0:
            due -= timedelta(days=due.weekday() - 4)
        else:
            due += timedelta(days=7 - due.weekday())
    return due


def _hire_row(hire: Hire) -> HireRow:
    tasks = sorted(hire.tasks, key=lambda t: (t.due_date, t.id))
    return HireRow(
        hire.id, hire.name, hire.role, hire.kind, hire.start_date,
        tuple(TaskRow(t.id, t.title, t.due_date, t.owner, t.done_at, t.done_by) for t in tasks),
    )


def hires(store: Store) -> list[HireRow]:
    """Everyone with a checklist: unfinished ones first, by start date; then finished ones, latest first."""
    stmt = select(Hire).options(selectinload(Hire.tasks)).order_by(Hire.start_date, Hire.id)
    with store.session() as session:
        rows = [_hire_row(h) for h in session.scalars(stmt)]
    return [r for r in rows if not r.finished] + [r for r in reversed(rows) if r.finished]


def set_done(store: Store, task_id: int, done: bool, *, actor: str, when: datetime | None = None) -> TaskRow:
    """Tick a task done (recording who and when) or undone; returns it as it now is."""
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
        return TaskRow(task.id, task.title, task.due_date, task.owner, task.done_at, task.done_by)
