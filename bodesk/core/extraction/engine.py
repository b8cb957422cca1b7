"""The extraction pipeline: one file in, one `ExtractionResult` out, never an exception.

`extract` sniffs the file, reads it (e-invoice XML first, then the PDF text layer, then
OCR), finds the fields and checks them against each other. Problems with the input become
sentences in `result.errors`; a bug is logged with its traceback and reported as one
sentence too, because one bad document must not stop a batch running in a process pool.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from bodesk.core.records import Evidence, ExtractionResult
from bodesk.core.vocabulary import DocumentType
from bodesk.errors import UnreadableDocument

from . import readers
from .amounts import reconcile_amounts
from .fields import Candidate, Context, best, choose_dates, collect, due_from_terms, lead, led, surer
from .iban import find_ibans
from .labels import CREDIT_NOTE_TITLES, SELF_BILLING, phrase_regex
from .layout import Line, build_lines
from .lines import extract_line_items
from .mending import mend_reference, mend_tax_id
from .numbers import detect_currency, guess_date_order, guess_decimal, settled_date_order
from .options import KnownVendor, Limits
from .known import match_known
from .vendor import Block, buyer_blocks, choose_tax_id, line_of, vendor_name

log = logging.getLogger(__name__)

UNSUPPORTED = (
    "This type of file is not supported; import a PDF, an image (PNG, JPEG, TIFF) "
    "or an e-invoice XML (UBL or CII)."
)


def extract(
    path: Path | str,
    *,
    known_vendors: Sequence[KnownVendor] = (),
    limits: Limits = Limits(),
    source: str | None = None,
) -> ExtractionResult:
    """Read one document's invoice fields. Never raises for bad input: see `result.errors`."""
    path = Path(path)
    result = ExtractionResult(source=source if source is not None else str(path))
    try:
        _extract_into(result, path, known_vendors, limits)
    except UnreadableDocument as exc:
        result.errors.append(str(exc))
    except MemoryError:
        log.warning("out of memory reading %s", path)
        result.errors.append("The document is too large to read with the memory available.")
    except OSError as exc:
        from bodesk.errors import describe_os_error

        result.errors.append(describe_os_error(exc, f"read {path.name}"))
    except Exception:
        log.exception("extraction of %s failed", path)
        result.errors.append(
            "bodesk could not read this document because of an internal error; "
            "the details are in the log."
        )
    return result


def extract_many(paths: Sequence[Path], sources: Sequence[str] | None = None) -> Iterator[ExtractionResult]:
    """`extract` over several files, results in the files' order: read on every core at once where the
    process can fork workers (`fanout`), else one after the other."""
    from . import fanout

    names = list(sources) if sources is not None else [str(p) for p in paths]
    jobs = list(zip(paths, names))
    workers = min(fanout.cores(), len(jobs)) if fanout.can_fork() else 1
    if workers < 2:
        for path, name in jobs:
            yield extract(path, source=name)
        return
    import pypdfium2  # noqa: F401  (loaded once, here, rather than in every worker)

    yield from fanout.fan_out(_extract_job, jobs, workers, _lost)


def _extract_job(job: tuple[Path, str]) -> ExtractionResult:
    return extract(job[0], source=job[1])


def _lost(job: tuple[Path, str]) -> ExtractionResult:
    log.warning("the worker reading %s stopped", job[0])
    return ExtractionResult(source=job[1], errors=[
        "Reading this document stopped the reader (a crash or too much memory); it may be damaged."
    ])


def study(path: Path, corrections: Sequence[tuple[str, Any]], vendor_name: str) -> list[dict[str, Any]]:
    """The compiled lesson (`learned.lesson`) of each (field, right value) on the document at `path`.

    Reads the page as `extract` does (text layer or OCR); an e-invoice XML teaches nothing (its
    values are exact), nor does a document that cannot be read: each lesson is then {}."""
    from . import neural, tessapi
    from .learned import lesson

    limits = Limits()
    kind = readers.sniff(path)
    try:
        if kind == "pdf":
            reading = readers.read_pdf(path, limits, readers.Deadline(limits.max_seconds))
        elif kind == "image":
            reading = readers.read_image(path, limits, readers.Deadline(limits.max_seconds))
        else:
            return [{} for _ in corrections]
    finally:
        # studying runs in the app's own process, not in a worker: it keeps no OCR models loaded
        tessapi.release()
        neural.release()
    lines = build_lines(reading.pages)
    sizes = {p.number: (p.width, p.height) for p in reading.pages}
    decimal = guess_decimal("\n".join(line.text for line in lines))
    return [lesson(lines, sizes, decimal, fld, value, vendor_name) for fld, value in corrections]


def _extract_into(
    result: ExtractionResult, path: Path, known: Sequence[KnownVendor], limits: Limits
) -> None:
    size = path.stat().st_size
    if path.is_dir():
        raise UnreadableDocument(f"{path.name} is a folder, not a document.")
    if size == 0:
        raise UnreadableDocument("The file is empty (0 bytes); it may not have finished copying.")
    if size > limits.max_bytes:
        raise UnreadableDocument(
            f"The file is too large ({size / 1e6:.0f} MB); the limit is {limits.max_bytes / 1e6:.0f} MB."
        )
    deadline = readers.Deadline(limits.max_seconds)
    kind = readers.sniff(path)
    if kind == "xml":
        from .attachments import xml_file

        _read_einvoice(result, xml_file(path))
        return
    if kind == "pdf":
        if limits.use_embedded_xml:
            from .attachments import embedded_xml

            xml = embedded_xml(path)
            if xml is not None:
                try:
                    _read_einvoice(result, xml)
                    pdf = readers.open_pdfium(path)
                    result.pages = len(pdf)
                    pdf.close()
                    return
                except UnreadableDocument as exc:
                    log.info("ignoring the embedded XML of %s: %s", path, exc)
        reading = readers.read_pdf(path, limits, deadline)
    elif kind == "image":
        result.method = "ocr"
        reading = readers.read_image(path, limits, deadline)
    else:
        raise UnreadableDocument(UNSUPPORTED)
    result.pages = reading.page_count
    result.method = "ocr" if kind == "image" else reading.method  # type: ignore[assignment]
    result.errors.extend(reading.notes)
    if reading.pages or not reading.notes:  # nothing read because of a cap: the note says why
        analyse(result, reading, known)


def _read_einvoice(result: ExtractionResult, data: bytes) -> None:
    from lxml import etree

    from . import einvoice

    try:
        parsed = einvoice.parse_xml(data, result.source)
    except etree.XMLSyntaxError as exc:
        raise UnreadableDocument("The XML file is damaged (not well-formed) and cannot be read.") from exc
    except einvoice.NotAnInvoice as exc:
        raise UnreadableDocument(
            "The XML file is not an e-invoice bodesk knows (UBL 2.1 or UN/CEFACT CII)."
        ) from exc
    for name, value in vars(parsed).items():
        if name not in ("source", "errors"):
            setattr(result, name, value)
    if result.document_type == DocumentType.CREDIT_NOTE:
        negate(result)
    result.pages = result.pages or 1


def analyse(result: ExtractionResult, reading: readers.Reading, known: Sequence[KnownVendor]) -> None:
    """Fill `result` from the positioned words of `reading`; where OCR read a page more than one way, each
    header field is voted on across the readings (`vote`) and the total chosen by the learned model (`ranker`)."""
    ctx = _read_fields(result, reading, known)
    others, contexts = [], [ctx]
    for alternate in reading.alternates():
        other = ExtractionResult(source=result.source, method=result.method)
        try:
            contexts.append(_read_fields(other, alternate, known))
        except UnreadableDocument:
            continue
        others.append(other)
    if others:
        from .vote import vote

        first = {name: getattr(result, name) for name in AGREED}
        vote(result, others)
        _agreed(result, ctx, [first, *({name: getattr(o, name) for name in AGREED} for o in others)])
    negative = result.total is not None and result.total < 0
    rounded = any("rounding" in c.candidates for c in contexts)  # a till rounds the total after the figures
    if any(line.ocr for line in ctx.lines) and not negative and not (_adds_up(result, ctx) and not rounded):
        _ranked_total(result, contexts)
    if is_credit_note(ctx.lines) or (result.total is not None and result.total < 0):
        result.document_type = DocumentType.CREDIT_NOTE
    if result.document_type == DocumentType.CREDIT_NOTE:
        negate(result)
    if not (result.invoice_number or result.total or result.invoice_date):
        result.errors.append(
            "This does not look like an invoice: no invoice number, date or total was found."
        )


#: The fields whose OCR readings, all agreeing, vouch for their characters (`_agreed`), and how many must.
AGREED, AGREEING = ("invoice_date", "invoice_number"), 3


def _agreed(result: ExtractionResult, ctx: Context, readings: list[dict[str, Any]]) -> None:
    """A field every OCR reading of the page gave the same value (three or more readings, each of the page
    prepared differently, misread characters differently) is read as surely as a text page's, and surer by
    its lead in the first reading (`fields.led`): a till's one date, printed with its time."""
    if len(readings) < AGREEING:
        return
    for name in AGREED:
        value = getattr(result, name)
        if value is None or name not in result.confidence or any(r[name] != value for r in readings):
            continue
        taken = frozenset({result.due_date}) if name == "invoice_date" else frozenset()
        result.confidence[name] = round(surer(result.confidence[name], lead(ctx, name, value, taken)), 3)


def _adds_up(result: ExtractionResult, ctx: Context) -> bool:
    """Net, tax (nil too) and total read under their labels, and net + tax = total: three printed figures
    agree, which no ranking of amounts can improve on - unless the page's surest total label names a larger
    amount: the three are then one tax rate's section ("Total 6% supplies (incl. GST)") under a grand total
    ("Total payable")."""
    net, tax, total = result.subtotal, result.tax, result.total
    if tax == 0 and "tax" not in result.evidence:
        return False  # a nil tax no label printed: the net and the total are two figures, not three
    if net is None or tax is None or total is None or not (net > 0 and tax >= 0 and net + tax == total):
        return False
    labelled = [c for c in ctx.candidates.get("total") or [] if isinstance(c.value, Decimal)]
    surest = max(labelled, key=lambda c: c.score, default=None)
    return surest is None or surest.value <= total


#: The least weight (`ranker.weigh_readings`) the model's choice needs to replace a total read under its
#: label: a probability of about 1/3 in one reading. Below it the model does not know either (a scanned
#: invoice whose tax OCR misread, summed with the net into a total printed nowhere: weight 0.009), and the
#: labelled reading stays, its low confidence sending it to review.
SURE_WEIGHT = 0.1


def _ranked_total(result: ExtractionResult, contexts: list[Context]) -> None:
    """The total of a page OCR read: the amount the model (`ranker`) weighs most over the readings
    (`weigh_readings`), unless it is unsure and a labelled reading found one; its confidence is its mean
    probability over the readings."""
    from .ranker import total_probabilities, weigh_readings

    scored = [total_probabilities(ctx) for ctx in contexts]
    probabilities = [{value: p for value, (p, _) in one.items()} for one in scored]
    votes = weigh_readings(probabilities)
    if not votes:
        return
    value = max(votes, key=votes.__getitem__)
    if votes[value] < SURE_WEIGHT and result.total is not None:
        value = result.total
    where = next((one[value][1] for one in scored if value in one and one[value][1] is not None), None)
    result.confidence["total"] = round(min(1.0, sum(p.get(value, 0.0) for p in probabilities) / len(contexts)), 3)
    if value != result.total:
        result.total = value
        result.evidence.pop("total", None)
        if where is not None:
            result.evidence["total"] = where


def read_context(reading: readers.Reading) -> Context:
    """The lines of one reading and every labelled value they offer (`fields.collect`)."""
    lines = build_lines(reading.pages)
    if not lines:
        raise UnreadableDocument(
            "No text could be read from the document; if it is a scan, scan it again "
            "at 300 dpi with good contrast."
        )
    full_text = "\n".join(line.text for line in lines)
    currency = detect_currency(full_text, scanned=any(line.ocr for line in lines))
    texts = [line.text for line in lines]
    ctx = Context(lines, guess_decimal(full_text), guess_date_order(texts, currency[0]),
                  currency=currency, date_order_settled=settled_date_order(texts) is not None)
    collect(ctx)
    return ctx


def _read_fields(result: ExtractionResult, reading: readers.Reading, known: Sequence[KnownVendor]) -> Context:
    """Fill `result`'s fields from one reading of the document; what they were read from."""
    ctx = read_context(reading)
    lines, decimal = ctx.lines, ctx.decimal
    currency, currency_conf = ctx.currency

    _amounts_and_items(result, ctx)
    invoice_date, due_date = choose_dates(ctx)
    if due_date is None and invoice_date is not None:
        due_date = due_from_terms(ctx, invoice_date.value)
    _set(result, "invoice_date", invoice_date)
    _set(result, "due_date", due_date)
    number = _with_series(ctx, led(ctx, "invoice_number", best(ctx, "invoice_number")))
    _set(result, "invoice_number", _mended_if_scanned(ctx, number, mend_reference))
    _set(result, "po_number", best(ctx, "po_number"))
    if currency:
        result.currency = currency
        result.confidence["currency"] = currency_conf
    _vendor(result, ctx, known)
    profiles = [k.profile for k in known if k.profile]
    if profiles:
        from .learned import VendorProfile, apply, recognise

        sizes = {p.number: (p.width, p.height) for p in reading.pages}
        profile = recognise([VendorProfile.from_json(p) for p in profiles], lines)
        if profile is not None:
            apply(profile, lines, sizes, decimal, ctx.date_order, result)
    return ctx


def is_credit_note(lines: list[Line]) -> bool:
    """A credit-note title at the start of a line in the top part of the first page."""
    first = [line for line in lines if line.page == lines[0].page]
    title = phrase_regex(CREDIT_NOTE_TITLES)
    for line in first[: max(12, len(first) // 3)]:
        for s, e in line.segments():
            m = title.search(line.folded, s, e)
            if m and not line.folded[s : m.start()].strip(" :-*"):
                return not phrase_regex(SELF_BILLING).search(line.folded)
    return False


def negate(res: ExtractionResult) -> None:
    """A credit note's amounts as the record writes them: negative (the lines follow the total's sign)."""
    flip = res.total is not None and res.total > 0 or res.total is None and (res.subtotal or 0) > 0
    for name in ("subtotal", "tax", "total"):
        value = getattr(res, name)
        if value is not None:
            setattr(res, name, -abs(value))
    if flip:
        for li in res.line_items:
            if li.amount is not None:
                li.amount = -li.amount


def _amounts_and_items(result: ExtractionResult, ctx: Context) -> None:
    """Line items and totals, each checked against the other."""
    items, items_conf = extract_line_items(ctx.lines, ctx.decimal)
    amounts = [li.amount for li in items]
    lines_sum = sum(amounts, Decimal(0)) if items and None not in amounts else None  # type: ignore[arg-type]
    chosen = reconcile_amounts(ctx, lines_sum)
    _set(result, "subtotal", chosen.subtotal)
    _set(result, "tax", chosen.tax)
    _set(result, "total", chosen.total)
    # A row that is only an amount equal to a total is the totals block read as a row (OCR).
    totals = {c.value for c in (chosen.subtotal, chosen.tax, chosen.total) if c is not None}
    while items and items[-1].quantity is None and items[-1].unit_price is None and items[-1].amount in totals:
        items.pop()
    if not items:
        return
    result.line_items = items
    amounts = [li.amount for li in items]
    if result.subtotal is not None and None not in amounts:
        if sum(amounts, Decimal(0)) == result.subtotal:  # type: ignore[arg-type]
            items_conf = max(items_conf, 0.95)
        else:
            items_conf *= 0.7
    result.confidence["line_items"] = round(items_conf, 3)


def _vendor(result: ExtractionResult, ctx: Context, known: Sequence[KnownVendor]) -> None:
    """Vendor name, tax id and IBAN; a known vendor's canonical name when one matches."""
    blocks = buyer_blocks(ctx.lines)
    ibans = find_ibans(ctx.lines)
    _set(result, "iban", max(ibans, key=lambda c: c.score, default=None))
    _set(result, "vendor_tax_id", _mended_if_scanned(ctx, choose_tax_id(ctx, blocks), mend_tax_id))
    printed = vendor_name(ctx, blocks)
    _set(result, "vendor_name", printed)
    tax_ids = [c.value for c in ctx.candidates.get("vendor_tax_id") or [] if not _in_blocks(ctx, c, blocks)]
    match = match_known(
        known, ctx, tax_ids, [c.value for c in ibans], printed.value if printed else None, blocks
    )
    if match is not None:
        vendor, confidence = match
        result.vendor_name = vendor.name
        result.confidence["vendor_name"] = confidence


def _mended_if_scanned(
    ctx: Context, cand: Candidate | None, mend: Callable[[str, str], str]
) -> Candidate | None:
    """A value OCR read, mended where its own form allows one reading only (`mending`)."""
    line = line_of(ctx, cand) if cand is not None else None
    if cand is None or line is None or not line.ocr:
        return cand
    return Candidate(mend(cand.value, line.text), cand.score, cand.evidence, cand.how)


def _with_series(ctx: Context, cand: Candidate | None) -> Candidate | None:
    """The number as printed in full where another label gives it with its series' letters: "Belegnummer
    2018061507733" in a sentence, "Nr. K2018061507733" in the header."""
    if cand is None:
        return None
    fuller = [c for c in ctx.candidates.get("invoice_number", []) if isinstance(c.value, str) and len(c.value) > len(
        cand.value) and c.value.endswith(cand.value) and c.value[: -len(cand.value)].rstrip("-/").isalpha()]
    return Candidate(fuller[0].value, cand.score, fuller[0].evidence, cand.how) if fuller else cand


def _in_blocks(ctx: Context, cand: Candidate, blocks: list[Block]) -> bool:
    line = line_of(ctx, cand)
    return line is not None and any(b.contains(line) for b in blocks)


def _set(result: ExtractionResult, name: str, cand: Candidate | None) -> None:
    if cand is None or cand.value is None:
        return
    setattr(result, name, cand.value)
    result.confidence[name] = round(max(0.0, min(1.0, cand.score)), 3)
    if isinstance(cand.evidence, Evidence):
        result.evidence[name] = cand.evidence
