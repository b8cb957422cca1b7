"""Reading one email into the documents bodesk keeps from it. Pure: bytes in, documents out.

What a mail gives:
- every PDF, image and e-invoice XML attachment, inline parts too (a scan pasted into the mail);
  small inline images are left out, because they are logos and signatures, not scans;
- when it has none of those but its text reads like an invoice or a receipt (an online shop's
  order receipt, a utility's "your bill"), the mail itself as an `.eml` document; its text is what
  extraction reads (`read_eml_text` renders it as a text-layer PDF, deterministically);
- nothing, for a mail that holds no invoice at all (a newsletter, a question).
"""

from __future__ import annotations

import email
import email.policy
import fnmatch
import html
import io
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from bodesk.core.filetypes import PLAIN_KINDS
from bodesk.ingest.mailspool import Spooled, reduce_mail

#: Inline images smaller than this are logos, icons and signatures, never a scanned invoice.
MIN_INLINE_IMAGE_BYTES = 12_000

_TYPES = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/jpg": ".jpg",
    "image/tiff": ".tif",
    "application/xml": ".xml",
    "text/xml": ".xml",
}
_SUFFIX_KIND = PLAIN_KINDS

# An invoice or receipt word in the languages bodesk reads, and an amount with two decimals.
_INVOICE_WORDS = re.compile(
    r"\b(invoice|receipt|bill|rechnung|quittung|beleg|facture|re[çc]u|factura|recibo|factuur|"
    r"kwitantie|faktur|kwitansi|nota)\b",
    re.IGNORECASE,
)
_TOTAL_WORDS = re.compile(
    r"\b(total|amount|due|paid|summe|betrag|gesamt|montant|importe|totaal|bedrag|jumlah)\b", re.IGNORECASE
)
# Starts only where a number starts and backtracks within one group of digits, so a long run of digits
# ("111…", "1 1 1 …") costs linear time, not quadratic.
_AMOUNT = re.compile(r"(?<![\d.,'])(?:\d{1,3}(?:[.,' ]\d{3})+|\d+)[.,]\d{2}\b")
#: How much of a mail's text is read: a bill written into a mail is short; a 10 MB body is not one.
MAX_TEXT_CHARS = 256 * 1024
#: How much of that text is searched for an invoice word, a total word and an amount.
MAX_SCAN_CHARS = 64 * 1024


@dataclass(frozen=True)
class MailFilters:
    """Which mails a mailbox source takes: substrings of sender and subject, a pattern for attachment names.

    Empty means "any". The attachment pattern may use * and ?; without them it is a substring."""

    sender: str = ""
    subject: str = ""
    attachment: str = ""

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> MailFilters:
        data = data or {}
        return cls(str(data.get("sender") or ""), str(data.get("subject") or ""), str(data.get("attachment") or ""))

    def to_json(self) -> dict[str, str]:
        return {"sender": self.sender, "subject": self.subject, "attachment": self.attachment}

    def takes_attachment(self, name: str) -> bool:
        if not self.attachment:
            return True
        pattern = self.attachment.lower()
        if any(c in pattern for c in "*?["):
            return fnmatch.fnmatch(name.lower(), pattern)
        return pattern in name.lower()


@dataclass(frozen=True)
class MailDocument:
    """One document found in a mail: the file name it will carry, its bytes (or the file they were
    decoded into, for a large one) and its kind."""

    name: str
    data: bytes
    kind: str  # pdf, image, xml, email
    path: Path | None = None

    def save(self, to: Path) -> None:
        if self.path is not None:
            shutil.copyfile(self.path, to)
        else:
            to.write_bytes(self.data)


@dataclass
class ParsedMail:
    """What a mail holds for bodesk; `reason` says in a sentence why nothing was taken."""

    subject: str
    sender: str
    message_id: str
    documents: list[MailDocument] = field(default_factory=list)
    reason: str = ""


def parse_mail(raw: bytes | Path, filters: MailFilters = MailFilters()) -> ParsedMail:
    """The documents in one RFC 5322 message, after the source's filters. A message in a file is read
    without ever being held whole: its large parts are decoded into files beside it (`mailspool`)."""
    msg, spooled = _message(raw)
    subject = _header(msg, "Subject")
    sender = _header(msg, "From")
    parsed = ParsedMail(subject, sender, _header(msg, "Message-ID"))
    if filters.sender and filters.sender.lower() not in sender.lower():
        parsed.reason = f"The sender does not contain “{filters.sender}”."
        return parsed
    if filters.subject and filters.subject.lower() not in subject.lower():
        parsed.reason = f"The subject does not contain “{filters.subject}”."
        return parsed
    names: set[str] = set()
    for index, part in enumerate(msg.walk()):
        if part.is_multipart():
            continue
        doc = _document_of(part, index, spooled)
        if doc is None or not filters.takes_attachment(doc.name):
            continue
        parsed.documents.append(replace(doc, name=_unique(doc.name, names)))
    if parsed.documents:
        return parsed
    if filters.attachment:
        parsed.reason = f"No attachment matches “{filters.attachment}”."
    elif looks_like_invoice(mail_text(msg, spooled)):
        name = f"{safe_name(subject) or 'mail'}.eml"
        parsed.documents.append(MailDocument(name, b"", "email", raw) if isinstance(raw, Path)
                                else MailDocument(name, raw, "email"))
    else:
        parsed.reason = "The mail holds no invoice: no PDF, image or XML attachment, and its text is not a bill."
    return parsed


def _message(raw: bytes | Path, folder: Path | None = None) -> tuple[EmailMessage, Spooled | None]:
    """The parsed message; from a file, its small copy and where its large parts went (`folder`, by
    default one beside the file)."""
    spooled = None
    if isinstance(raw, Path):
        folder = folder or raw.parent / f"{raw.name}.parts"
        folder.mkdir(exist_ok=True)
        with raw.open("rb") as fh, io.BytesIO() as small:
            spooled = reduce_mail(fh, small, folder)
            raw = small.getvalue()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    return msg, spooled


def _payload(part: EmailMessage, spooled: Spooled | None, limit: int | None = None) -> bytes | None:
    """A part's decoded body (its first `limit` bytes), from the file it was decoded into if it was large."""
    path = spooled.file_of(part) if spooled is not None else None
    if path is not None:
        with path.open("rb") as fh:
            return fh.read(-1 if limit is None else limit)
    try:
        data = part.get_payload(decode=True)
    except (ValueError, TypeError):
        return None
    return data if isinstance(data, bytes) else None


def _header(msg: EmailMessage, name: str) -> str:
    try:
        return str(msg.get(name, "") or "").strip()
    except (ValueError, TypeError, IndexError):  # a malformed header must not stop the mailbox
        return ""


def _document_of(part: EmailMessage, index: int, spooled: Spooled | None) -> MailDocument | None:
    ctype = part.get_content_type().lower()
    filename = part.get_filename() or ""
    suffix = Path(filename).suffix.lower()
    if suffix not in _SUFFIX_KIND:
        suffix = _TYPES.get(ctype, "")
    if suffix not in _SUFFIX_KIND:
        return None
    kind = _SUFFIX_KIND[suffix]
    # A text/xml body part without a file name is a mail body, not an e-invoice attachment.
    if kind == "xml" and not filename and part.get_content_disposition() != "attachment":
        return None
    path = spooled.file_of(part) if spooled is not None else None
    data = b"" if path is not None else _payload(part, None)
    size = path.stat().st_size if path is not None else len(data or b"")
    if not size:
        return None
    if kind == "image" and part.get_content_disposition() != "attachment" and size < MIN_INLINE_IMAGE_BYTES:
        return None
    name = safe_name(Path(filename).stem) if filename else f"attachment-{index}"
    return MailDocument(f"{name or f'attachment-{index}'}{suffix}", data or b"", kind, path)


def _unique(name: str, taken: set[str]) -> str:
    stem, suffix, n = Path(name).stem, Path(name).suffix, 1
    while name.lower() in taken:
        n += 1
        name = f"{stem}-{n}{suffix}"
    taken.add(name.lower())
    return name


def safe_name(text: str, limit: int = 80) -> str:
    """A file name stem from any text: no path separators, no control characters, not too long."""
    cleaned = re.sub(r"[\x00-\x1f/\\:*?\"<>|]+", " ", text)
    return re.sub(r"\s+", " ", cleaned).strip(" .")[:limit].strip()


def mail_text(msg: EmailMessage, spooled: Spooled | None = None) -> str:
    """The readable text of a mail: its plain-text body, or its HTML body without the markup."""
    body = msg.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    limit = MAX_TEXT_CHARS * 4 if body.get_content_type() == "text/html" else MAX_TEXT_CHARS
    if spooled is not None and spooled.file_of(body) is not None:  # a large body: its beginning is enough
        payload = _payload(body, spooled, limit * 4) or b""
        try:
            text = payload.decode(body.get_content_charset() or "utf-8", "replace")
        except LookupError:
            text = payload.decode("utf-8", "replace")
    else:
        try:
            text = body.get_content()
        except (LookupError, ValueError):
            payload = body.get_payload(decode=True)
            text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    text = text[:limit]
    if body.get_content_type() == "text/html":
        text = _without_scripts(text)
        text = re.sub(r"(?i)<br\s*/?>|</(p|div|tr|li|h\d)>", "\n", text)
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())[:MAX_TEXT_CHARS]


_SCRIPT_OPEN = re.compile(r"<(script|style)\b", re.IGNORECASE)


def _without_scripts(html_text: str) -> str:
    """HTML without its <script> and <style> elements, in one pass (a regex with `.*?` between the tags
    would rescan the rest of the text from every opening tag that is never closed)."""
    lower = html_text.lower()
    parts: list[str] = []
    pos = 0
    while (m := _SCRIPT_OPEN.search(html_text, pos)) is not None:
        parts.append(html_text[pos : m.start()])
        end = lower.find(f"</{m.group(1).lower()}", m.end())
        if end == -1:
            return " ".join(parts)  # never closed: the rest is script
        close = lower.find(">", end)
        pos = len(html_text) if close == -1 else close + 1
    parts.append(html_text[pos:])
    return " ".join(parts)


def looks_like_invoice(text: str) -> bool:
    """An invoice or receipt word, a total-like word and an amount: a bill written into the mail."""
    text = text[:MAX_SCAN_CHARS]
    return bool(_INVOICE_WORDS.search(text) and _TOTAL_WORDS.search(text) and _AMOUNT.search(text))


def eml_text(raw: bytes | Path) -> str:
    """The headers a person looks at and the text of a stored mail, as extraction reads it."""
    if isinstance(raw, Path):  # its large parts are decoded into temporary files, never into memory
        with tempfile.TemporaryDirectory(prefix="bodesk-eml-") as tmp:
            return eml_text_of(*_message(raw, Path(tmp)))
    return eml_text_of(*_message(raw))


def eml_text_of(msg: EmailMessage, spooled: Spooled | None) -> str:
    head = [f"{name}: {_header(msg, name)}" for name in ("From", "Date", "Subject") if _header(msg, name)]
    return "\n".join([*head, "", mail_text(msg, spooled)])


def render_text_pdf(text: str, path: Path) -> Path:
    """Write `text` as a plain text-layer PDF; the same text gives the same bytes (invariant mode)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    y = A4[1] - 56
    for line in text.splitlines() or [""]:
        for chunk in [line[i : i + 95] for i in range(0, max(len(line), 1), 95)]:
            if y < 56:
                c.showPage()
                y = A4[1] - 56
            c.setFont("Helvetica", 10)
            c.drawString(48, y, chunk)
            y -= 14
    c.save()
    return path


def read_eml_text(path: Path, extract_pdf: Callable[[Path], dict[str, Any]]) -> dict[str, Any]:
    """Extract a stored .eml: its text rendered as a PDF in a temporary folder, then read as a text PDF."""
    with tempfile.TemporaryDirectory(prefix="bodesk-eml-") as tmp:
        pdf = render_text_pdf(eml_text(path), Path(tmp) / (path.stem + ".pdf"))
        return extract_pdf(pdf)
