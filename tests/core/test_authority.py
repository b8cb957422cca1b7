"""Routing by converted amounts and the checks behind an approval, on people held in memory."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bodesk.core.authority import Facts, Policy, Refusal, Value, check, convert, route
from bodesk.core.people import Person, Role

TODAY = date(2026, 12, 1)
POLICY = Policy(office_currency="EUR", founder_limit=Decimal("2500"), two_step_above=Decimal("10000"),
                default_approver="Ana")


def person(pid: int, name: str, *roles: Role, limit: str | None = None, manager: str | None = None,
           away_until: date | None = None, delegate: str | None = None) -> Person:
    return Person(pid, name, None, roles, Decimal(limit) if limit else None, manager, True, away_until, delegate, False)


FOUNDER = person(1, "Founder", Role.FOUNDER, Role.ADMIN)
ANA = person(2, "Ana", Role.APPROVER, limit="1000", manager="Founder")
BEN = person(3, "Ben", Role.APPROVER, limit="300", manager="Ana")
TOM = person(4, "Tom", Role.STAFF)
PEOPLE = [FOUNDER, ANA, BEN, TOM]


def eur(amount: str) -> Value:
    return Value(Decimal(amount), "EUR", Decimal(amount), "EUR")


def in_eur(amount: str, currency: str, rate: str | None) -> Value:
    return Value(Decimal(amount), currency, convert(Decimal(amount), currency, "EUR", Decimal(rate) if rate else None), "EUR")


def facts(value: Value, named: str | None = "Ana", **kw) -> Facts:  # type: ignore[no-untyped-def]
    r = route(value, named, PEOPLE, POLICY)
    done = kw.pop("steps_done", ())
    return Facts(7, value, r.steps[len(done)], r, steps_done=done, **kw)


def test_routes_follow_limits_and_managers() -> None:
    assert route(eur("250"), "Ben", PEOPLE, POLICY).steps == ("Ben",)
    over_ben = route(eur("600"), "Ben", PEOPLE, POLICY)
    assert over_ben.steps == ("Ana",) and over_ben.reason == "Ben's limit is 300.00 EUR; 600.00 EUR goes to Ana"
    assert route(eur("1250"), "Ben", PEOPLE, POLICY).steps == ("Founder",)
    assert route(eur("2600"), "Ana", PEOPLE, POLICY).steps == ("Founder",)
    assert route(eur("12000"), "Ana", PEOPLE, POLICY).steps == ("Ana", "Founder")  # the two-step chain
    assert route(eur("100"), "Tom", PEOPLE, POLICY).steps == ("Ana",)  # not an approver: the default one


def test_foreign_currencies_are_routed_by_their_converted_amounts() -> None:
    usd = in_eur("1100.00", "USD", "0.86")  # 946.00 EUR: within Ana's 1,000 EUR
    assert usd.office == Decimal("946.00") and route(usd, "Ana", PEOPLE, POLICY).steps == ("Ana",)
    idr = in_eur("6026190", "IDR", "0.0000564")  # about 340 EUR: not the founder's
    assert idr.office == Decimal("339.88") and route(idr, "Ana", PEOPLE, POLICY).steps == ("Ana",)
    sgd = in_eur("379.75", "SGD", None)  # no rate: a person, with a sentence
    r = route(sgd, "Ana", PEOPLE, POLICY)
    assert r.steps == ("Founder",) and "no exchange rate for SGD (set rates.SGD)" in r.reason
    assert usd.text() == "1,100.00 USD (946.00 EUR)"


def test_a_limit_refusal_names_the_rule_and_where_it_goes() -> None:
    f = Facts(7, eur("1250"), "Ana", route(eur("1250"), "Ana", PEOPLE, POLICY))
    with pytest.raises(Refusal) as refused:
        check(ANA, f, PEOPLE, POLICY, TODAY)
    assert str(refused.value) == "Ana's limit is 1,000.00 EUR; invoice 7 is 1,250.00 EUR and goes to Founder."
    usd = in_eur("1500", "USD", "0.92")
    with pytest.raises(Refusal, match=r"invoice 7 is 1,500.00 USD \(1,380.00 EUR\) and goes to Founder"):
        check(ANA, Facts(7, usd, "Ana", route(usd, "Ana", PEOPLE, POLICY)), PEOPLE, POLICY, TODAY)


def test_what_is_routed_to_someone_else_is_refused_unless_standing_in() -> None:
    f = facts(eur("200"), "Ben")
    with pytest.raises(Refusal, match="invoice 7 is routed to Ben, not to Ana"):
        check(ANA, f, PEOPLE, POLICY, TODAY)
    ben_away = person(3, "Ben", Role.APPROVER, limit="300", manager="Ana", away_until=date(2026, 12, 5), delegate="Ana")
    assert check(ANA, f, [FOUNDER, ANA, ben_away, TOM], POLICY, TODAY) == ben_away
    assert check(FOUNDER, f, PEOPLE, POLICY, TODAY) is None  # the founder may approve any single-step invoice
    back = person(3, "Ben", Role.APPROVER, limit="300", away_until=date(2026, 11, 30), delegate="Ana")
    with pytest.raises(Refusal, match="routed to Ben"):
        check(ANA, f, [FOUNDER, ANA, back, TOM], POLICY, TODAY)


def test_separation_of_duties_with_named_people() -> None:
    cases = [
        (dict(entered_by="ana"), "Ana entered invoice 7"),
        (dict(amounts_corrected_by=frozenset({"ANA"})), "Ana corrected the amounts of invoice 7"),
        (dict(bank_confirmed_by=frozenset({"Ana\u200b"})), "Ana trusted the new bank details on invoice 7"),
    ]
    for kw, sentence in cases:
        with pytest.raises(Refusal, match=sentence):
            check(ANA, facts(eur("100"), **kw), PEOPLE, POLICY, TODAY)
    with pytest.raises(Refusal, match="Tom has no approval rights"):
        check(TOM, facts(eur("100")), PEOPLE, POLICY, TODAY)


def test_the_two_step_chain() -> None:
    value = eur("12000")
    with pytest.raises(Refusal, match="needs Ana's approval first"):
        check(FOUNDER, facts(value), PEOPLE, POLICY, TODAY)
    assert check(ANA, facts(value), PEOPLE, POLICY, TODAY) is None  # the review step has no limit
    with pytest.raises(Refusal, match="Only the founder approves above 2,500.00 EUR"):
        check(ANA, facts(value, steps_done=("Founder",)), PEOPLE, POLICY, TODAY)
    assert check(FOUNDER, facts(value, steps_done=("Ana",)), PEOPLE, POLICY, TODAY) is None


def test_no_rate_only_the_founder() -> None:
    value = in_eur("379.75", "SGD", None)
    with pytest.raises(Refusal, match="no exchange rate for SGD"):
        check(ANA, Facts(7, value, "Ana", route(eur("1"), "Ana", PEOPLE, POLICY)), PEOPLE, POLICY, TODAY)
    assert check(FOUNDER, facts(value), PEOPLE, POLICY, TODAY) is None
