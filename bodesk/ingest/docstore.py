"""The content-addressed document store: every file kept once, named by its SHA-256.

Files are copied (never moved or modified) into a temporary file beside their final place,
hashed while copying, flushed to disk, then renamed into place, so a crash leaves either
nothing or a complete file, never a half-written one.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from bodesk.errors import EnvironmentProblem, UnreadableDocument, describe_os_error

CHUNK = 1 << 20
MAX_DOCUMENT_BYTES = 200 * 1024 * 1024  # the extractor's own cap (Limits.max_bytes): no larger file is stored
INCOMPLETE_AGE = 3600.0  # seconds: a younger `.incoming-*` file may belong to another process still copying


def size_text(size: int) -> str:
    """A size as people read it, in binary units as the caps are set: "200 MiB", "512 KiB"."""
    value = float(size)
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "bytes" or value == int(value) else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"


def safe_text(text: str) -> str:
    """A name or path safe to store and to show: bytes that are not UTF-8 become "\ufffd", control
    characters (newlines, terminal escape sequences) "?"."""
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return "".join(ch if ch.isprintable() else "?" for ch in text)


def display_name(path: Path | str) -> str:
    """The file name of `path`, made safe by `safe_text`."""
    return safe_text(Path(path).name) or "?"


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    relative_path: str  # relative to the store root, with forward slashes
    size: int
    already_stored: bool


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class DocumentStore:
    """Files under `root/ab/abcdef….ext`, where `abcdef…` is the SHA-256 of the content."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_of(self, relative_path: str) -> Path:
        return self.root / relative_path

    def put(self, source: Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> StoredFile:
        """Copy `source` into the store unless identical content is already there.

        The file is opened without waiting (a pipe would block for ever), must be a regular file,
        and its size is checked before a byte is copied (and again while copying, for a file
        that grows)."""
        suffix = source.suffix.lower()[:10]
        if not suffix.isascii() or not suffix[1:].isalnum():
            suffix = ""
        name = display_name(source)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise EnvironmentProblem(describe_os_error(exc, f"write to the document store {self.root}")) from exc
        try:
            src_fd = os.open(source, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        except OSError as exc:
            raise EnvironmentProblem(describe_os_error(exc, f"read {name}")) from exc
        src = os.fdopen(src_fd, "rb")
        with src:
            st = os.fstat(src_fd)
            if not stat.S_ISREG(st.st_mode):
                raise UnreadableDocument(f"{name} is not a regular file (a pipe, a device or a folder) and was not imported.")
            if st.st_size == 0:
                raise UnreadableDocument(f"{name} is empty (0 bytes); it may not have finished copying.")
            if st.st_size > max_bytes:
                raise UnreadableDocument(f"{name} is too large ({size_text(st.st_size)}); the limit is {size_text(max_bytes)}.")
            return self._copy(src, name, suffix, max_bytes)

    def _copy(self, src: BinaryIO, name: str, suffix: str, max_bytes: int) -> StoredFile:
        try:
            fd, tmp_name = tempfile.mkstemp(prefix=".incoming-", dir=self.root)
        except OSError as exc:
            raise EnvironmentProblem(describe_os_error(exc, f"write to the document store {self.root}")) from exc
        tmp = Path(tmp_name)
        digest = hashlib.sha256()
        size = 0
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := src.read(CHUNK):
                    size += len(chunk)
                    if size > max_bytes:
                        raise UnreadableDocument(f"{name} is too large (over {size_text(max_bytes)}); "
                                                 f"the limit is {size_text(max_bytes)}.")
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            relative = f"{sha[:2]}/{sha}{suffix}"
            final = self.root / relative
            if final.exists():
                tmp.unlink()
                return StoredFile(sha, relative, size, already_stored=True)
            final.parent.mkdir(exist_ok=True)
            os.replace(tmp, final)
            return StoredFile(sha, relative, size, already_stored=False)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise EnvironmentProblem(describe_os_error(exc, f"store {name}")) from exc
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def file_count(self) -> int:
        return sum(1 for p in self.root.rglob("*") if p.is_file() and not p.name.startswith(".incoming-"))

    def sweep_incomplete(self, min_age: float = INCOMPLETE_AGE) -> int:
        """Remove temporary files left by a crash mid-copy; returns how many.

        Only files untouched for `min_age` seconds: a younger one may be another bodesk process
        (a window and a scheduled sync on one workspace) copying right now."""
        removed = 0
        now = time.time()
        for tmp in self.root.glob(".incoming-*"):
            try:
                if now - tmp.stat().st_mtime >= min_age:
                    tmp.unlink()
                    removed += 1
            except FileNotFoundError:
                continue
        return removed
