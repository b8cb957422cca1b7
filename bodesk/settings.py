"""The one home for settings: a typed table of every setting, and the validated values of a workspace.

Each setting is one entry of `SCHEMA`: its dotted key, type, default, label, help and group (as the
Settings dialog will show them). To add a setting, add one entry there. Some keys are families,
written with a `*`: `rates.USD` (what one US dollar is worth in the office currency, with the day it
was set) or `rules.override.vendor:Acme Ltd` (approval rules for one vendor or category).

Values are validated when they are loaded and when they are changed; a bad one is a `SettingError`
whose text is the sentence to show. Money is `Decimal`. The store keeps the values (`bodesk.store.
settings`); this module knows no database, no Qt and no secrets (those live in the OS keyring).
"""

from __future__ import annotations

import getpass
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from bodesk.errors import BodeskError
from bodesk.settings_types import (
    BIC,
    BOOL,
    ChoiceType,
    CURRENCY,
    FRACTION,
    IBAN,
    LOCALE,
    MonthDayType,
    MONEY,
    OVERRIDE,
    PERCENT,
    RATE,
    TEXT,
    DecimalType,
    IntType,
    Rate,
    SettingType,
)

__all__ = ["SCHEMA", "GROUPS", "Rate", "Setting", "SettingError", "Settings", "find", "login_name", "setting_for"]


class SettingError(BodeskError):
    """A key that is not a setting, or a value a setting cannot take; the text says which and why."""


def login_name() -> str:
    """The computer's login name: the first person of a new workspace, and who acts when no one is named."""
    try:
        return getpass.getuser()
    except Exception:  # no login name on some service accounts
        return "office"


@dataclass(frozen=True)
class Setting:
    """One setting: what it is called, what it holds and how it is shown.

    `key` ending in `.*` is a family (one value per suffix, no default). `local` settings belong to
    this desk (kept in the workspace's settings file), the others to the office (in its database).
    `legacy` is the name the setting had in the settings files of earlier versions."""

    key: str
    type: SettingType
    default: Any
    label: str
    help: str
    group: str
    local: bool = False
    legacy: str | None = None
    suffix: str | None = None  # families: a regular expression the part after the prefix must match

    @property
    def is_family(self) -> bool:
        return self.key.endswith(".*")

    @property
    def prefix(self) -> str:
        return self.key[:-1] if self.is_family else self.key


GROUPS = ("Office", "This desk", "Approvals", "Matching tolerances", "Duplicates", "Checks", "Metrics", "Rates",
          "Payments", "Bookkeeping", "Reminders", "Intake")

SCHEMA: tuple[Setting, ...] = (
    # Office
    Setting("office.name", TEXT, "", "Office name", "The business's name, as on its payments and reports.", "Office",
            legacy="office_name"),
    Setting("office.currency", CURRENCY, "EUR", "Office currency",
            "The currency the office keeps its books and counts its costs in (ISO code).", "Office",
            legacy="home_currency"),
    Setting("office.iban", IBAN, "", "Office IBAN", "The account payments are made from.", "Office", legacy="office_iban"),
    Setting("office.bic", BIC, "", "Office BIC", "The bank's BIC of the office's account.", "Office", legacy="office_bic"),
    Setting("office.locale", LOCALE, "", "Number and date format",
            "How amounts and dates are written: a locale such as en_GB, de_DE, fr_FR (empty: this computer's).",
            "Office"),
    # This desk
    Setting("desk.user_name", TEXT, login_name(), "Your name",
            "The name this desk's actions are recorded under when no user is signed in.", "This desk",
            local=True, legacy="user_name"),
    # Approvals
    Setting("rules.auto_approve_limit", MONEY, MONEY.coerce("500"), "Approve automatically up to",
            "A matched, untouched invoice from a verified vendor at most this much (office currency) "
            "is approved without a person.", "Approvals", legacy="auto_approve_limit"),
    Setting("rules.founder_limit", MONEY, MONEY.coerce("2500"), "Founder approves above",
            "Invoices above this amount go to the founder.", "Approvals", legacy="founder_limit"),
    Setting("rules.founder_name", TEXT, "Founder", "Founder", "Who approves above the founder's limit.",
            "Approvals", legacy="founder_name"),
    Setting("rules.default_approver", TEXT, "Office manager", "Default approver",
            "Who approves an invoice when its vendor names no approver.", "Approvals", legacy="default_approver"),
    Setting("rules.two_step_above", MONEY, MONEY.coerce("10000"), "Two approvals above",
            "Above this amount (office currency) the vendor's approver approves first, then the founder; "
            "0 for never.", "Approvals"),
    Setting("rules.po_required", BOOL, True, "PO required",
            "An invoice without a purchase order number is an exception.", "Approvals", legacy="po_required"),
    Setting("rules.bank_change_needs_two_people", BOOL, True, "Two people trust new bank details",
            "New bank details of a vendor are trusted only when a second person confirms them.", "Approvals",
            legacy="bank_change_needs_two_people"),
    Setting("rules.override.*", OVERRIDE, None, "Rules for a vendor or category",
            "Keys rules.override.vendor:NAME or rules.override.category:NAME; a JSON object with any of "
            "auto_approve_limit, approver, po_required, three_way.", "Approvals",
            suffix=r"(vendor|category):\S.*"),
    # Matching tolerances
    Setting("rules.price_tolerance_pct", PERCENT, PERCENT.coerce("2"), "Price tolerance (%)",
            "A unit price may differ from the PO's by this percentage…", "Matching tolerances",
            legacy="price_tolerance_pct"),
    Setting("rules.price_tolerance_amount", MONEY, MONEY.coerce("0.05"), "Price tolerance (amount)",
            "…or by this amount.", "Matching tolerances", legacy="price_tolerance_amount"),
    Setting("rules.quantity_tolerance_pct", PERCENT, PERCENT.coerce("0"), "Quantity tolerance (%)",
            "A billed quantity may differ from the ordered one by this percentage.", "Matching tolerances",
            legacy="quantity_tolerance_pct"),
    Setting("rules.total_tolerance_amount", MONEY, MONEY.coerce("1.00"), "Total tolerance (amount)",
            "An invoice's net may differ from the PO's value of what it bills by this amount.",
            "Matching tolerances", legacy="total_tolerance_amount"),
    Setting("rules.three_way_match", BOOL, True, "Three-way match",
            "Also check billed quantities against the goods received.", "Matching tolerances",
            legacy="three_way_match"),
    # Duplicates
    Setting("rules.possible_duplicate_days", IntType(0, 366), 7, "Possible duplicates within (days)",
            "Invoices of the same vendor and amount this close together are flagged as possible duplicates.",
            "Duplicates", legacy="possible_duplicate_days"),
    # Checks
    Setting("rules.low_confidence_threshold", FRACTION, 0.6, "Uncertain below",
            "A field read with less confidence than this (0 to 1) is flagged for a person to check.", "Checks",
            legacy="low_confidence_threshold"),
    Setting("rules.overdue_grace_days", IntType(0, 366), 0, "Overdue after (days)",
            "Days past its due date before an unpaid invoice is flagged as overdue.", "Checks",
            legacy="overdue_grace_days"),
    # Metrics
    Setting("metrics.hourly_cost", MONEY, MONEY.coerce("35"), "Cost of an office hour",
            "What an hour of office time costs (office currency), for time saved and ROI.", "Metrics",
            legacy="hourly_cost"),
    Setting("metrics.monthly_cost", MONEY, MONEY.coerce("0"), "Cost of bodesk per month",
            "What running bodesk costs per month (office currency), for the ROI; 0 leaves the ROI out.", "Metrics"),
    Setting("metrics.minutes_per_touch", DecimalType(0, 600), DecimalType(0, 600).coerce("4"),
            "Minutes per touch", "How long a person spends on an invoice bodesk could not finish alone.", "Metrics"),
    Setting("metrics.minutes_per_manual_invoice", DecimalType(0, 600), DecimalType(0, 600).coerce("8"),
            "Minutes per manual invoice", "How long typing in one invoice by hand takes.", "Metrics",
            legacy="minutes_per_manual_invoice"),
    # Rates
    Setting("rates.*", RATE, None, "Exchange rate",
            "Keys rates.CUR: what one unit of CUR is worth in the office currency, with the day it was set "
            "(`1.17` is taken as set today; `1.17 2026-03-01` names the day).", "Rates", suffix=r"[A-Z]{3}"),
    # Payments
    Setting("payments.file_format", ChoiceType(("sepa", "csv")), "sepa", "Bank file format",
            "The file a payment batch is written as by default.", "Payments", legacy="payment_file_format"),
    Setting("payments.sepa_version", ChoiceType(("pain.001.001.09", "pain.001.001.03")), "pain.001.001.09",
            "SEPA version", "pain.001.001.03 for banks that still want the older one.", "Payments",
            legacy="sepa_version"),
    # Bookkeeping
    Setting("books.chart", ChoiceType(("skr03", "skr04", "generic")), "skr03", "Starting chart of accounts",
            "The chart a workspace starts from before one is imported.", "Bookkeeping", legacy="books_chart"),
    Setting("books.datev_consultant_number", IntType(0, 9999999), 0, "DATEV consultant number",
            "Your accountant's consultant number (1001–9999999); 0: not set.", "Bookkeeping",
            legacy="datev_consultant_number"),
    Setting("books.datev_client_number", IntType(0, 99999), 0, "DATEV client number",
            "Your client number at the accountant (1–99999); 0: not set.", "Bookkeeping", legacy="datev_client_number"),
    Setting("books.datev_fiscal_year_start", MonthDayType(), "01-01", "Fiscal year starts",
            "The first day of the fiscal year, MM-DD.", "Bookkeeping", legacy="datev_fiscal_year_start"),
    Setting("books.datev_account_length", IntType(4, 8), 4, "Length of ledger account numbers",
            "Digits of the general ledger accounts in DATEV (4 for SKR03/SKR04).", "Bookkeeping",
            legacy="datev_account_length"),
    Setting("books.datev_creditor_base", IntType(10000, 999999999), 70000, "First creditor account",
            "Vendors get creditor accounts counting up from this number.", "Bookkeeping", legacy="datev_creditor_base"),
    Setting("books.export_csv_rows", ChoiceType(("line", "invoice")), "line", "CSV export rows",
            "One row per invoice line, or per invoice.", "Bookkeeping", legacy="export_csv_rows"),
    Setting("books.tax_name.*", TEXT, None, "Tax rate name in Xero or QuickBooks",
            "Keys books.tax_name.CODE: the name of tax code CODE's rate as set up in Xero or QuickBooks "
            "(e.g. books.tax_name.VSt19 = `19% (VAT on Expenses)`); without one, bodesk's own name is used.",
            "Bookkeeping", suffix=r"[A-Za-z0-9]+"),
    Setting("books.xero_date_format", TEXT, "%d/%m/%Y", "Xero date format",
            "How dates are written in the Xero bill import (strftime codes).", "Bookkeeping", legacy="xero_date_format"),
    Setting("books.quickbooks_date_format", TEXT, "%m/%d/%Y", "QuickBooks date format",
            "How dates are written in the QuickBooks bill import (strftime codes).", "Bookkeeping",
            legacy="quickbooks_date_format"),
    # Reminders
    Setting("reminders.approval_days", IntType(1, 365), 3, "Remind of approvals after (days)",
            "An approval waiting longer than this is reminded.", "Reminders"),
    Setting("reminders.exception_days", IntType(1, 365), 5, "Remind of exceptions after (days)",
            "An exception older than this is reminded.", "Reminders"),
    Setting("reminders.due_within_days", IntType(0, 365), 7, "Remind of payments due within (days)",
            "Invoices and discounts falling due within this many days are reminded.", "Reminders"),
    Setting("reminders.escalate_after_days", IntType(1, 365), 7, "Escalate after (days)",
            "After the first reminder, this many more days and the founder is told.", "Reminders"),
    Setting("onboarding.certificate_warning_days", IntType(0, 3650), 90, "Certificates expiring within (days)",
            "A certificate this close to its expiry date is listed as expiring.", "Reminders"),
    # Intake
    Setting("intake.max_mail_mb", IntType(1, 2000), 50, "Largest mail taken (MB)",
            "A larger mail is left unread in the mailbox and reported, so that one huge mail cannot stall intake.",
            "Intake"),
)

_BY_KEY = {s.key: s for s in SCHEMA if not s.is_family}
_FAMILIES = tuple(s for s in SCHEMA if s.is_family)


def find(key: str) -> Setting | None:
    """The setting a key names (a family's entry for `rates.USD`), or None."""
    if key in _BY_KEY:
        return _BY_KEY[key]
    for family in _FAMILIES:
        rest = key[len(family.prefix):] if key.startswith(family.prefix) else None
        if rest and family.suffix and re.fullmatch(family.suffix, rest):
            return family
    return None


def setting_for(key: str) -> Setting:
    """Like `find`, but a key that is no setting is a `SettingError` naming it."""
    found = find(key)
    if found is None:
        hint = ""
        for family in _FAMILIES:
            if key.startswith(family.prefix):
                hint = f" ({family.help.split(';')[0]})"
        raise SettingError(f"“{key}” is not a setting{hint}; `bodesk settings show` lists them.")
    return found


def _checked(key: str, value: Any) -> Any:
    setting = setting_for(key)
    try:
        return setting.type.coerce(value)
    except ValueError as exc:
        raise SettingError(f"{setting.label} ({key}) cannot be “{value}”: {exc}") from None


@dataclass(frozen=True)
class Settings:
    """The values of a workspace's settings, each checked against its type; unset keys give the default.

    Immutable: `replace` returns a new object, so a thread holding one never sees it change."""

    values: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        checked = {key: _checked(key, value) for key, value in dict(self.values).items()}
        object.__setattr__(self, "values", MappingProxyType(checked))

    @classmethod
    def tolerant(cls, values: Mapping[str, Any]) -> tuple[Settings, list[str]]:
        """Settings from stored values, leaving out (and describing) those that are unknown or invalid."""
        good: dict[str, Any] = {}
        problems: list[str] = []
        for key, value in values.items():
            try:
                good[key] = _checked(key, value)
            except SettingError as exc:
                problems.append(f"{exc} The default is used instead.")
        return cls(good), problems

    def __getitem__(self, key: str) -> Any:
        if key in self.values:
            return self.values[key]
        setting = setting_for(key)
        if setting.is_family:
            raise KeyError(key)
        return setting.default

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def replace(self, changes: Mapping[str, Any]) -> Settings:
        """A copy with `changes` applied; a value of None removes the key (back to its default)."""
        values = dict(self.values)
        for key, value in changes.items():
            if value is None:
                setting_for(key)
                values.pop(key, None)
            else:
                values[key] = value
        return Settings(values)

    def family(self, prefix: str) -> dict[str, Any]:
        """The entries of a family by suffix: `family("rates.")` → {"USD": Rate(...)}."""
        return {k[len(prefix):]: v for k, v in self.values.items() if k.startswith(prefix)}

    def rate(self, currency: str) -> Rate | None:
        """What one unit of `currency` is worth in the office currency (1 for the office currency itself)."""
        if currency == self["office.currency"]:
            return Rate.one()
        return self.values.get(f"rates.{currency}")

    def shown(self) -> Iterator[tuple[str, Setting, Any, bool]]:
        """Every setting in schema order, then family entries: (key, setting, value, is it the default)."""
        for setting in SCHEMA:
            if setting.is_family:
                for key in sorted(k for k in self.values if k.startswith(setting.prefix)):
                    yield key, setting, self.values[key], False
            else:
                yield setting.key, setting, self[setting.key], setting.key not in self.values

    def dump(self, key: str) -> Any:
        """The JSON form of a key's value, as stored and as `settings show --json` prints it."""
        return setting_for(key).type.dump(self[key])

    def text(self, key: str) -> str:
        return setting_for(key).type.show(self[key])

    @staticmethod
    def parse(key: str, text: str) -> Any:
        """A value typed by a person (`bodesk settings set`), checked; raises `SettingError` with the reason."""
        setting = setting_for(key)
        try:
            return setting.type.parse(text)
        except ValueError as exc:
            raise SettingError(f"{setting.label} ({key}) cannot be “{text}”: {exc}") from None


def from_legacy(data: Mapping[str, Any]) -> dict[str, Any]:
    """The values of an earlier version's settings file, by their dotted keys."""
    out: dict[str, Any] = {}
    by_legacy = {s.legacy: s for s in SCHEMA if s.legacy}
    for name, value in data.items():
        if name in by_legacy:
            out[by_legacy[name].key] = value
        elif name == "approval_overrides" and isinstance(value, dict):
            for who, spec in value.items():
                out[f"rules.override.{who}"] = spec
        elif find(name) is not None:
            out[name] = value
    return out
