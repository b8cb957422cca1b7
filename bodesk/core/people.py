"""The office's people as identities: names, roles, approval limits, managers and stand-ins.

Pure rules (no Qt, no SQL): how a typed name becomes an identity (Unicode normalised, invisible and
control characters removed, compared without case), which roles exist, how a limit is read, and the
checks that keep the people table sound (no circular manager chain, no delegate who is away too).
`bodesk.store.people` keeps the table and calls these.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from bodesk.errors import BodeskError

#: The name bodesk's own automated decisions are recorded under; no person may use it.
SYSTEM_ACTOR = "bodesk"


class Role(StrEnum):
    """What a person does in the office; a person may hold several."""

    OFFICE_MANAGER = "office_manager"
    APPROVER = "approver"
    FOUNDER = "founder"
    ADMIN = "admin"
    IT = "it"
    STAFF = "staff"


ROLE_LABELS = {
    Role.OFFICE_MANAGER: "Office manager",
    Role.APPROVER: "Approver",
    Role.FOUNDER: "Founder",
    Role.ADMIN: "Admin",
    Role.IT: "IT",
    Role.STAFF: "Staff",
}
#: Roles that may approve invoices (each up to the person's limit; the founder without one).
APPROVING_ROLES = frozenset({Role.APPROVER, Role.FOUNDER, Role.OFFICE_MANAGER})

_SPACES = re.compile(r"\s+")
_MAX_NAME = 128


def clean_name(text: str | None) -> str:
    """A typed name as the identity it stands for: NFKC-normalised, with zero-width, format and
    control characters removed and runs of spaces made one."""
    text = unicodedata.normalize("NFKC", text or "")
    kept = "".join(ch for ch in text if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cf", "Co", "Cn"))
    return _SPACES.sub(" ", kept).strip()


def name_key(text: str | None) -> str:
    """The form two names are compared in: "ALICE", "Alice" and "Alice\u200b" are one person."""
    return clean_name(text).casefold()


def valid_name(text: str | None) -> str:
    """The cleaned name, or a sentence saying why it cannot name a person."""
    name = clean_name(text)
    if not name:
        raise BodeskError("A person needs a name.")
    if len(name) > _MAX_NAME:
        raise BodeskError(f"“{name[:40]}…” is too long for a name (at most {_MAX_NAME} characters).")
    if name.casefold() == SYSTEM_ACTOR:
        raise BodeskError(f"“{SYSTEM_ACTOR}” is the name bodesk records its own decisions under; a person cannot use it.")
    return name


def parse_roles(values: Iterable[str]) -> tuple[Role, ...]:
    """Roles from text ("founder", "office manager", "admin,founder"), in a fixed order, no repeats."""
    found: set[Role] = set()
    for value in values:
        for part in str(value).split(","):
            word = part.strip().lower().replace(" ", "_").replace("-", "_")
            if not word:
                continue
            try:
                found.add(Role(word))
            except ValueError:
                known = ", ".join(r.value for r in Role)
                raise BodeskError(f"“{part.strip()}” is not a role; the roles are {known}.") from None
    return tuple(r for r in Role if r in found)


def parse_limit(text: str | Decimal | int | None, currency: str) -> Decimal | None:
    """An approval limit in the office currency: a non-negative number, or None for no limit given."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    try:
        value = Decimal(str(text).strip().replace(" ", ""))
    except InvalidOperation:
        raise BodeskError(f"The limit “{text}” is not a number; write it like 1000 or 1000.50 ({currency}).") from None
    if not value.is_finite() or value < 0:
        raise BodeskError(f"The limit “{text}” must be zero or more ({currency}).")
    return value.quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Person:
    """One of the office's people, detached from the database."""

    id: int
    name: str
    email: str | None
    roles: tuple[Role, ...]
    limit: Decimal | None  # in the office currency; None: no limit of their own
    manager: str | None
    active: bool
    away_until: date | None
    delegate: str | None
    has_password: bool

    @property
    def key(self) -> str:
        return name_key(self.name)

    def has(self, role: Role) -> bool:
        return role in self.roles

    @property
    def approves(self) -> bool:
        return bool(APPROVING_ROLES.intersection(self.roles))

    def away_on(self, day: date) -> bool:
        return self.away_until is not None and day <= self.away_until

    @property
    def role_text(self) -> str:
        return ", ".join(ROLE_LABELS[r] for r in self.roles)

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id, "name": self.name, "email": self.email, "roles": [r.value for r in self.roles],
            "limit": str(self.limit) if self.limit is not None else None, "manager": self.manager,
            "active": self.active, "away_until": self.away_until.isoformat() if self.away_until else None,
            "delegate": self.delegate, "password": self.has_password,
        }


def manager_cycle(managers: Mapping[str, str | None], start: str) -> list[str] | None:
    """The circle of names when following managers from `start` comes back to a name (keys are
    name keys), else None."""
    seen: list[str] = []
    current: str | None = start
    while current is not None:
        if current in seen:
            return seen[seen.index(current):] + [current]
        seen.append(current)
        current = managers.get(current)
    return None


def stand_in_for(people: Iterable[Person], person: Person, day: date) -> list[Person]:
    """Whom `person` stands in for on `day`: the active people away that day who named them delegate."""
    return [p for p in people if p.active and p.away_on(day) and p.delegate and name_key(p.delegate) == person.key]


def hash_password(password: str) -> str:
    """An argon2 hash of `password` (the password itself is never stored)."""
    from argon2 import PasswordHasher

    if len(password) < 4:
        raise BodeskError("A password needs at least 4 characters.")
    return PasswordHasher().hash(password)


def password_matches(stored_hash: str | None, password: str) -> bool:
    """Whether `password` is the one `stored_hash` was made from (no hash: no password is set)."""
    if not stored_hash:
        return True
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return PasswordHasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False
