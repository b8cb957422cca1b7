"""The content-addressed document store."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from bodesk.errors import EnvironmentProblem
from bodesk.ingest.docstore import DocumentStore


def test_same_content_is_stored_once_and_original_untouched(tmp_path: Path) -> None:
    store = DocumentStore(tmp_path / "docs")
    a = tmp_path / "a.PDF"
    a.write_bytes(b"%PDF-1.4 same bytes")
    b = tmp_path / "copy-of-a.pdf"
    b.write_bytes(a.read_bytes())
    before = (a.stat().st_mtime_ns, a.read_bytes())
    first = store.put(a)
    second = store.put(b)
    assert first.sha256 == hashlib.sha256(b"%PDF-1.4 same bytes").hexdigest()
    assert not first.already_stored and second.already_stored
    assert first.relative_path == second.relative_path == f"{first.sha256[:2]}/{first.sha256}.pdf"
    assert store.file_count() == 1
    assert (a.stat().st_mtime_ns, a.read_bytes()) == before


def test_unreadable_source_is_a_sentence_and_leaves_no_temp_file(tmp_path: Path) -> None:
    store = DocumentStore(tmp_path / "docs")
    with pytest.raises(EnvironmentProblem, match="Could not read missing.pdf"):
        store.put(tmp_path / "missing.pdf")
    assert list((tmp_path / "docs").iterdir()) == []


def test_leftovers_of_a_crash_are_swept(tmp_path: Path) -> None:
    store = DocumentStore(tmp_path / "docs")
    (tmp_path / "docs").mkdir()
    old, young = tmp_path / "docs" / ".incoming-abc", tmp_path / "docs" / ".incoming-def"
    old.write_bytes(b"half a file")
    young.write_bytes(b"another process copying now")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    assert store.sweep_incomplete() == 1
    assert not old.exists() and young.exists(), "a copy younger than an hour may be another process's"
    assert store.file_count() == 0
