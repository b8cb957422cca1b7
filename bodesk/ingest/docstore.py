"""The content-addressed document store: every file kept once, named by its SHA-256.

Files are copied (never moved or modified) into a temporary file beside their final place,
hashed while copying, flushed to disk, then renamed into place, so a crash leaves either
nothing or a complete file, never a half-written one.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bodesk.errors import EnvironmentProblem, describe_os_error

CHUNK = 1 << 20


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

    def put(self, source: Path) -> StoredFile:
        """Copy `source` into the store unless identical content is already there."""
        suffix = source.suffix.lower()[:10]
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(prefix=".incoming-", dir=self.root)
        except OSError as exc:
            raise EnvironmentProblem(describe_os_error(exc, f"write to the document store {self.root}")) from exc
        tmp = Path(tmp_name)
        digest = hashlib.sha256()
        size = 0
        try:
            with os.fdopen(fd, "wb") as out:
                try:
                    src = open(source, "rb")
                except OSError as exc:
                    raise EnvironmentProblem(describe_os_error(exc, f"read {source.name}")) from exc
                with src:
                    while chunk := src.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                        size += len(chunk)
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
            raise EnvironmentProblem(describe_os_error(exc, f"store {source.name}")) from exc
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def file_count(self) -> int:
        return sum(1 for p in self.root.rglob("*") if p.is_file() and not p.name.startswith(".incoming-"))

    def sweep_incomplete(self) -> int:
        """Remove temporary files left by a crash mid-copy; returns how many."""
        removed = 0
        for tmp in self.root.glob(".incoming-*"):
            tmp.unlink(missing_ok=True)
            removed += 1
        return removed
