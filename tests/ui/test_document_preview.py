"""The document beside an invoice never inflates a hostile PDF in the window's own process."""

from __future__ import annotations

from pathlib import Path

from tests.hardening.hostile import flate_bomb_pdf


def test_a_flate_bomb_is_refused_with_the_importers_sentence_not_opened(qtbot, ctx, preview, make_invoice, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bomb = flate_bomb_pdf(tmp_path / "bomb.pdf", inflated=64 << 20)  # 64 MB of drawing operators from a few KB
    good = make_invoice(status="extracted", pdf=True)
    preview.show_file(bomb)
    qtbot.waitUntil(lambda: "unpacks to more than" in preview.message.text(), timeout=20_000)
    assert preview.currentWidget() is preview.message and preview.pdf.pageCount() == 0
    assert not preview.tools.isVisible()
    # the next document opens as usual
    preview.show_file(ctx.workspace.documents / f"{good:02x}/{good:064x}.pdf")
    qtbot.waitUntil(lambda: preview.currentWidget() is preview.pdf_view)
    assert preview.pdf.pageCount() == 1
