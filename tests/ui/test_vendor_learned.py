"""The vendor form lists what bodesk learned from corrections on the vendor's invoices, and forgets it."""

from __future__ import annotations

import sys
from pathlib import Path

from bodesk.ingest.pipeline import Importer
from bodesk.store.invoices import correct_fields
from bodesk.store.learning import learned
from bodesk.store.vendors import list_vendors

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from test_learning import VENDORS, _draw  # noqa: E402


def test_vendor_form_shows_and_forgets_what_was_learned(qtbot, ctx, tmp_path: Path) -> None:
    from bodesk.ui.purchasing import PurchasingDialog
    from bodesk.ui.purchasing.forms import VendorDialog

    layout, _currency, invoices = VENDORS["Kestrel Werkzeugbau"]
    (record,) = Importer(ctx.store).import_paths([_draw(tmp_path / "k.pdf", layout(*invoices[0]))])
    correct_fields(ctx.store, record.invoice_id, {"vendor_name": "Kestrel Werkzeugbau", "invoice_number": "KW-7781"},
                   actor=ctx.user)
    learned(ctx.store, "Kestrel Werkzeugbau")  # studied, as the next import would
    # The vendor first seen on the invoice, as printed; its lessons are under the corrected spelling.
    vendor = next(v for v in list_vendors(ctx.store) if v.name.lower() == "kestrel werkzeugbau")

    dialog = PurchasingDialog(ctx)
    qtbot.addWidget(dialog)
    shown: list[VendorDialog] = []

    def capture(*args, **kwargs):  # type: ignore[no-untyped-def]
        form = VendorDialog(*args, **kwargs)
        shown.append(form)
        return form

    import bodesk.ui.purchasing as purchasing

    purchasing.VendorDialog, original = capture, purchasing.VendorDialog  # type: ignore[assignment]
    try:
        qtbot_exec = VendorDialog.exec
        VendorDialog.exec = lambda self: 0  # type: ignore[method-assign]
        dialog.vendor_form(vendor)
    finally:
        purchasing.VendorDialog = original  # type: ignore[assignment]
        VendorDialog.exec = qtbot_exec  # type: ignore[method-assign]
    form = shown[0]
    qtbot.addWidget(form)
    items = [form.learned_list.item(i).text() for i in range(form.learned_list.count())]
    assert any(t.startswith("invoice number: KW-7781") and "vorgang" in t for t in items)
    assert any(t.startswith("vendor name: Kestrel Werkzeugbau") and "IBAN" in t for t in items)
    forget = next(b for b in form.findChildren(type(form.save_button)) if b.text() == "Forget what was learned")
    forget.click()
    assert learned(ctx.store, "Kestrel Werkzeugbau") == []
    assert form.learned_list.count() == 1 and not forget.isEnabled()
