"""One document with impossible values never blocks intake: not at import, not at resume, not in re-checks."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from bodesk.cli import main
from bodesk.ingest.pipeline import Importer
from bodesk.paths import Workspace
from bodesk.store import Store
from bodesk.store.decide import recheck
from bodesk.store.schema import Invoice, InvoiceStatus, Vendor
from tests.hardening.conftest import assert_sound, counts, stored_files
from tests.hardening.hostile import IMPOSSIBLE, ubl
from tests.helpers import make_documents


def test_impossible_values_in_e_invoices_are_refused_with_sentences(store: Store, workspace: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    make_documents(folder, pdfs=2, pngs=0)
    for name, values in IMPOSSIBLE.items():
        (folder / f"{name}.xml").write_bytes(ubl(name.upper(), **values))
    records = Importer(store).import_paths([folder])
    assert len(records) == 2 + len(IMPOSSIBLE)
    by_source = {Path(r.source).stem: r for r in records}
    assert all(r.status not in ("error", InvoiceStatus.RECEIVED) for r in records), [r.to_json() for r in records]
    for name in IMPOSSIBLE:  # each refused value is a sentence in the record
        assert by_source[name].errors, name
    assert by_source["invoice-1"].errors == [] and by_source["invoice-2"].errors == []
    with store.session() as session:
        totals = list(session.scalars(select(Invoice.total).where(Invoice.total.is_not(None))))
        dates = list(session.scalars(select(Invoice.invoice_date).where(Invoice.invoice_date.is_not(None))))
        dates += list(session.scalars(select(Invoice.due_date).where(Invoice.due_date.is_not(None))))
    assert totals and all(t.is_finite() and abs(t) < Decimal("1e12") for t in totals)
    assert dates and [d for d in dates if not 1990 <= d.year <= 2100] == []
    assert Importer(store).resume() == []
    assert counts(store) == (2 + len(IMPOSSIBLE),) * 2
    assert len(stored_files(workspace)) == 2 + len(IMPOSSIBLE)
    assert_sound(workspace)


def test_a_document_whose_decision_fails_is_marked_failed_and_never_blocks_the_rest(
        store: Store, workspace: Workspace, tmp_path: Path) -> None:
    with store.session() as session:  # terms no CSV import accepts any more, from an older workspace
        session.add(Vendor(name="Acme GmbH", payment_terms_days=99_999_999, created_at=datetime(2020, 1, 1)))
    folder = tmp_path / "in"
    make_documents(folder, pdfs=2, pngs=0)
    (folder / "acme.xml").write_bytes(ubl("ACME-1", due=""))
    records = {Path(r.source).name: r for r in Importer(store).import_paths([folder])}
    acme = records["acme.xml"]
    assert acme.status == InvoiceStatus.FAILED
    assert any("could not check this document's values" in e for e in acme.errors)
    assert all(r.status != InvoiceStatus.FAILED for n, r in records.items() if n != "acme.xml")
    assert Importer(store).resume() == []  # the next import, sync or start does not trip over it
    (folder / "later.xml").write_bytes(ubl("LATER-1", vendor="Other Ltd"))
    (later,) = Importer(store).import_paths([folder / "later.xml"])
    assert later.status not in ("error", InvoiceStatus.FAILED, InvoiceStatus.RECEIVED)
    assert counts(store) == (4, 4)
    assert_sound(workspace)


def test_one_poisoned_invoice_cannot_stop_the_re_check_of_the_others(store: Store, workspace: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    make_documents(folder, pdfs=3, pngs=0)
    records = Importer(store).import_paths([folder])
    ids = [r.invoice_id for r in records]
    with store.session() as session:  # what a correction to 0001-01-01 left in an older workspace
        session.get_one(Invoice, ids[0]).invoice_date = date(1, 1, 1)
        session.get_one(Invoice, ids[0]).due_date = None
        for vendor in session.scalars(select(Vendor)):
            vendor.payment_terms_days = 30
    out = recheck(store, ids)
    assert set(out) == set(ids[1:]), "the two sound invoices are re-checked"
    assert_sound(workspace)


def test_cli_refuses_impossible_numbers_with_sentences(store: Store, workspace: Workspace, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "in"
    make_documents(folder, pdfs=1, pngs=0)
    (record,) = Importer(store).import_paths([folder])
    home = str(workspace.root)
    assert main(["--home", home, "users", "add", "Me", "--role", "office_manager"]) == 0
    cases = [
        (["approve", "99999999999999999999", "--by", "Founder"], "does not exist"),
        (["invoices", "correct", str(record.invoice_id), "--field", "total", "--value", "1e30", "--by", "Me"], "too large"),
        (["invoices", "correct", str(record.invoice_id), "--field", "total", "--value", "NaN", "--by", "Me"], "not a number"),
        (["invoices", "correct", str(record.invoice_id), "--field", "iban", "--value", "not an iban at all", "--by", "Me"],
         "is not an IBAN"),
        (["invoices", "correct", str(record.invoice_id), "--field", "invoice_date", "--value", "0001-01-01", "--by", "Me"],
         "1990 to 2100"),
    ]
    for argv, words in cases:
        capsys.readouterr()
        try:
            code = main(["--home", home, *argv])
        except SystemExit as exc:  # a usage error: argparse exits with 2 and the sentence
            code = exc.code
        assert code in (1, 2), argv
        err = capsys.readouterr().err
        assert words in err and "unexpected" not in err and "Traceback" not in err, (argv, err)
    with store.session() as session:
        invoice = session.get_one(Invoice, record.invoice_id)
        assert invoice.total is not None and invoice.total < Decimal("1e12")
        assert invoice.iban != "not an iban at all"
    assert_sound(workspace)
