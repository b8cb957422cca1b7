"""The file types bodesk imports, defined once: by suffix, with the kind of document each is.

The import pipeline, watched folders, mail attachments, the file dialog and the document viewer all
read this table; extraction itself looks at the content (`core.extraction.readers.sniff`).
"""

from __future__ import annotations

from pathlib import Path

#: Importable files by suffix, and the kind of document each holds.
KINDS: dict[str, str] = {
    ".pdf": "pdf",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
    ".xml": "xml",
    ".eml": "email",  # a mail whose body is the invoice (bodesk.ingest.mail)
}
IMAGE_SUFFIXES = frozenset(s for s, kind in KINDS.items() if kind == "image")
#: Files that are a document themselves, not a mail carrying one (what watched folders and mail attachments take).
PLAIN_KINDS = {s: kind for s, kind in KINDS.items() if kind != "email"}
#: The file dialog's filter.
FILE_DIALOG_FILTER = f"Invoices ({' '.join('*' + s for s in KINDS)});;All files (*)"

_IGNORED_NAMES = {"thumbs.db", ".ds_store", "desktop.ini"}
_IGNORED_SUFFIXES = (".tmp", ".part", ".crdownload", ".partial", ".lock", "~")


def kind_of(path: Path) -> str:
    """The kind of document a file holds by its suffix ("other" when bodesk does not import it)."""
    return KINDS.get(path.suffix.lower(), "other")


def is_importable(path: Path) -> bool:
    return path.suffix.lower() in KINDS and not is_ignored(path)


def is_ignored(path: Path) -> bool:
    """Files that are never documents: hidden, temporary, half-downloaded, or the system's own."""
    name = path.name.lower()
    return name.startswith((".", "~$")) or name in _IGNORED_NAMES or name.endswith(_IGNORED_SUFFIXES)
