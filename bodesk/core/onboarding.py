"""Onboarding and offboarding as rules: templates, their JSON form, owners, due dates, certificates.

No Qt, no SQL. A template is a list of tasks for a role, each due some days from the first (or
last) day; its owner is a role word (`manager`, `hire`, `office_manager`, `it`) resolved to a
person when a checklist starts, or a person's name. The JSON form is the one of
`bodesk onboarding templates import|export`; anything it does not know is refused with a
sentence, never half taken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from bodesk.errors import BodeskError

ONBOARDING = "onboarding"
OFFBOARDING = "offboarding"
KINDS = (ONBOARDING, OFFBOARDING)

CATEGORIES = ("paperwork", "accounts", "equipment", "training", "meeting")
#: Owners that stand for a person found when the checklist starts.
OWNER_ROLES = ("manager", "hire", "office_manager", "it")
OWNER_LABELS = {"manager": "the manager", "hire": "the new person", "office_manager": "the office manager", "it": "IT"}
#: Tasks of these categories are requests: the owner gets a mail saying what the role needs.
REQUEST_CATEGORIES = ("equipment", "accounts")
CERT_WARNING_DAYS = 90
FIRST_WEEK_DAYS = 4  # the manager hears how it went on the fifth day (Friday for a Monday start)

_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class Meeting:
    time: str  # "HH:MM", local time
    minutes: int


@dataclass(frozen=True)
class TaskSpec:
    """One task of a template."""

    title: str
    offset_days: int
    owner: str | None = None
    category: str | None = None
    blocks_day_one: bool = False
    meeting: Meeting | None = None
    document: str | None = None  # a document the task needs, e.g. "Signed contract"
    certificate: str | None = None  # a training: its completion records this certificate
    valid_months: int | None = None  # how long that certificate stays valid


@dataclass(frozen=True)
class TemplateSpec:
    """A checklist for a role and kind, with its tasks in order."""

    role: str
    kind: str
    tasks: tuple[TaskSpec, ...]
    id: int | None = None


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


# -- JSON -----------------------------------------------------------------------------------------

_TEMPLATE_KEYS = {"role", "kind", "tasks"}
_TASK_KEYS = {"title", "offset_days", "owner", "category", "blocks_day_one", "meeting", "document",
              "certificate", "valid_months"}
_MEETING_KEYS = {"time", "minutes"}


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise BodeskError(f"{what} must be a whole number, not {value!r}.")
    return value


def task_from_json(data: Any, where: str, people: set[str] | None = None) -> TaskSpec:
    """One task from its JSON form; `people` (names compared without case) checks named owners."""
    if not isinstance(data, dict):
        raise BodeskError(f"{where} must be an object with a title and offset_days.")
    unknown = sorted(set(data) - _TASK_KEYS)
    if unknown:
        raise BodeskError(f"{where} has unknown keys ({', '.join(unknown)}); a task may have {', '.join(sorted(_TASK_KEYS))}.")
    title = str(data.get("title") or "").strip()
    if not title:
        raise BodeskError(f"{where} needs a title.")
    where = f"{where} (“{title}”)"
    if "offset_days" not in data:
        raise BodeskError(f"{where} needs offset_days: days from the first (or last) day, negative for before.")
    offset = _int(data["offset_days"], f"offset_days of {where}")
    if abs(offset) > 730:
        raise BodeskError(f"offset_days of {where} is {offset}; keep it within two years of the day.")
    owner = validate_owner(data.get("owner"), where, people)
    category = data.get("category")
    if category is not None and category not in CATEGORIES:
        raise BodeskError(f"The category “{category}” of {where} is not one of {', '.join(CATEGORIES)}.")
    blocks = data.get("blocks_day_one", False)
    if not isinstance(blocks, bool):
        raise BodeskError(f"blocks_day_one of {where} must be true or false.")
    meeting = None
    if data.get("meeting") is not None:
        meeting = meeting_from_json(data["meeting"], where)
    document = str(data["document"]).strip() or None if data.get("document") else None
    certificate = str(data["certificate"]).strip() or None if data.get("certificate") else None
    valid = data.get("valid_months")
    if valid is not None:
        valid = _int(valid, f"valid_months of {where}")
        if valid <= 0:
            raise BodeskError(f"valid_months of {where} must be more than zero.")
    return TaskSpec(title, offset, owner, category, blocks, meeting, document, certificate, valid)


def meeting_from_json(data: Any, where: str) -> Meeting:
    if not isinstance(data, dict):
        raise BodeskError(f"The meeting of {where} must be an object with time and minutes.")
    unknown = sorted(set(data) - _MEETING_KEYS)
    if unknown:
        raise BodeskError(f"The meeting of {where} has unknown keys ({', '.join(unknown)}); it takes time and minutes.")
    return make_meeting(str(data.get("time") or ""), data.get("minutes"), where)


def make_meeting(time: str, minutes: Any, where: str) -> Meeting:
    if not _TIME.match(time.strip()):
        raise BodeskError(f"The meeting time of {where} is “{time}”; write it as HH:MM, e.g. 09:30.")
    minutes = _int(minutes, f"The meeting length of {where}")
    if minutes <= 0:
        raise BodeskError(f"The meeting length of {where} is {minutes} minutes; it must be more than zero.")
    if minutes > 12 * 60:
        raise BodeskError(f"The meeting length of {where} is {minutes} minutes; a meeting lasts at most 12 hours.")
    hours, mins = time.strip().split(":")
    return Meeting(f"{int(hours):02d}:{mins}", minutes)


def validate_owner(owner: Any, where: str, people: set[str] | None) -> str | None:
    """A role word, a person's name (when `people` is given, one of them), or None."""
    if owner is None or (isinstance(owner, str) and not owner.strip()):
        return None
    if not isinstance(owner, str):
        raise BodeskError(f"The owner of {where} must be a role or a person's name.")
    owner = owner.strip()
    if owner in OWNER_ROLES:
        return owner
    if people is not None and owner.casefold() not in people:
        raise BodeskError(
            f"The owner “{owner}” of {where} is neither {', '.join(OWNER_ROLES)} nor one of the office's people; "
            "add them with bodesk users add, or use a role."
        )
    return owner


def template_from_json(data: Any, people: set[str] | None = None) -> TemplateSpec:
    """A template from its JSON form, checked whole before anything is stored."""
    if not isinstance(data, dict):
        raise BodeskError("A template must be a JSON object with role, kind and tasks.")
    unknown = sorted(set(data) - _TEMPLATE_KEYS)
    if unknown:
        raise BodeskError(f"The template has unknown keys ({', '.join(unknown)}); it takes role, kind and tasks.")
    role = str(data.get("role") or "").strip()
    if not role:
        raise BodeskError("The template needs a role, e.g. “Office staff”.")
    kind = data.get("kind", ONBOARDING)
    if kind not in KINDS:
        raise BodeskError(f"The kind of the {role} template is “{kind}”; use onboarding or offboarding.")
    tasks = data.get("tasks")
    if not isinstance(tasks, list) or not tasks:
        raise BodeskError(f"The {role} template needs a list of tasks.")
    return TemplateSpec(role, kind, tuple(task_from_json(t, f"task {i + 1} of {role}", people) for i, t in enumerate(tasks)))


def templates_from_json(data: Any, people: set[str] | None = None) -> list[TemplateSpec]:
    """One template, or a list of them (as `export` writes for several)."""
    specs = [template_from_json(d, people) for d in (data if isinstance(data, list) else [data])]
    seen: set[tuple[str, str]] = set()
    for s in specs:
        if (s.role.casefold(), s.kind) in seen:
            raise BodeskError(f"The file has the {s.kind} template for {s.role} twice.")
        seen.add((s.role.casefold(), s.kind))
    return specs


def task_to_json(t: TaskSpec) -> dict[str, Any]:
    out: dict[str, Any] = {"title": t.title, "offset_days": t.offset_days, "owner": t.owner}
    if t.category:
        out["category"] = t.category
    out["blocks_day_one"] = t.blocks_day_one
    if t.meeting:
        out["meeting"] = {"time": t.meeting.time, "minutes": t.meeting.minutes}
    if t.document:
        out["document"] = t.document
    if t.certificate:
        out["certificate"] = t.certificate
        if t.valid_months:
            out["valid_months"] = t.valid_months
    return out


def template_to_json(spec: TemplateSpec) -> dict[str, Any]:
    return {"role": spec.role, "kind": spec.kind, "tasks": [task_to_json(t) for t in spec.tasks]}


# -- people behind the owners -----------------------------------------------------------------------


@dataclass(frozen=True)
class Owners:
    """Who the role words stand for in one checklist; `notes` say where a stand-in was taken."""

    hire: str
    manager: str | None
    it: str | None
    office_manager: str | None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def person(self, owner: str | None) -> str | None:
        if owner is None:
            return None
        if owner == "hire":
            return self.hire
        if owner in ("manager", "it", "office_manager"):
            return getattr(self, owner)
        return owner


def owners_for(hire: str, manager: str | None, it_people: list[str], office_managers: list[str],
               founders: list[str]) -> Owners:
    """The people behind the role words: the hire's manager (else a founder), the first person with
    the it role (else the office manager), the first office manager (else a founder)."""
    notes = []
    boss = manager or (founders[0] if founders else None)
    if not manager and boss:
        notes.append(f"No manager was named; {boss} takes the manager's tasks.")
    office = office_managers[0] if office_managers else (founders[0] if founders else None)
    if not office_managers and office:
        notes.append(f"Nobody has the office_manager role; {office} takes those tasks.")
    it = it_people[0] if it_people else office
    if not it_people and it:
        notes.append(f"Nobody has the it role; {it} takes the IT tasks.")
    return Owners(hire, boss, it, office, tuple(notes))


# -- certificates ---------------------------------------------------------------------------------

VALID, EXPIRING, EXPIRED = "valid", "expiring", "expired"


def cert_status(expires: date | None, today: date, warning_days: int = CERT_WARNING_DAYS) -> str:
    """valid, expiring (within `warning_days` of its expiry, the day itself included) or expired."""
    if expires is None:
        return VALID
    if expires < today:
        return EXPIRED
    if expires <= today + timedelta(days=warning_days):
        return EXPIRING
    return VALID


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")
