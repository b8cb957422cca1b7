"""Bank files for a payment batch: SEPA credit transfers (ISO 20022 pain.001, through `sepaxml`) and a CSV.

Each `Transfer` is one payment: the vendor, its IBAN, the amount, the execution date, the vendor's
invoice numbers as remittance text and the bodesk invoice as EndToEndId. The SEPA file is checked
against the pain.001 schema shipped with sepaxml before it is handed back. No Qt, no SQL.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from bodesk.core import csvsafe
from bodesk.core.payments import Transfer, iban_problem
from bodesk.errors import BodeskError

SEPA_VERSIONS = ("pain.001.001.09", "pain.001.001.03")
DEFAULT_SEPA_VERSION = "pain.001.001.09"
SEPA_CURRENCIES = frozenset({"EUR"})
FORMATS = ("sepa", "csv")
CSV_COLUMNS = ("execution_date", "payee", "iban", "bic", "amount", "currency", "remittance", "end_to_end_id")


@dataclass(frozen=True)
class Office:
    """Who pays: the office's name and account, from the settings `office.name`, `office.iban`, `office.bic`."""

    name: str
    iban: str
    bic: str | None = None

    def check(self) -> None:
        if not self.name.strip():
            raise BodeskError("The office's name is not set; set office.name in the settings before writing a bank file.")
        if not self.iban.strip():
            raise BodeskError("The office's IBAN is not set; set office.iban in the settings before writing a bank file.")
        problem = iban_problem(self.iban)
        if problem:
            raise BodeskError(f"The office's IBAN {self.iban} is not valid; correct office.iban in the settings.")


def currencies_for(file_format: str) -> frozenset[str] | None:
    """The currencies a bank file can carry (None: any)."""
    return SEPA_CURRENCIES if file_format == "sepa" else None


def _cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def sepa_xml(transfers: list[Transfer], office: Office, *, version: str = DEFAULT_SEPA_VERSION) -> bytes:
    """A pain.001 credit-transfer file for `transfers`, validated against its schema."""
    from sepaxml import SepaTransfer

    if version not in SEPA_VERSIONS:
        raise BodeskError(f"{version} is not a SEPA version bodesk writes; use one of {', '.join(SEPA_VERSIONS)}.")
    office.check()
    config: dict[str, Any] = {"name": office.name, "IBAN": office.iban.replace(" ", ""), "batch": True, "currency": "EUR"}
    if office.bic:
        config["BIC"] = office.bic
    sepa = SepaTransfer(config, schema=version, clean=True)
    for t in transfers:
        if t.currency not in SEPA_CURRENCIES:
            raise BodeskError(f"A SEPA file carries only euros; the transfer to {t.vendor_name} is in {t.currency}.")
        payment: dict[str, Any] = {
            "name": t.vendor_name,
            "IBAN": t.iban,
            "amount": _cents(t.amount),
            "execution_date": t.pay_on,
            "description": t.remittance,
            "endtoend_id": t.end_to_end_id,
        }
        if t.bic:
            payment["BIC"] = t.bic
        sepa.add_payment(payment)
    xml: bytes = sepa.export(validate=False)
    problems = schema_errors(xml, version)
    if problems:
        raise BodeskError("The SEPA file would not pass the bank's checks: " + "; ".join(problems[:3]))
    return xml


@cache
def _schema(version: str) -> Any:
    import sepaxml
    from lxml import etree

    path = Path(sepaxml.__file__).parent / "schemas" / f"{version}.xsd"
    return etree.XMLSchema(etree.parse(str(path)))


def schema_errors(xml: bytes, version: str) -> list[str]:
    """What the official pain.001 schema finds wrong with `xml` (empty when it is valid)."""
    from lxml import etree

    from bodesk.core.terms import safe_parser

    schema = _schema(version)
    doc = etree.fromstring(xml, safe_parser())
    if schema.validate(doc):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def csv_text(transfers: list[Transfer]) -> bytes:
    """The same transfers as a CSV file, for banks without SEPA upload (any currency)."""
    out = io.StringIO()
    writer = csvsafe.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for t in transfers:
        writer.writerow([t.pay_on.isoformat(), t.vendor_name, t.iban, t.bic or "", str(t.amount), t.currency,
                         t.remittance, t.end_to_end_id])
    return out.getvalue().encode("utf-8")


def bank_file(transfers: list[Transfer], office: Office, file_format: str, *, version: str = DEFAULT_SEPA_VERSION) -> bytes:
    if file_format == "sepa":
        return sepa_xml(transfers, office, version=version)
    if file_format == "csv":
        return csv_text(transfers)
    raise BodeskError(f"{file_format} is not a bank file format; use sepa or csv.")
