"""Typed settings: the schema, validation with a sentence, old settings files, `bodesk settings`, the audit trail."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from bodesk.cli import main
from bodesk.core.decisions import Rules
from bodesk.core.vocabulary import AuditAction
from bodesk.paths import Workspace
from bodesk.settings import SCHEMA, GROUPS, Settings, SettingError, find
from bodesk.store import open_store
from bodesk.store.schema import AuditEntry
from bodesk.store.settings import change


def test_every_setting_is_described_and_its_default_is_valid() -> None:
    keys = [s.key for s in SCHEMA]
    assert len(keys) == len(set(keys))
    for setting in SCHEMA:
        assert setting.label and setting.help and setting.group in GROUPS, setting.key
        if not setting.is_family:
            assert setting.type.coerce(setting.default) == setting.default, setting.key
    for key in ("office.name", "office.currency", "office.iban", "office.bic", "office.locale",
                "rules.auto_approve_limit", "rules.founder_limit", "rules.price_tolerance_pct", "rules.po_required",
                "metrics.hourly_cost", "metrics.monthly_cost", "metrics.minutes_per_manual_invoice", "rates.USD"):
        assert find(key) is not None, key


def test_money_is_decimal_and_bad_values_are_sentences() -> None:
    s = Settings({"rules.auto_approve_limit": "1,200.5", "rates.USD": {"value": "0.92", "as_of": "2026-03-01"}})
    assert s["rules.auto_approve_limit"] == Decimal("1200.50")
    assert s.rate("USD").value == Decimal("0.92") and s.rate("USD").as_of == date(2026, 3, 1)
    assert s.rate("EUR").value == 1  # the office currency
    with pytest.raises(SettingError, match="cannot be less than 0"):
        Settings({"rules.founder_limit": "-5"})
    with pytest.raises(SettingError, match="ISO 4217"):
        Settings({"office.currency": "EURO"})
    with pytest.raises(SettingError, match="not a valid IBAN"):
        Settings.parse("office.iban", "DE89370400440532013001")
    with pytest.raises(SettingError, match="“rules.nothing” is not a setting"):
        Settings({"rules.nothing": 1})
    with pytest.raises(SettingError, match="“maybe” is not a rule"):
        Settings({"rules.override.vendor:Acme": {"maybe": True}})


def test_rules_come_from_the_settings() -> None:
    s = Settings({"rules.auto_approve_limit": "0", "rules.price_tolerance_pct": "5", "rules.po_required": "no",
                  "rules.override.vendor:Acme Ltd": {"auto_approve_limit": "100", "approver": "Sam"}})
    rules = Rules.from_settings(s)
    assert rules.auto_approve_limit == Decimal("0") and rules.tolerances.price_pct == Decimal("5")
    assert rules.po_required is False
    assert rules.overrides["vendor:acme ltd"].auto_approve_limit == Decimal("100")
    assert rules.overrides["vendor:acme ltd"].approver == "Sam"


def test_an_old_settings_file_is_taken_over_and_a_bad_value_falls_back(tmp_path: Path) -> None:
    ws = Workspace.at(tmp_path / "ws").ensure()
    ws.settings_file.write_text(json.dumps({
        "user_name": "Maria", "po_required": False, "auto_approve_limit": 750, "home_currency": "GBP",
        "founder_limit": "lots", "approval_overrides": {"vendor:Acme Ltd": {"approver": "Sam"}},
    }))
    store = open_store(ws)
    try:
        s = store.settings
        assert s["desk.user_name"] == "Maria" and s["rules.po_required"] is False
        assert s["rules.auto_approve_limit"] == Decimal("750.00") and s["office.currency"] == "GBP"
        assert s["rules.founder_limit"] == Decimal("2500.00")  # "lots" is not an amount: the default
        assert s["rules.override.vendor:Acme Ltd"]["approver"] == "Sam"
    finally:
        store.close()
    ws.settings_file.write_text("{}")  # the office's settings now live in the database
    store = open_store(ws)
    try:
        assert store.settings["rules.auto_approve_limit"] == Decimal("750.00")
    finally:
        store.close()


def test_a_change_is_all_or_nothing_and_audited(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SettingError, match="founder_limit"):
        change(store, {"rules.auto_approve_limit": "900", "rules.founder_limit": "many"}, by="Maria")
    assert store.settings["rules.auto_approve_limit"] == Decimal("500.00")
    change(store, {"rules.auto_approve_limit": "900"}, by="Maria", note="more trust")
    assert store.settings["rules.auto_approve_limit"] == Decimal("900.00")
    with store.session() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == AuditAction.SETTING_CHANGED)).one()
    assert (entry.actor, entry.field, entry.old_value, entry.new_value, entry.note) == (
        "Maria", "rules.auto_approve_limit", "500.00", "900.00", "more trust")


def test_settings_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = str(tmp_path / "ws")
    assert main(["--home", home, "users", "add", "Maria", "--role", "office_manager"]) == 0
    assert main(["--home", home, "settings", "set", "office.currency", "usd", "--by", "Nobody"]) == 1  # a person's name
    assert main(["--home", home, "settings", "set", "office.currency", "usd", "--by", "Maria"]) == 0
    assert main(["--home", home, "settings", "set", "rates.GBP", "1.27 2026-03-01", "--by", "Maria"]) == 0
    capsys.readouterr()
    assert main(["--home", home, "settings", "set", "rules.auto_approve_limit", "five hundred", "--by", "Maria"]) == 2
    assert "Approve automatically up to (rules.auto_approve_limit) cannot be “five hundred”" in capsys.readouterr().err
    assert main(["--home", home, "settings", "set", "office.colour", "blue", "--by", "Maria"]) == 2
    assert "“office.colour” is not a setting" in capsys.readouterr().err
    assert main(["--home", home, "settings", "show", "--json"]) == 0
    records = {r["key"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert records["office.currency"]["value"] == "USD" and not records["office.currency"]["default"]
    assert records["rates.GBP"]["value"] == {"value": "1.27", "as_of": "2026-03-01"}
    assert records["rules.auto_approve_limit"] == {**records["rules.auto_approve_limit"], "value": "500.00", "default": True}
    assert main(["--home", home, "settings", "unset", "office.currency", "--by", "Maria"]) == 0
    assert capsys.readouterr().out == "office.currency = EUR (was USD)\n"
    assert main(["--home", home, "settings", "show", "--json"]) == 0
    records = {r["key"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert records["office.currency"]["value"] == "EUR"
