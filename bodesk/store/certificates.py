"""Certificates and trainings per person, with their expiry.

A certificate's status (valid, expiring within the warning window, expired) is worked out when
read, from today's date; a person with an offboarding checklist is leaving, and their certificates
stop warning. A training task ticked done records its certificate; unticked, the certificate it
recorded goes again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bodesk.core.onboarding import CERT_WARNING_DAYS, EXPIRED, EXPIRING, OFFBOARDING, add_months, cert_status
from bodesk.core.people import clean_name, name_key
from bodesk.core.vocabulary import AuditAction
from bodesk.errors import BodeskError
from bodesk.store import Store, audit
from bodesk.store.schema import Hire, OnboardingTask
from bodesk.store.schema_onboarding import Certificate


@dataclass(frozen=True)
class CertRow:
    id: int
    person: str
    name: str
    obtained: date | None
    expires: date | None
    status: str
    leaving: bool  # the person has an offboarding checklist: no warnings

    @property
    def warns(self) -> bool:
        return not self.leaving and self.status in (EXPIRING, EXPIRED)

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id, "person": self.person, "name": self.name,
            "obtained": self.obtained.isoformat() if self.obtained else None,
            "expires": self.expires.isoformat() if self.expires else None,
            "status": self.status, "leaving": self.leaving, "warns": self.warns,
        }


def add(store: Store, person: str, name: str, *, expires: date | None, obtained: date | None = None,
        actor: str) -> CertRow:
    person, name = clean_name(person), clean_name(name)
    if not person:
        raise BodeskError("Say whose certificate it is.")
    if not name:
        raise BodeskError("Give the certificate's name, e.g. “First aid”.")
    if obtained and expires and expires < obtained:
        raise BodeskError(f"The {name} certificate cannot expire ({expires.isoformat()}) before it was obtained "
                          f"({obtained.isoformat()}).")
    with store.session() as session:
        row = Certificate(person=person, name=name, obtained=obtained, expires=expires, created_at=datetime.now(),
                          created_by=actor)
        session.add(row)
        session.flush()
        audit.record(session, actor=actor, action=AuditAction.CERTIFICATE_ADDED, entity="certificate", entity_id=row.id,
                     new=expires, note=f"{person}: {name}")
        return _row(row, date.today(), CERT_WARNING_DAYS, set())


def _leavers(session: Session) -> set[str]:
    return {name_key(n) for n in session.scalars(select(Hire.name).where(Hire.kind == OFFBOARDING))}


def _row(c: Certificate, today: date, warning_days: int, leavers: set[str]) -> CertRow:
    return CertRow(c.id, c.person, c.name, c.obtained, c.expires, cert_status(c.expires, today, warning_days),
                   name_key(c.person) in leavers)


def certificates(store: Store, *, today: date | None = None, warning_days: int = CERT_WARNING_DAYS,
                 person: str | None = None) -> list[CertRow]:
    """Everyone's certificates (or one person's): soonest expiry first, those without one last."""
    today = today or date.today()
    with store.session() as session:
        leavers = _leavers(session)
        rows = [_row(c, today, warning_days, leavers) for c in session.scalars(select(Certificate))]
    if person:
        rows = [r for r in rows if name_key(r.person) == name_key(person)]
    return sorted(rows, key=lambda r: (r.expires is None, r.expires or date.max, r.person, r.name))


def warnings(store: Store, *, today: date | None = None, warning_days: int = CERT_WARNING_DAYS) -> list[CertRow]:
    """Certificates that need someone's attention: expiring or expired, of people who are staying."""
    return [r for r in certificates(store, today=today, warning_days=warning_days) if r.warns]


def record_training(session: Session, task: OnboardingTask, done: bool, *, actor: str) -> None:
    """Called when a training task is ticked (or unticked) in the same transaction."""
    if done:
        obtained = (task.done_at or datetime.now()).date()
        expires = add_months(obtained, task.valid_months) if task.valid_months else None
        row = Certificate(person=task.hire.name, name=task.certificate or task.title, obtained=obtained,
                          expires=expires, task_id=task.id, created_at=datetime.now(), created_by=actor)
        session.add(row)
        session.flush()
        audit.record(session, actor=actor, action=AuditAction.CERTIFICATE_ADDED, entity="certificate", entity_id=row.id,
                     new=expires, note=f"{task.hire.name}: {row.name} (training task {task.id})")
    else:
        session.execute(delete(Certificate).where(Certificate.task_id == task.id))
        audit.record(session, actor=actor, action=AuditAction.CERTIFICATE_REMOVED, entity="onboarding_task", entity_id=task.id,
                     note=f"{task.hire.name}: {task.certificate} (training unticked)")


