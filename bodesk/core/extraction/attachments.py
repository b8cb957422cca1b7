"""Files attached to a PDF: the Factur-X / ZUGFeRD / XRechnung XML of a hybrid e-invoice.

Kept apart from `einvoice` so that reading a plain PDF loads no XML library: the raw bytes
are checked first, and pdfium or pypdf are only asked when the PDF can hold an attachment.

Only XML attachments are unpacked, the preferred one first, and none larger than `XML_BYTES`:
a 170 KB PDF whose attached XML unpacked to 70 MB took a worker past 400 MB (the bytes, their
copies and the parser's tree), and one with six such attachments past its memory cap.
"""

from __future__ import annotations

import ctypes
import logging
import mmap
from pathlib import Path

from bodesk.errors import UnreadableDocument

log = logging.getLogger(__name__)

#: Names Factur-X, ZUGFeRD 1/2 and XRechnung give their XML, preferred over any other .xml attachment.
_XML_NAMES = ("factur-x.xml", "zugferd-invoice.xml", "zugferd_invoice.xml", "xrechnung.xml", "order-x.xml")
#: An e-invoice's XML is read up to this size (attached or on its own); real ones are well under 1 MB,
#: XRechnung files carrying their own attachments a few MB.
XML_BYTES = 20 * 1000 * 1000


def xml_file(path: Path) -> bytes:
    """The bytes of an e-invoice that is an XML file of its own; one past `XML_BYTES` is refused."""
    size = path.stat().st_size
    if size > XML_BYTES:
        raise UnreadableDocument(
            f"The XML file is {size / 1e6:.0f} MB, more than any e-invoice bodesk reads "
            f"({XML_BYTES / 1e6:.0f} MB); ask the sender for the invoice as a PDF."
        )
    return path.read_bytes()


def embedded_xml(path: Path) -> bytes | None:
    """The Factur-X/ZUGFeRD XML attached to a PDF, or None.

    A PDF without the bytes "EmbeddedFile" (the type of every attached file's stream, which is
    never compressed away) carries no attachment: it is not opened again. Attachments come from the
    EmbeddedFiles name tree (pdfium); PDFs that attach their XML only through the catalog's /AF
    array (some ZUGFeRD 1.0 writers) are read with pypdf.
    """
    with path.open("rb") as fh:
        if not fh.seek(0, 2):
            return None
        with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as raw:
            if raw.find(b"EmbeddedFile") < 0:
                return None
    from . import pdfstreams

    try:
        pdfstreams.check(path)  # pypdf below inflates streams too
    except UnreadableDocument:
        return None
    found, data = _from_name_tree(path)
    return data if found else _from_af(path)


def _preferred(names: list[tuple[str, object]]) -> list[tuple[str, object]]:
    xmls = [(name.lower(), ref) for name, ref in names if name.lower().endswith(".xml")]
    return sorted(xmls, key=lambda nr: (nr[0] not in _XML_NAMES, nr[0]))


def _from_name_tree(path: Path) -> tuple[bool, bytes | None]:
    """(whether the name tree holds an XML attachment, the first one that unpacks within `XML_BYTES`)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    from .readers import open_pdfium

    try:
        pdf = open_pdfium(path)
    except UnreadableDocument:
        return False, None
    try:
        names = []
        for i in range(pdf.count_attachments()):
            try:
                names.append((pdf.get_attachment(i).get_name(), i))
            except pdfium.PdfiumError:
                continue
        xmls = _preferred(names)
        for name, index in xmls:
            attachment = pdf.get_attachment(index)  # type: ignore[arg-type]
            size = ctypes.c_ulong()
            if not pdfium_c.FPDFAttachment_GetFile(attachment, None, 0, ctypes.byref(size)):
                continue
            if size.value > XML_BYTES:
                log.info("skipping the attachment %s of %s: %d bytes unpacked", name, path, size.value)
                continue
            try:
                data = bytes(attachment.get_data())
            except pdfium.PdfiumError:
                continue
            if data:
                return True, data
        return bool(xmls), None
    finally:
        pdf.close()


def _from_af(path: Path) -> bytes | None:
    """The first XML file listed in the catalog's /AF array (associated files) within `XML_BYTES`."""
    try:
        from pypdf import PdfReader

        reader = PdfReader(path, strict=False)
        specs = reader.trailer["/Root"].get("/AF")
        specs = specs.get_object() if specs is not None else []
        named = []
        for spec in specs:
            spec = spec.get_object()
            named.append((str(spec.get("/UF") or spec.get("/F") or ""), spec))
        for name, spec in _preferred(named):
            ef = spec.get("/EF")  # type: ignore[attr-defined]
            stream = ef.get_object().get("/F") or ef.get_object().get("/UF") if ef is not None else None
            data = stream.get_object().get_data() if stream is not None else b""
            if data and len(data) <= XML_BYTES:
                return data
        return None
    except Exception as exc:  # pypdf raises assorted errors on odd PDFs; the page still reads
        log.warning("could not read the associated files of a PDF: %s", exc)
        return None
