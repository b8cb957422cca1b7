"""The office's people: names as identities, roles, limits, managers, stand-ins, passwords."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from bodesk.core.people import Role, clean_name, parse_limit, parse_roles
from bodesk.errors import BodeskError
from bodesk.store import Store, people
from bodesk.store.audit import history


def test_a_new_workspace_starts_with_its_login_as_founder_and_admin(store: Store) -> None:
    (first,) = people.people(store)
    assert first.name == "Founder" and set(first.roles) == {Role.FOUNDER, Role.ADMIN}


def test_names_are_identities_not_strings(store: Store) -> None:
    people.add(store, "Alice", [Role.APPROVER], limit=Decimal("1000"), actor="Founder")
    for spelling in ("alice", "ALICE", "Alice\u200b", "\u200bA\u200dlice ", "Ａｌｉｃｅ", "Alice\x07"):
        assert people.resolve(store, spelling).name == "Alice"
        with pytest.raises(BodeskError, match="already one of the office's people"):
            people.add(store, spelling, [Role.STAFF], actor="Founder")
    with pytest.raises(BodeskError, match="“Alice Smith” is not one of the office's people"):
        people.resolve(store, "Alice Smith")
    for system in ("bodesk", "BODESK", "bod\u200besk"):
        with pytest.raises(BodeskError, match="bodesk's own"):
            people.resolve(store, system)
        with pytest.raises(BodeskError, match="a person cannot use it"):
            people.add(store, system, [Role.STAFF], actor="Founder")
    assert clean_name("  Ana \t Ruiz ") == "Ana Ruiz"


def test_removed_people_cannot_act_and_the_last_admin_stays(store: Store) -> None:
    people.add(store, "Sam", [Role.APPROVER], actor="Founder")
    people.remove(store, "Sam", actor="Founder")
    with pytest.raises(BodeskError, match="Sam was removed"):
        people.resolve(store, "Sam")
    with pytest.raises(BodeskError, match="only admin"):
        people.remove(store, "Founder", actor="Founder")
    assert [p.name for p in people.people(store)] == ["Founder"]
    assert [p.name for p in people.people(store, include_removed=True)] == ["Founder", "Sam"]


def test_bad_values_are_sentences_and_nothing_is_half_saved(store: Store) -> None:
    with pytest.raises(BodeskError, match="not a number"):
        parse_limit("1.000,50x", "EUR")
    with pytest.raises(BodeskError, match="zero or more"):
        parse_limit("-5", "EUR")
    assert parse_limit("1000", "EUR") == Decimal("1000.00")
    with pytest.raises(BodeskError, match="“boss” is not a role"):
        parse_roles(["approver,boss"])
    with pytest.raises(BodeskError, match="manager “Nobody” is not one of"):
        people.add(store, "Tom", [Role.STAFF], manager="Nobody", actor="Founder")
    assert [p.name for p in people.people(store)] == ["Founder"]


def test_a_circular_manager_chain_is_refused(store: Store) -> None:
    people.add(store, "Ana", [Role.APPROVER], actor="Founder")
    people.add(store, "Ben", [Role.APPROVER], manager="Ana", actor="Founder")
    people.add(store, "Cy", [Role.STAFF], manager="Ben", actor="Founder")
    with pytest.raises(BodeskError, match=r"circle of managers \(Ana → Cy → Ben → Ana\)"):
        people.change(store, "Ana", manager="Cy", actor="Founder")
    assert people.resolve(store, "Ana").manager is None


def test_away_with_a_stand_in_who_is_here(store: Store) -> None:
    today = date.today()  # removing a stand-in looks at who is away now
    people.add(store, "Ana", [Role.APPROVER], actor="Founder")
    people.add(store, "Ben", [Role.APPROVER], actor="Founder")
    ana = people.set_away(store, "Ana", today + timedelta(days=7), "Ben", actor="Founder", today=today)
    assert (ana.away_until, ana.delegate) == (today + timedelta(days=7), "Ben")
    with pytest.raises(BodeskError, match="Ana is away too"):
        people.set_away(store, "Ben", today + timedelta(days=3), "Ana", actor="Founder", today=today)
    with pytest.raises(BodeskError, match="cannot stand in for themselves"):
        people.set_away(store, "Ben", today + timedelta(days=3), "ben", actor="Founder", today=today)
    with pytest.raises(BodeskError, match="stands in for Ana"):
        people.remove(store, "Ben", actor="Founder")
    entries = history_of(store, ana.id)
    assert [(e.action, e.new_value) for e in entries][-1] == ("user_away", f"{today + timedelta(days=7)} Ben")


def history_of(store: Store, user_id: int):  # type: ignore[no-untyped-def]
    with store.session() as session:
        return history(session, "user", user_id)


def test_passwords_are_hashed_and_a_wrong_one_is_refused(store: Store) -> None:
    assert not people.password_required(store, "Founder")  # a one-person office needs none
    people.add(store, "Ana", [Role.APPROVER], actor="Founder")
    assert people.password_required(store, "Founder")  # a second person who approves: now it does
    people.set_password(store, "Ana", "s3cret-pass", actor="Ana")
    assert people.check_password(store, "Ana", "s3cret-pass")
    assert not people.check_password(store, "Ana", "s3cret-Pass")
    assert people.password_required(store, "Ana")
    with store.session() as session:
        from bodesk.store.schema_people import User

        stored = session.query(User.password_hash).filter(User.name == "Ana").scalar()
    assert stored.startswith("$argon2") and "s3cret" not in stored
