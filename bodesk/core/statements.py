"""Bank statements read into plain lines: camt.053 (ISO 20022 XML), MT940 (through `mt-940`) and CSV.

A statement that cannot be read raises `BodeskError` with a sentence; nothing is half-read. camt files
are parsed with entities off, no network and no huge trees, and one carrying a DTD is refused: bank
statements never have one, and hostile files (entity expansion, external entities) do. No Qt, no SQL.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from bodesk.errors import BodeskError

MAX_STATEMENT_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class StatementLine:
    """One booking on the office's account: `amount` is negative for a debit (money going out)."""

    booking_date: date
    amount: Decimal
    currency: str
    end_to_end_id: str | None = None
    counterparty_iban: str | None = None
    counterparty_name: str | None = None
    remittance: str = ""
    reference: str | None = None
    account: str | None = None

    @property
    def is_debit(self) -> bool:
        return self.amount < 0

    def key(self, occurrence: int) -> str:
        """A fingerprint that is the same whenever the same booking is imported again (the n-th identical
        booking of a statement is told apart by `occurrence`)."""
        parts = (self.account, self.booking_date, self.amount, self.currency, self.end_to_end_id,
                 self.counterparty_iban, self.remittance, self.reference, occurrence)
        return hashlib.sha256("|".join("" if p is None else str(p) for p in parts).encode()).hexdigest()


def read_statement(data: bytes, name: str = "the statement") -> tuple[str, list[StatementLine]]:
    """(format, lines) of a statement file: camt.053, MT940 or CSV, told apart by their content."""
    if len(data) > MAX_STATEMENT_BYTES:
        raise BodeskError(f"{name} is larger than 50 MB; bank statements are far smaller, so it was not read.")
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:2048]
    if head.startswith(b"<"):
        return "camt.053", read_camt053(data, name)
    text = _decode(data, name)
    if re.search(r"^:20:", text, re.M) and re.search(r"^:61:", text, re.M):
        return "mt940", read_mt940(text, name)
    if "," in text.split("\n", 1)[0] or ";" in text.split("\n", 1)[0]:
        return "csv", read_csv(text, name)
    raise BodeskError(f"{name} is not a bank statement bodesk can read; export it from your bank as camt.053 (XML), "
                      "MT940 or CSV.")


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise BodeskError(f"{name} claims to be UTF-16 text but is not; export it again as UTF-8.") from None
    if b"\x00" in data[:4096]:
        raise BodeskError(f"{name} is a binary file, not a bank statement; export it as camt.053, MT940 or CSV.")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BodeskError(f"{name} is in a text encoding bodesk cannot read; export it again as UTF-8.")


def _amount(text: str | None, name: str) -> Decimal:
    raw = (text or "").strip().replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})*(,\d+)?|[-+]?\d+,\d+", raw):
        raw = raw.replace(".", "").replace(",", ".")  # 1.234,56
    else:
        raw = raw.replace(",", "")  # 1,234.56
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise BodeskError(f"{name} has an amount “{text}” that is not a number.") from None
    if not value.is_finite():
        raise BodeskError(f"{name} has an amount “{text}” that is not a number.")
    return value


def _date(text: str | None, name: str) -> date:
    raw = (text or "").strip()[:10]
    try:
        return date.fromisoformat(raw)  # what XML statements carry: by far the quickest path
    except ValueError:
        pass
    for fmt in ("%d.%m.%Y", "%d/%m/%Y", "%Y%m%d"):
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise BodeskError(f"{name} has a date “{text}” that is not a date (use YYYY-MM-DD).")


# --- camt.053 -------------------------------------------------------------------------------------------

SEP = "\u241f"  # joins the fields one XPath call reads; never found in bank data

#: What one call reads from an entry, and from each of its transaction details (paths of local names).
_ENTRY_FIELDS = ("Amt", "Amt/@Ccy", "CdtDbtInd", "BookgDt/Dt", "BookgDt/DtTm", "ValDt/Dt", "AcctSvcrRef", "AddtlNtryInf")
_TX_FIELDS = (
    "AmtDtls/TxAmt/Amt", "AmtDtls/TxAmt/Amt/@Ccy", "Amt", "Amt/@Ccy", "CdtDbtInd", "Refs/EndToEndId",
    "RltdPties/CdtrAcct/Id/IBAN", "RltdPties/DbtrAcct/Id/IBAN", "RltdPties/Cdtr/Nm", "RltdPties/Cdtr/Pty/Nm",
    "RltdPties/Dbtr/Nm", "RltdPties/Dbtr/Pty/Nm", "Refs/AcctSvcrRef",
)


class _Camt:
    """The XPath expressions of one camt namespace, compiled once: a statement of thousands of bookings is
    read with a few calls into lxml per booking rather than a Python walk of every element."""

    def __init__(self, namespace: str) -> None:
        from lxml import etree

        ns = {"c": namespace} if namespace else {}

        def qualified(path: str) -> str:
            return "/".join(step if step.startswith("@") or step.endswith("()") or not ns else f"c:{step}"
                            for step in path.split("/"))

        def joined(fields: tuple[str, ...]) -> Any:
            parts = f", '{SEP}', ".join(f"string({qualified(f)})" for f in fields)
            return etree.XPath(f"concat({parts})", namespaces=ns, smart_strings=False)

        def nodes(path: str) -> Any:
            return etree.XPath(qualified(path), namespaces=ns, smart_strings=False)

        self.statements = nodes("BkToCstmrStmt/Stmt")
        self.account = etree.XPath(f"string({qualified('Acct/Id/IBAN')})", namespaces=ns, smart_strings=False)
        self.entries = nodes("Ntry")
        self.entry = joined(_ENTRY_FIELDS)
        self.details = nodes("NtryDtls/TxDtls")
        self.tx = joined(_TX_FIELDS)
        self.ustrd = nodes("RmtInf/Ustrd/text()")
        self.refs = nodes("RmtInf/Strd/CdtrRefInf/Ref/text()")


def read_camt053(data: bytes, name: str = "the statement") -> list[StatementLine]:
    from lxml import etree

    from bodesk.core.terms import safe_parser

    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        raise BodeskError(f"{name} is not well-formed XML ({exc.msg}); it was not read.") from None
    if root.getroottree().docinfo.doctype:
        raise BodeskError(f"{name} declares a document type (DTD); bank statements never do, so it was refused as unsafe.")
    namespace = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
    camt = _Camt(namespace)
    statements = camt.statements(root) if root.tag.endswith("Document") else []
    if "camt.053" not in namespace or not statements:
        raise BodeskError(f"{name} is XML but not a camt.053 bank statement; export the account statement as camt.053.")
    lines: list[StatementLine] = []
    for stmt in statements:
        account = camt.account(stmt).strip() or None
        for entry in camt.entries(stmt):
            lines.extend(_camt_entry(camt, entry, account, name))
    return lines


def _camt_entry(camt: _Camt, entry: Any, account: str | None, name: str) -> list[StatementLine]:
    amount, currency, indicator, booked, booked_at, value_day, reference, info = (
        v.strip() for v in camt.entry(entry).split(SEP))
    if not amount:
        raise BodeskError(f"{name} has an entry without an amount; it was not read.")
    sign = -1 if indicator == "DBIT" else 1
    day = _date(booked or booked_at or value_day, name)
    details = camt.details(entry)
    if not details:
        return [StatementLine(day, sign * _amount(amount, name), currency, reference=reference or None,
                              remittance=info, account=account)]
    out = []
    for tx in details:
        (tx_amount, tx_currency, plain_amount, plain_currency, tx_indicator, e2e, creditor_iban, debtor_iban,
         creditor, creditor_party, debtor, debtor_party, tx_reference) = (v.strip() for v in camt.tx(tx).split(SEP))
        if not tx_amount:
            tx_amount, tx_currency = plain_amount, plain_currency
        if not tx_amount:
            if len(details) > 1:
                raise BodeskError(f"{name} has a batch booking whose parts carry no amounts; it was not read.")
            tx_amount, tx_currency = amount, currency
        tx_sign = {"DBIT": -1, "CRDT": 1}.get(tx_indicator, sign)
        remittance = " ".join(t.strip() for t in [*camt.ustrd(tx), *camt.refs(tx)] if t.strip())
        out.append(StatementLine(
            day, tx_sign * _amount(tx_amount, name), tx_currency,
            end_to_end_id=_none_if_notprovided(e2e or None),
            counterparty_iban=(creditor_iban if tx_sign < 0 else debtor_iban) or None,
            counterparty_name=((creditor or creditor_party) if tx_sign < 0 else (debtor or debtor_party)) or None,
            remittance=remittance,
            reference=tx_reference or reference or None,
            account=account,
        ))
    return out


def _none_if_notprovided(value: str | None) -> str | None:
    return None if value is None or value.upper() == "NOTPROVIDED" else value


# --- MT940 ----------------------------------------------------------------------------------------------

def read_mt940(text: str, name: str = "the statement") -> list[StatementLine]:
    import mt940

    try:
        transactions = mt940.parse(text, options=mt940.Options(applicant_iban=True))
    except Exception as exc:  # the parser raises plain exceptions on malformed tags
        raise BodeskError(f"{name} looks like MT940 but cannot be read ({exc}); export it from your bank again.") from None
    account = transactions.data.get("account_identification")
    lines = []
    for tx in transactions:
        d = tx.data
        amount = d.get("amount")
        booked = d.get("entry_date") or d.get("date")
        if amount is None or booked is None:
            raise BodeskError(f"{name} has a booking without an amount or a date; it was not read.")
        remittance = " ".join(filter(None, (d.get("purpose"), d.get("additional_purpose"), d.get("extra_details"))))
        if not d.get("purpose"):
            remittance = " ".join(filter(None, (remittance, d.get("transaction_details"))))
        lines.append(StatementLine(
            date(booked.year, booked.month, booked.day), Decimal(str(amount.amount)), amount.currency,
            end_to_end_id=_none_if_notprovided(d.get("end_to_end_reference")),
            counterparty_iban=(d.get("applicant_iban") or d.get("gvc_applicant_iban") or None),
            counterparty_name=d.get("applicant_name"),
            remittance=" ".join(remittance.split()),
            reference=d.get("bank_reference") or d.get("customer_reference"),
            account=account,
        ))
    return lines


# --- CSV ------------------------------------------------------------------------------------------------

_CSV_NAMES = {
    "booking_date": ("booking_date", "date", "buchungstag", "buchungsdatum", "datum", "valuta"),
    "amount": ("amount", "betrag", "montant", "importe"),
    "currency": ("currency", "währung", "waehrung", "devise", "moneda"),
    "end_to_end_id": ("end_to_end_id", "endtoendid", "end-to-end-referenz", "eref"),
    "counterparty_iban": ("counterparty_iban", "iban", "empfänger iban", "iban zahlungsbeteiligter"),
    "counterparty_name": ("counterparty_name", "name", "empfänger", "beguenstigter/zahlungspflichtiger", "payee"),
    "remittance": ("remittance", "verwendungszweck", "purpose", "description", "reference text", "libellé"),
}


def read_csv(text: str, name: str = "the statement") -> list[StatementLine]:
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader, [])]
    columns = {key: next((header.index(n) for n in names if n in header), None) for key, names in _CSV_NAMES.items()}
    missing = [k for k in ("booking_date", "amount", "currency") if columns[k] is None]
    if missing:
        raise BodeskError(f"{name} lacks the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; a CSV statement "
                          "needs booking_date, amount and currency (and counterparty_iban, remittance, end_to_end_id).")
    lines = []
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(key: str) -> str | None:
            index = columns[key]
            return row[index].strip() or None if index is not None and index < len(row) else None

        where = f"{name}, line {number},"
        lines.append(StatementLine(
            _date(cell("booking_date"), where), _amount(cell("amount"), where), (cell("currency") or "").upper(),
            end_to_end_id=_none_if_notprovided(cell("end_to_end_id")),
            counterparty_iban=(cell("counterparty_iban") or "").replace(" ", "").upper() or None,
            counterparty_name=cell("counterparty_name"), remittance=cell("remittance") or "",
        ))
    return lines
