"""Files attached to a PDF: the Factur-X / ZUGFeRD / XRechnung XML of a hybrid e-invoice.

Kept apart from `einvoice` so that reading a plain PDF loads no XML library: the raw bytes
are checked first, and pdfium or pypdf are only asked when the PDF can hold an attachment.
"""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger(__name__)

#: Names Factur-X, ZUGFeRD 1/2 and XRechnung give their XML, preferred over any other .xml attachment.
_XML_NAMES = ("factur-x.xml", "zugferd-invoice.xml", "zugferd_invoice.xml", "xrechnung.xml", "order-x.xml")
def embedded_xml(path: Path) -> bytes | None:
    """The Factur-X/ZUGFeRD XML attached to a PDF, or None.

    A PDF without the bytes "EmbeddedFile" (the type of every attached file's stream, which is
    never compressed away) carries no attachment: it is not opened again. Attachments come from the EmbeddedFiles name tree (pdfium); PDFs that attach their
    XML only through the catalog's /AF array (some ZUGFeRD 1.0 writers) are read with pypdf.
    """
    with path.open("rb") as fh:
        raw = fh.read()
    if b"EmbeddedFile" not in raw:
        return None
    files = _name_tree_files(path)
    if not any(name.lower().endswith(".xml") for name, _ in files):
        files += _af_files(raw)
    xmls = [(name.lower(), data) for name, data in files if name.lower().endswith(".xml") and data]
    xmls.sort(key=lambda nd: (nd[0] not in _XML_NAMES, nd[0]))
    return xmls[0][1] if xmls else None


def _name_tree_files(path: Path) -> list[tuple[str, bytes]]:
    import pypdfium2 as pdfium

    from bodesk.errors import UnreadableDocument

    from .readers import open_pdfium

    try:
        pdf = open_pdfium(path)
    except UnreadableDocument:
        return []
    try:
        out = []
        for i in range(pdf.count_attachments()):
            att = pdf.get_attachment(i)
            try:
                out.append((att.get_name(), bytes(att.get_data())))
            except pdfium.PdfiumError:
                continue
        return out
    finally:
        pdf.close()


def _af_files(raw: bytes) -> list[tuple[str, bytes]]:
    """Files listed in the catalog's /AF array (associated files)."""
    import io

    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(raw), strict=False)
        specs = reader.trailer["/Root"].get("/AF")
        specs = specs.get_object() if specs is not None else []
        out = []
        for spec in specs:
            spec = spec.get_object()
            name = str(spec.get("/UF") or spec.get("/F") or "")
            ef = spec.get("/EF")
            stream = ef.get_object().get("/F") or ef.get_object().get("/UF") if ef is not None else None
            if stream is not None:
                out.append((name, stream.get_object().get_data()))
        return out
    except Exception as exc:  # pypdf raises assorted errors on odd PDFs; the page still reads
        log.warning("could not read the associated files of a PDF: %s", exc)
        return []
