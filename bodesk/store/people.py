"""The people table: adding, changing, removing and resolving the office's people, each change audited.

`resolve` is the one way a typed name (`--by NAME`, the window's signed-in person) becomes a person:
unknown, removed and system names are refused with a sentence. A new workspace starts with one
person named after the computer's login, holding the admin and founder roles, so a one-person office
needs no setup.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from bodesk.core.vocabulary import AuditAction
from bodesk.core.people import (
    SYSTEM_ACTOR,
    Person,
    Role,
    clean_name,
    hash_password,
    manager_cycle,
    name_key,
    password_matches,
    valid_name,
)
from bodesk.errors import BodeskError
from bodesk.store import Store, audit
from bodesk.store.schema_people import User

ENTITY = "user"


def _person(user: User, by_id: dict[int, User]) -> Person:
    def name_of(uid: int | None) -> str | None:
        return by_id[uid].name if uid is not None and uid in by_id else None

    return Person(
        id=user.id, name=user.name, email=user.email,
        roles=tuple(Role(r) for r in user.roles.split(",") if r in Role.__members__.values()),
        limit=user.approval_limit, manager=name_of(user.manager_id), active=user.active,
        away_until=user.away_until, delegate=name_of(user.delegate_id), has_password=bool(user.password_hash),
    )


def _all(session: Session) -> dict[int, User]:
    return {u.id: u for u in session.scalars(select(User).order_by(User.id))}


def people_in(session: Session, *, include_removed: bool = False) -> list[Person]:
    by_id = _all(session)
    return [_person(u, by_id) for u in by_id.values() if include_removed or u.active]


def people(store: Store, *, include_removed: bool = False) -> list[Person]:
    """The office's people in the order they were added (the removed ones too when asked)."""
    with store.session() as session:
        return people_in(session, include_removed=include_removed)


def _find(session: Session, name: str | None) -> User | None:
    return session.scalar(select(User).where(User.name_key == name_key(name)))


def resolve_in(session: Session, name: str | None) -> Person:
    """The active person `name` stands for, or a sentence saying why it names no one."""
    cleaned = clean_name(name)
    if not cleaned:
        raise BodeskError("Say who is acting: give the name of one of the office's people (--by NAME).")
    if cleaned.casefold() == SYSTEM_ACTOR:
        raise BodeskError(f"“{SYSTEM_ACTOR}” is the name of bodesk's own automatic decisions; act under your own name.")
    user = _find(session, cleaned)
    if user is None:
        known = ", ".join(u.name for u in _all(session).values() if u.active)
        raise BodeskError(f"“{cleaned}” is not one of the office's people ({known}); add them with `bodesk users add`.")
    if not user.active:
        raise BodeskError(f"{user.name} was removed from the office's people and can no longer act in bodesk.")
    return _person(user, _all(session))


def resolve(store: Store, name: str | None) -> Person:
    with store.session() as session:
        return resolve_in(session, name)


def ensure_first_person(store: Store, login: str) -> None:
    """Give a workspace with nobody in it its first person: the login, as admin and founder."""
    with store.session() as session:
        # FOR UPDATE: on a shared database, two desks opening it for the first time take turns here.
        if session.scalar(select(User.id).limit(1).with_for_update()) is not None:
            return
        name = clean_name(login)
        if not name or name.casefold() == SYSTEM_ACTOR:
            name = "Office"
        user = User(name=name, name_key=name_key(name), roles=f"{Role.FOUNDER},{Role.ADMIN}", active=True,
                    created_at=datetime.now())
        session.add(user)
        session.flush()
        audit.record(session, actor=SYSTEM_ACTOR, action=AuditAction.USER_ADDED, entity=ENTITY, entity_id=user.id,
                     new=name, note="The workspace's first person, named after the computer's login.")


def _manager_id(session: Session, manager: str | None, user: User | None) -> int | None:
    if manager is None or not clean_name(manager):
        return None
    boss = _find(session, manager)
    if boss is None or not boss.active:
        raise BodeskError(f"The manager “{clean_name(manager)}” is not one of the office's people; add them first.")
    if user is not None:
        chain = {u.name_key: (_all(session)[u.manager_id].name_key if u.manager_id else None) for u in _all(session).values()}
        chain[user.name_key] = boss.name_key
        cycle = manager_cycle(chain, user.name_key)
        if cycle:
            names = " → ".join(_find(session, k).name for k in cycle)  # type: ignore[union-attr]
            raise BodeskError(f"That would make a circle of managers ({names}); each chain must end with someone who has no manager.")
    return boss.id


def add(store: Store, name: str, roles: Iterable[Role], *, limit: Decimal | None = None, email: str | None = None,
        manager: str | None = None, actor: str) -> Person:
    """Add a person; a name already taken (in any spelling) is refused."""
    name = valid_name(name)
    roles = tuple(roles)
    if not roles:
        raise BodeskError(f"Give {name} at least one role (--role).")
    with store.session() as session:
        existing = _find(session, name)
        if existing is not None:
            state = "" if existing.active else " (removed; `bodesk users add` cannot reuse the name)"
            raise BodeskError(f"{existing.name} is already one of the office's people{state}.")
        user = User(name=name, name_key=name_key(name), email=(email or "").strip() or None,
                    roles=",".join(r.value for r in roles), approval_limit=limit, active=True, created_at=datetime.now())
        user.manager_id = _manager_id(session, manager, None)
        session.add(user)
        session.flush()
        detail = f"roles {user.roles}" + (f", limit {limit}" if limit is not None else "") + (f", manager {manager}" if manager else "")
        audit.record(session, actor=actor, action=AuditAction.USER_ADDED, entity=ENTITY, entity_id=user.id, new=name, note=detail)
        return _person(user, _all(session))


def change(store: Store, name: str, *, actor: str, roles: Iterable[Role] | None = None, limit: Decimal | None | str = "keep",
           email: str | None = None, manager: str | None = None) -> Person:
    """Change what is given of a person (`limit=None` clears their limit; "keep" leaves it)."""
    with store.session() as session:
        user = _existing(session, name)
        changes: list[tuple[str, object, object]] = []
        if roles is not None:
            new_roles = ",".join(r.value for r in roles)
            if not new_roles:
                raise BodeskError(f"{user.name} needs at least one role.")
            changes.append(("roles", user.roles, new_roles))
            user.roles = new_roles
        if limit != "keep":
            changes.append(("approval_limit", user.approval_limit, limit))
            user.approval_limit = limit  # type: ignore[assignment]
        if email is not None:
            changes.append(("email", user.email, email.strip() or None))
            user.email = email.strip() or None
        if manager is not None:
            old = _all(session)[user.manager_id].name if user.manager_id else None
            user.manager_id = _manager_id(session, manager, user)
            changes.append(("manager", old, clean_name(manager) or None))
        for field, old, new in changes:
            if old != new:
                audit.record(session, actor=actor, action=AuditAction.USER_CHANGED, entity=ENTITY, entity_id=user.id,
                             field=field, old=old, new=new, note=user.name)
        return _person(user, _all(session))


def _existing(session: Session, name: str) -> User:
    user = _find(session, name)
    if user is None or not user.active:
        raise BodeskError(f"“{clean_name(name)}” is not one of the office's people.")
    return user


def remove(store: Store, name: str, *, actor: str) -> Person:
    """Make a person inactive (kept for the audit trail); the last admin cannot be removed."""
    with store.session() as session:
        user = _existing(session, name)
        others = [u for u in _all(session).values() if u.active and u.id != user.id]
        if Role.ADMIN in user.roles.split(",") and not any(Role.ADMIN in u.roles.split(",") for u in others):
            raise BodeskError(f"{user.name} is the only admin; make someone else admin before removing them.")
        standing_in = [u.name for u in others if u.delegate_id == user.id and u.away_until and u.away_until >= date.today()]
        if standing_in:
            raise BodeskError(f"{user.name} stands in for {', '.join(standing_in)} while away; choose another stand-in first.")
        user.active = False
        audit.record(session, actor=actor, action=AuditAction.USER_REMOVED, entity=ENTITY, entity_id=user.id,
                     field="active", old=True, new=False, note=user.name)
        return _person(user, _all(session))


def set_away(store: Store, name: str, until: date | None, delegate: str | None, *, actor: str,
             today: date | None = None) -> Person:
    """Mark a person away until `until` (inclusive) with `delegate` standing in; `until=None`: back."""
    today = today or date.today()
    with store.session() as session:
        user = _existing(session, name)
        old = (user.away_until, _all(session)[user.delegate_id].name if user.delegate_id else None)
        if until is None:
            user.away_until, user.delegate_id = None, None
        else:
            if until < today:
                raise BodeskError(f"{until.isoformat()} is already past; give the last day {user.name} is away.")
            if not clean_name(delegate):
                raise BodeskError(f"Name who stands in for {user.name} while away (--delegate).")
            stand_in = _existing(session, delegate or "")
            if stand_in.id == user.id:
                raise BodeskError(f"{user.name} cannot stand in for themselves; name someone else.")
            if stand_in.away_until is not None and stand_in.away_until >= today:
                raise BodeskError(
                    f"{stand_in.name} is away too (until {stand_in.away_until.isoformat()}); choose a stand-in who is here."
                )
            user.away_until, user.delegate_id = until, stand_in.id
        new = (until, _all(session)[user.delegate_id].name if user.delegate_id else None)
        audit.record(session, actor=actor, action=AuditAction.USER_AWAY, entity=ENTITY, entity_id=user.id, field="away_until",
                     old=f"{old[0] or ''} {old[1] or ''}".strip() or None, new=f"{new[0] or ''} {new[1] or ''}".strip() or None,
                     note=user.name)
        return _person(user, _all(session))


def set_password(store: Store, name: str, password: str | None, *, actor: str) -> None:
    """Set (or with None/empty, clear) a person's password; only its argon2 hash is kept."""
    with store.session() as session:
        user = _existing(session, name)
        user.password_hash = hash_password(password) if password else None
        audit.record(session, actor=actor, action=AuditAction.USER_CHANGED, entity=ENTITY, entity_id=user.id, field="password",
                     note=f"{user.name}: password {'set' if password else 'cleared'}")


def check_password(store: Store, name: str, password: str) -> bool:
    with store.session() as session:
        user = _existing(session, name)
        return password_matches(user.password_hash, password)


def password_required(store: Store, name: str) -> bool:
    """Whether switching to `name` must ask a password: when they have one, or when the office has
    more than one person who may approve (then an approver without a password must set one)."""
    with store.session() as session:
        everyone = people_in(session)
        user = _existing(session, name)
        return bool(user.password_hash) or sum(1 for p in everyone if p.approves) > 1
