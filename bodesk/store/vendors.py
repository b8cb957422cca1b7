"""Vendors: finding the one an invoice names, creating unverified ones, the CSV import, editing.

A vendor imported from the office's own list (CSV, or entered in the app) is verified and its IBANs
trusted from the moment of import; one first seen on an invoice is created unverified, with its IBAN
untrusted, until a person checks it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, selectinload

from bodesk.core import validate
from bodesk.core.vocabulary import AuditAction
from bodesk.errors import BodeskError
from bodesk.store import Store, audit
from bodesk.store.db import savepoint
from bodesk.store.rechecking import rechecks_waiting
from bodesk.store.schema import Vendor, VendorAlias, VendorIban

VENDOR_COLUMNS = ("name", "tax_id", "iban", "payment_terms_days")
#: Optional columns beyond the contract's: aliases separated by ";", default approver, category.
EXTRA_COLUMNS = ("aliases", "default_approver", "category")


@dataclass
class RowResult:
    """What happened to one row of an imported CSV file (the JSON record of the import commands)."""

    row: int
    key: str
    status: str = "error"  # created | updated | error
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what a person should know, though the row was taken

    @property
    def failed(self) -> bool:
        return self.status == "error"

    def to_json(self) -> dict[str, Any]:
        return {"row": self.row, "key": self.key, "status": self.status, "errors": list(self.errors),
                "notes": list(self.notes)}


def decode_csv(data: bytes, name: str) -> str:
    """The text of a CSV file: UTF-8 (with or without BOM), UTF-16 (with a BOM, or the NULs that give it
    away), or Windows-1252/Latin-1 as office tools write them; a sentence naming the way out otherwise."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    elif data[:4000].count(b"\0") > len(data[:4000]) // 4:
        encodings = ("utf-16-le",) if data[1:2] == b"\0" else ("utf-16-be",)
    else:
        encodings = ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\0" not in text:
            return text
    raise BodeskError(f"{name} is not a text file in an encoding bodesk reads (UTF-8, UTF-16 or Windows-1252); "
                      "save it again as “CSV UTF-8” from your spreadsheet.")


def read_csv(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV file as (line number, {column: stripped text}); a missing file or column is a sentence."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BodeskError(f"{path} cannot be read: {exc.strerror}.") from exc
    reader = csv.DictReader(io.StringIO(decode_csv(data, path.name), newline=""))
    try:
        header = [h.strip().lower() for h in reader.fieldnames or []]
    except csv.Error as exc:
        raise BodeskError(f"{path.name} is not a CSV file bodesk can read ({exc}).") from exc
    missing = [c for c in required if c not in header]
    if missing:
        raise BodeskError(f"{path.name} lacks the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; "
                          f"the first line must name the columns {','.join(required)}.")
    reader.fieldnames = header
    try:
        for number, row in enumerate(reader, start=2):
            yield number, {k: (v or "").strip() for k, v in row.items() if k}
    except csv.Error as exc:
        raise BodeskError(f"{path.name} is damaged near line {reader.line_num} ({exc}); the rows before it were read.") from exc


def compact_iban(text: str) -> str:
    return text.replace(" ", "").upper()


def find_vendor(session: Session, name: str | None, tax_id: str | None) -> Vendor | None:
    """The vendor an invoice names: by tax id first, then by name or alias (case-insensitive)."""
    if tax_id:
        vendor = session.scalar(select(Vendor).where(Vendor.tax_id == tax_id).limit(1))
        if vendor is not None:
            return vendor
    if not name:
        return None
    vendor = session.scalar(select(Vendor).where(func.lower(Vendor.name) == name.lower()))
    if vendor is None:
        vendor = session.scalar(
            select(Vendor).join(VendorAlias).where(func.lower(VendorAlias.name) == name.lower()).limit(1)
        )
    return vendor


def create_unverified(session: Session, name: str, tax_id: str | None, iban: str | None, *, invoice_id: int) -> Vendor:
    """A vendor first seen on an invoice: created unverified, its IBAN not trusted."""
    vendor = Vendor(name=name, tax_id=tax_id, verified=False, created_at=datetime.now())
    if iban:
        vendor.ibans.append(VendorIban(iban=iban, trusted_since=None))
    try:
        with savepoint(session):
            session.add(vendor)
    except IntegrityError:  # another desk created it a moment ago, from another of its invoices
        found = find_vendor(session, name, tax_id)
        if found is None:
            raise
        return found
    audit.record(session, actor=audit.SYSTEM_ACTOR, action=AuditAction.CREATED, entity="vendor", entity_id=vendor.id,
                 note=f"First seen on invoice #{invoice_id}; unverified until a person checks it.")
    return vendor


def trust_iban(session: Session, vendor: Vendor, iban: str, *, actor: str, note: str | None = None) -> None:
    """Mark `iban` as one of the vendor's trusted accounts from now on."""
    iban = compact_iban(iban)
    entry = next((i for i in vendor.ibans if i.iban == iban), None)
    if entry is None:
        entry = VendorIban(iban=iban)
        vendor.ibans.append(entry)
    if entry.trusted_since is None:
        entry.trusted_since = datetime.now()
        session.flush()
        audit.record(session, actor=actor, action=AuditAction.TRUSTED_IBAN, entity="vendor", entity_id=vendor.id,
                     field="iban", new=iban, note=note)


def set_verified(session: Session, vendor: Vendor, *, actor: str, note: str | None = None) -> None:
    if not vendor.verified:
        vendor.verified = True
        audit.record(session, actor=actor, action=AuditAction.VERIFIED, entity="vendor", entity_id=vendor.id,
                     field="verified", old=False, new=True, note=note)


IMPORT_BATCH = 500  # rows per transaction: a large file never holds the database for long


@rechecks_waiting
def import_vendors(store: Store, path: Path, *, actor: str) -> list[RowResult]:
    """`bodesk vendors import CSV`: create or update each vendor by name; its IBAN is trusted.

    Each row is checked first (name, terms, a real IBAN); a bad row is reported by number and the
    rest imported. Rows are saved in batches, each row in its own savepoint. One vendor named on
    several rows with different IBANs gets none of the later ones trusted: that needs a person."""
    results: list[RowResult] = []
    with store.session() as session:
        index = _vendor_index(session)
    first_iban: dict[str, tuple[str, int]] = {}
    batch: list[tuple[RowResult, dict[str, str], int | None, str]] = []
    for number, row in read_csv(path, ("name",)):
        result = RowResult(number, row.get("name", "")[:256])
        results.append(result)
        name = row.get("name", "")
        if not name:
            result.errors.append(f"Row {number} has no vendor name.")
        elif len(name) > 256:
            result.errors.append(f"Row {number}: the vendor name is longer than 256 characters.")
        terms: int | None = None
        if row.get("payment_terms_days"):
            try:
                terms = validate.terms_days(row["payment_terms_days"], "The payment terms")
            except validate.InvalidValue as exc:
                result.errors.append(f"Row {number}: {exc}")
        iban = ""
        if row.get("iban"):
            try:
                iban = validate.iban(row["iban"])
            except validate.InvalidValue as exc:
                result.errors.append(f"Row {number}: {exc}")
        if iban and name:
            earlier = first_iban.setdefault(name.lower(), (iban, number))
            if earlier[0] != iban:
                result.errors.append(f"Row {number}: {name} was given another IBAN in row {earlier[1]}; one file trusts "
                                     "one account per vendor. Check which is right and add the other in bodesk.")
        if result.errors:
            continue
        batch.append((result, row, terms, iban))
        if len(batch) >= IMPORT_BATCH:
            _save_vendors(store, batch, index, path, actor)
            batch = []
    if batch:
        _save_vendors(store, batch, index, path, actor)
    return results


def _vendor_index(session: Session) -> dict[str, int]:
    """Vendor ids by lower-cased name and alias: one query for the whole import, not one per row."""
    index = {name.lower(): vid for vid, name in session.execute(select(Vendor.id, Vendor.name))}
    for vid, alias in session.execute(select(VendorAlias.vendor_id, VendorAlias.name)):
        index.setdefault(alias.lower(), vid)
    return index


def _save_vendors(store: Store, batch: list[tuple[RowResult, dict[str, str], int | None, str]], index: dict[str, int],
                  path: Path, actor: str) -> None:
    with store.session() as session:
        for result, row, terms, iban in batch:
            try:
                with savepoint(session):
                    _save_vendor(session, result, row, terms, iban, index, path, actor)
            except (ArithmeticError, ValueError, DBAPIError) as exc:
                result.status = "error"
                result.errors.append(f"Row {result.row} could not be saved ({type(exc).__name__}); "
                                     "the other rows were imported.")


def _save_vendor(session: Session, result: RowResult, row: dict[str, str], terms: int | None, iban: str,
                 index: dict[str, int], path: Path, actor: str) -> None:
    name = row["name"]
    vendor_id = index.get(name.lower())
    vendor = session.get(Vendor, vendor_id) if vendor_id is not None else None
    result.status = "updated" if vendor else "created"
    if vendor is None:
        vendor = Vendor(name=name, created_at=datetime.now())
        session.add(vendor)
    vendor.tax_id = row.get("tax_id") or vendor.tax_id
    vendor.payment_terms_days = terms if terms is not None else vendor.payment_terms_days
    vendor.default_approver = row.get("default_approver") or vendor.default_approver
    vendor.category = row.get("category") or vendor.category
    vendor.verified = True
    session.flush()
    index[name.lower()] = vendor.id
    known = {a.name.lower() for a in vendor.aliases}
    for alias in filter(None, (a.strip() for a in row.get("aliases", "").split(";"))):
        if alias.lower() not in known and alias.lower() != name.lower():
            vendor.aliases.append(VendorAlias(name=alias))
            index.setdefault(alias.lower(), vendor.id)
    if iban and result.status == "created":  # a new vendor's first account: the office's own records
        trust_iban(session, vendor, iban, actor=actor, note=f"Imported from {path.name}")
    elif iban and not any(i.iban == iban and i.trusted_since for i in vendor.ibans):
        # New bank details of a known vendor: never trusted by a file alone (two people confirm them).
        if not any(i.iban == iban for i in vendor.ibans):
            vendor.ibans.append(VendorIban(iban=iban, trusted_since=None))
        result.notes.append(f"Row {result.row}: {iban} is new for {vendor.name}; it is recorded but not trusted: "
                            "the first invoice to it asks two people to confirm it.")
        audit.record(session, actor=actor, action=AuditAction.UPDATED, entity="vendor", entity_id=vendor.id,
                     field="iban", new=iban, note=f"Imported from {path.name}: new bank details, not trusted yet")
    audit.record(session, actor=actor, action=result.status, entity="vendor", entity_id=vendor.id,
                 note=f"Imported from {path.name}, row {result.row}")


@dataclass(frozen=True)
class VendorRow:
    """A vendor as the purchasing window lists it, detached."""

    id: int
    name: str
    tax_id: str | None
    payment_terms_days: int | None
    default_approver: str | None
    category: str | None
    verified: bool
    ibans: tuple[tuple[str, bool], ...]  # (iban, trusted)
    aliases: tuple[str, ...]


def list_vendors(store: Store) -> list[VendorRow]:
    with store.session() as session:
        vendors = session.scalars(
            select(Vendor).options(selectinload(Vendor.ibans), selectinload(Vendor.aliases)).order_by(func.lower(Vendor.name))
        )
        return [
            VendorRow(v.id, v.name, v.tax_id, v.payment_terms_days, v.default_approver, v.category, v.verified,
                      tuple((i.iban, i.trusted_since is not None) for i in v.ibans), tuple(a.name for a in v.aliases))
            for v in vendors
        ]


EDITABLE = ("name", "tax_id", "payment_terms_days", "default_approver", "category")


@rechecks_waiting
def save_vendor(store: Store, vendor_id: int | None, values: dict[str, str], *, actor: str) -> int:
    """Create (`vendor_id` None) or edit a vendor from typed values; each change goes to the audit trail.
    A vendor entered by a person is verified."""
    name = values.get("name", "").strip()
    if vendor_id is None and not name:
        raise BodeskError("A vendor needs a name.")
    terms = values.get("payment_terms_days", "").strip()
    if terms and not terms.isdigit():
        raise BodeskError(f"Payment terms “{terms}” must be a whole number of days, e.g. 30.")
    with store.session() as session:
        if vendor_id is None:
            if find_vendor(session, name, None):
                raise BodeskError(f"There is already a vendor called {name}.")
            vendor = Vendor(name=name, verified=True, created_at=datetime.now())
            session.add(vendor)
            session.flush()
            audit.record(session, actor=actor, action=AuditAction.CREATED, entity="vendor", entity_id=vendor.id)
        else:
            vendor = session.get(Vendor, vendor_id)
            if vendor is None:
                raise BodeskError(f"Vendor {vendor_id} no longer exists.")
        for key in EDITABLE:
            if key not in values:
                continue
            text = values[key].strip()
            new: Any = (int(text) if text else None) if key == "payment_terms_days" else (text or None)
            if key == "name" and not new:
                raise BodeskError("A vendor needs a name.")
            old = getattr(vendor, key)
            if old != new:
                setattr(vendor, key, new)
                audit.record(session, actor=actor, action=AuditAction.EDITED, entity="vendor", entity_id=vendor.id,
                             field=key, old=old, new=new)
        if values.get("iban", "").strip():  # a person typing the vendor's account vouches for it
            from bodesk.core.validate import InvalidValue, iban

            try:
                checked = iban(values["iban"], "The vendor's IBAN")
            except InvalidValue as exc:
                raise BodeskError(str(exc)) from None
            trust_iban(session, vendor, checked, actor=actor, note="Entered with the vendor")
        if "verified" in values:
            wanted = str(values["verified"]).strip().lower() in ("1", "true", "yes")
            if wanted:
                set_verified(session, vendor, actor=actor)
            elif vendor.verified:
                vendor.verified = False
                audit.record(session, actor=actor, action=AuditAction.EDITED, entity="vendor", entity_id=vendor.id,
                             field="verified", old=True, new=False)
        return vendor.id


@rechecks_waiting
def delete_vendor(store: Store, vendor_id: int, *, actor: str) -> str:
    """Remove a vendor nobody refers to; refused with a sentence while invoices or orders name it.
    Returns its name."""
    from bodesk.store.schema import Invoice, PurchaseOrder

    with store.session() as session:
        vendor = session.get(Vendor, vendor_id)
        if vendor is None:
            raise BodeskError(f"Vendor {vendor_id} no longer exists.")
        invoices = session.scalar(select(func.count(Invoice.id)).where(Invoice.vendor_id == vendor_id)) or 0
        orders = session.scalar(select(func.count(PurchaseOrder.id)).where(PurchaseOrder.vendor_id == vendor_id)) or 0
        if invoices or orders:
            what = " and ".join(x for x in (f"{invoices} invoice{'s' if invoices != 1 else ''}" if invoices else "",
                                           f"{orders} purchase order{'s' if orders != 1 else ''}" if orders else "") if x)
            verb = "refers" if invoices + orders == 1 else "refer"
            raise BodeskError(f"{vendor.name} cannot be deleted: {what} {verb} to it, and their history must stay whole.")
        name = vendor.name
        audit.record(session, actor=actor, action=AuditAction.REMOVED, entity="vendor", entity_id=vendor_id, old=name)
        session.delete(vendor)
        return name
