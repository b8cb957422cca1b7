"""Checklist templates in the database: the office's lists by role and kind, edited, copied,
imported and deleted as a whole (a template is saved all or nothing), every change audited."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bodesk.core.onboarding import KINDS, ONBOARDING, Meeting, TaskSpec, TemplateSpec, validate_owner
from bodesk.core.onboarding_defaults import DEFAULT_TEMPLATES
from bodesk.core.vocabulary import AuditAction
from bodesk.errors import BodeskError
from bodesk.store import Store, audit
from bodesk.store.people import people_in
from bodesk.store.schema import OnboardingTemplate, OnboardingTemplateTask


def _task_spec(x: OnboardingTemplateTask) -> TaskSpec:
    meeting = Meeting(x.meeting_time, x.meeting_minutes) if x.meeting_time and x.meeting_minutes else None
    return TaskSpec(x.title, x.offset_days, x.owner, x.category, bool(x.blocks_day_one), meeting, x.document,
                    x.certificate, x.valid_months)


def _template_spec(t: OnboardingTemplate) -> TemplateSpec:
    return TemplateSpec(t.role, t.kind, tuple(_task_spec(x) for x in t.tasks), t.id)


def _template_task(spec: TaskSpec, position: int) -> OnboardingTemplateTask:
    return OnboardingTemplateTask(
        title=spec.title, offset_days=spec.offset_days, owner=spec.owner, position=position, category=spec.category,
        blocks_day_one=spec.blocks_day_one, meeting_time=spec.meeting.time if spec.meeting else None,
        meeting_minutes=spec.meeting.minutes if spec.meeting else None, document=spec.document,
        certificate=spec.certificate, valid_months=spec.valid_months,
    )


def templates(store: Store, kind: str | None = None) -> list[TemplateSpec]:
    """The workspace's checklists, by kind then role."""
    stmt = (
        select(OnboardingTemplate)
        .options(selectinload(OnboardingTemplate.tasks))
        .order_by(OnboardingTemplate.kind.desc(), OnboardingTemplate.role)  # onboarding first
    )
    if kind:
        stmt = stmt.where(OnboardingTemplate.kind == kind)
    with store.session() as session:
        return [_template_spec(t) for t in session.scalars(stmt)]


def template(store: Store, role: str, kind: str = ONBOARDING) -> TemplateSpec:
    with store.session() as session:
        return _template_spec(_find_template(session, role, kind))


def _find_template(session: Session, role: str, kind: str) -> OnboardingTemplate:
    found = _template_or_none(session, role, kind)
    if found is None:
        roles = [r for r in session.scalars(select(OnboardingTemplate.role).where(OnboardingTemplate.kind == kind))]
        raise BodeskError(f"There is no {kind} checklist for the role “{role}”; the roles are: {', '.join(roles) or 'none yet'}.")
    return found


def _template_or_none(session: Session, role: str, kind: str) -> OnboardingTemplate | None:
    rows = session.scalars(
        select(OnboardingTemplate).where(OnboardingTemplate.kind == kind).options(selectinload(OnboardingTemplate.tasks))
    )
    return next((t for t in rows if t.role.casefold() == role.strip().casefold()), None)


def _people_names(session: Session) -> set[str]:
    return {p.name.casefold() for p in people_in(session)}


def _check(session: Session, spec: TemplateSpec) -> None:
    if not spec.role.strip():
        raise BodeskError("A checklist needs a role, e.g. “Office staff”.")
    if spec.kind not in KINDS:
        raise BodeskError(f"“{spec.kind}” is not a checklist kind; use onboarding or offboarding.")
    if not spec.tasks:
        raise BodeskError(f"The {spec.role} checklist needs at least one task.")
    names = _people_names(session)
    for i, task in enumerate(spec.tasks):
        if not task.title.strip():
            raise BodeskError(f"Task {i + 1} of the {spec.role} checklist needs a title.")
        validate_owner(task.owner, f"task {i + 1} (“{task.title}”) of {spec.role}", names)


def _save(session: Session, spec: TemplateSpec, *, replace: bool, actor: str) -> int:
    _check(session, spec)
    existing = _template_or_none(session, spec.role, spec.kind)
    if existing is not None and not replace:
        raise BodeskError(f"There is already an {spec.kind} checklist for {existing.role}.")
    tasks = [_template_task(t, i) for i, t in enumerate(spec.tasks)]
    if existing is None:
        row = OnboardingTemplate(role=spec.role.strip(), kind=spec.kind, tasks=tasks)
        session.add(row)
        session.flush()
        action, old = AuditAction.TEMPLATE_CREATED, None
    else:
        row, old = existing, f"{len(existing.tasks)} tasks"
        row.tasks = tasks
        session.flush()
        action = AuditAction.TEMPLATE_CHANGED
    audit.record(session, actor=actor, action=action, entity="onboarding_template", entity_id=row.id,
                 old=old, new=f"{len(tasks)} tasks", note=f"{row.role} ({row.kind})")
    return row.id


def save_template(store: Store, spec: TemplateSpec, *, actor: str = audit.SYSTEM_ACTOR, replace: bool = True) -> int:
    """Create the checklist for `spec.role` and kind, or replace its tasks; returns its id."""
    with store.session() as session:
        return _save(session, spec, replace=replace, actor=actor)


def create_template(store: Store, role: str, tasks: Iterable[TaskSpec], kind: str = ONBOARDING,
                    *, actor: str = audit.SYSTEM_ACTOR) -> int:
    """Store a new checklist for `role`; a role that has one already is refused."""
    return save_template(store, TemplateSpec(role.strip(), kind, tuple(tasks)), actor=actor, replace=False)


def import_templates(store: Store, specs: list[TemplateSpec], *, actor: str) -> list[int]:
    """Create or replace several checklists in one step: all of them, or none when one is wrong."""
    with store.session() as session:
        return [_save(session, s, replace=True, actor=actor) for s in specs]


def copy_template(store: Store, role: str, kind: str, new_role: str, *, actor: str, new_kind: str | None = None) -> int:
    """A new checklist for `new_role` with the tasks of `role`'s."""
    with store.session() as session:
        source = _template_spec(_find_template(session, role, kind))
        return _save(session, TemplateSpec(new_role.strip(), new_kind or kind, source.tasks), replace=False, actor=actor)


def delete_template(store: Store, role: str, kind: str, *, actor: str) -> None:
    """Remove a checklist template (checklists already started from it stay)."""
    with store.session() as session:
        row = _find_template(session, role, kind)
        audit.record(session, actor=actor, action=AuditAction.TEMPLATE_DELETED, entity="onboarding_template", entity_id=row.id,
                     old=f"{len(row.tasks)} tasks", note=f"{row.role} ({row.kind})")
        session.delete(row)


def ensure_default_templates(store: Store) -> int:
    """Install DEFAULT_TEMPLATES into a workspace that has no checklist yet; returns how many."""
    with store.session() as session:
        if session.scalar(select(OnboardingTemplate.id).limit(1)) is not None:
            return 0
        for spec in DEFAULT_TEMPLATES:
            _save(session, spec, replace=False, actor=audit.SYSTEM_ACTOR)
    return len(DEFAULT_TEMPLATES)
