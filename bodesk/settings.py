"""The one home for settings: a typed schema saved as JSON in the workspace.

Secrets never live here (see `bodesk.secrets`); unknown keys are ignored and missing ones
take their defaults, so an older or newer settings file never stops the app.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

log = logging.getLogger(__name__)


def _default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name on some service accounts
        return "office"


@dataclass
class Settings:
    """What the user can set; each field has a safe default."""

    user_name: str = field(default_factory=_default_user)
    low_confidence_threshold: float = 0.6
    hourly_cost: float = 35.0  # for time-saved and ROI metrics
    home_currency: str = "EUR"  # the currency the office counts its costs in
    minutes_per_manual_invoice: float = 8.0

    # AP decisions (issue 5). Tolerances: a unit price may differ by the percentage *or* the amount;
    # quantities by the percentage; an invoice's net from the PO's value of what it bills by the amount.
    price_tolerance_pct: float = 2.0
    price_tolerance_amount: float = 0.05
    quantity_tolerance_pct: float = 0.0
    total_tolerance_amount: float = 1.0
    three_way_match: bool = True  # also check billed quantities against goods received
    po_required: bool = True  # an invoice without a PO is an exception (`no_po`)
    possible_duplicate_days: int = 7
    overdue_grace_days: int = 0
    # Approval: matched, untouched and at most this much: approved automatically; above the
    # founder's limit: the founder; in between: the vendor's default approver, else this one.
    auto_approve_limit: float = 500.0
    founder_limit: float = 2500.0
    founder_name: str = "Founder"
    default_approver: str = "Office manager"
    bank_change_needs_two_people: bool = True
    # Per vendor or category: {"vendor:Acme Ltd": {"auto_approve_limit": 0, "approver": "Sam",
    # "po_required": false, "three_way": false}, "category:utilities": {...}}
    approval_overrides: dict[str, dict[str, object]] = field(default_factory=dict)

    # Bookkeeping (issue 15): the starting chart a workspace gets (skr03, skr04, generic); the
    # DATEV batch header (consultant and client numbers from the accountant, fiscal year start as
    # MM-DD, length of ledger account numbers, first creditor account); the generic CSV's rows
    # (one per "line" item or per "invoice"); the dates Xero and QuickBooks read.
    books_chart: str = "skr03"
    datev_consultant_number: int = 0
    datev_client_number: int = 0
    datev_fiscal_year_start: str = "01-01"
    datev_account_length: int = 4
    datev_creditor_base: int = 70000
    export_csv_rows: str = "line"
    xero_date_format: str = "%d/%m/%Y"
    quickbooks_date_format: str = "%m/%d/%Y"

    # Payments: who pays (the debtor of bank files) and the bank file written by default.
    office_name: str = ""
    office_iban: str = ""
    office_bic: str = ""
    payment_file_format: str = "sepa"  # sepa | csv
    sepa_version: str = "pain.001.001.09"  # or pain.001.001.03 for banks that still want it

    @classmethod
    def load(cls, path: Path) -> Settings:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            log.warning("settings file %s unreadable (%s); using defaults", path, exc)
            return cls()
        known = {f.name for f in fields(cls)}
        settings = cls()
        for key, value in data.items() if isinstance(data, dict) else ():
            current = getattr(settings, key, None)
            if key in known and isinstance(current, float) and type(value) is int:
                value = float(value)  # JSON writes 500.0 as 500 when edited by hand
            if key in known and isinstance(value, type(current)):
                setattr(settings, key, value)
        return settings

    def save(self, path: Path) -> None:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
        os.replace(tmp, path)
