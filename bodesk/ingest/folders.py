"""Watched folders: which files are ready to take, and what happens to the original afterwards.

A file is taken once it is *stable*: its size and modification time have not changed for
`settle_seconds` (seen unchanged across two looks that far apart, or last modified longer ago
than that), so a scanner still writing a file is never read half-way. Hidden, temporary and
lock files are ignored (`core.filetypes.is_ignored`), as is the `processed` subfolder.

The scan is the truth; file events (watchdog) only make the next scan come sooner. Network
shares often deliver no events at all, so a folder is also scanned every `poll_seconds`.
"""

from __future__ import annotations

import logging
import os
import shutil
import stat
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bodesk.core.filetypes import PLAIN_KINDS, is_ignored
from bodesk.errors import BodeskError, EnvironmentProblem, describe_os_error
from bodesk.ingest.docstore import MAX_DOCUMENT_BYTES, display_name, sha256_of, size_text

log = logging.getLogger(__name__)

PROCESSED = "processed"
AFTER_ACTIONS = ("keep", "move", "delete")


@dataclass(frozen=True)
class FolderSettings:
    """What the user chose for one watched folder."""

    path: str
    recursive: bool = False
    after: str = "keep"  # keep | move (to the `processed` subfolder) | delete
    settle_seconds: float = 3.0
    poll_seconds: float = 30.0

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FolderSettings:
        known = {k: data[k] for k in ("path", "recursive", "after", "settle_seconds", "poll_seconds") if k in data}
        return cls(**known)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class FolderFile:
    """A file that is ready to take: its ledger key (path inside the folder) and fingerprint."""

    path: Path
    key: str
    fingerprint: str


class FolderScanner:
    """Finds the stable, importable files of one folder; remembers what it saw between scans."""

    def __init__(
        self,
        settings: FolderSettings,
        clock: Callable[[], float] = time.monotonic,
        *,
        skip: Iterable[Path] = (),
        max_bytes: int = MAX_DOCUMENT_BYTES,
    ) -> None:
        self.settings = settings
        self.root = Path(settings.path)
        self.clock = clock
        self.skip = {_real(p) for p in skip}  # the workspace's own folders: never walked, whatever was configured
        self.max_bytes = max_bytes
        self._seen: dict[Path, tuple[int, int, float]] = {}
        self._told: set[tuple[Path, str]] = set()
        self.waiting = 0  # files seen but not yet stable after the last scan
        self.problems: list[str] = []

    def _tell_once(self, path: Path, why: str, sentence: str) -> None:
        """A file that will never be taken is reported once, not at every scan (and never waited for)."""
        if (path, why) not in self._told:
            self._told.add((path, why))
            self.problems.append(sentence)

    def check_folder(self) -> None:
        """Raise a sentence when the folder itself cannot be used."""
        if not self.root.exists():
            raise EnvironmentProblem(f"The folder {self.root} does not exist (any more); check the path or the network share.")
        if not self.root.is_dir():
            raise EnvironmentProblem(f"{self.root} is not a folder.")
        if not os.access(self.root, os.R_OK | os.X_OK):
            raise EnvironmentProblem(f"Permission to read the folder {self.root} was denied; check its permissions.")

    def scan(self) -> list[FolderFile]:
        """The files ready now; unstable ones are remembered and counted in `waiting`."""
        self.check_folder()
        self.problems = []
        now_mono, now_wall = self.clock(), time.time()
        ready: list[FolderFile] = []
        present: set[Path] = set()
        waiting = 0
        for path, st in self._walk():
            present.add(path)
            size, mtime = st.st_size, st.st_mtime_ns
            first = self._seen.get(path)
            if first is None or first[:2] != (size, mtime):
                self._seen[path] = (size, mtime, now_mono)
                first = self._seen[path]
            old_enough = now_wall - mtime / 1e9 >= self.settings.settle_seconds
            unchanged_long = now_mono - first[2] >= self.settings.settle_seconds
            if not (old_enough or unchanged_long):
                waiting += 1
            elif size == 0:
                self._tell_once(path, "empty", f"{display_name(path)} is empty (0 bytes) and was not imported.")
            elif size > self.max_bytes:
                self._tell_once(path, "large", f"{display_name(path)} is too large ({size_text(size)}); "
                                               f"the limit is {size_text(self.max_bytes)}.")
            else:
                key = safe_key(path.relative_to(self.root).as_posix())
                ready.append(FolderFile(path, key, f"{size}:{mtime}"))
        for gone in set(self._seen) - present:
            del self._seen[gone]
        self.waiting = waiting
        return ready

    def _walk(self):  # type: ignore[no-untyped-def]  # -> Iterator[tuple[Path, os.stat_result]]
        stack = [self.root]
        while stack:
            folder = stack.pop()
            try:
                entries = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError as exc:
                if folder == self.root:
                    raise EnvironmentProblem(describe_os_error(exc, f"read the folder {folder}")) from exc
                self.problems.append(describe_os_error(exc, f"read the folder {folder}"))
                continue
            for entry in entries:
                path = Path(entry.path)
                if is_ignored(path):
                    continue
                try:
                    if entry.is_symlink() and not inside(path, self.root):
                        self._tell_once(path, "link", f"{display_name(path)} is a link to a file outside the folder "
                                                      "and was not imported.")
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        if (self.settings.recursive and not (folder == self.root and entry.name == PROCESSED)
                                and _real(path) not in self.skip):
                            stack.append(path)
                        continue
                    if path.suffix.lower() not in PLAIN_KINDS:
                        continue
                    st = entry.stat()
                    if not stat.S_ISREG(st.st_mode):
                        self._tell_once(path, "special", f"{display_name(path)} is not a regular file "
                                                         "(a pipe or a device) and was not imported.")
                        continue
                    yield path, st
                except FileNotFoundError:
                    continue  # gone between listing and looking: taken by someone else


def apply_after(settings: FolderSettings, path: Path, fingerprint: str | None = None, sha256: str | None = None) -> bool:
    """Keep, move to `processed/` (same relative place, never overwriting) or delete the original.

    Called only once the file's document is committed. Only the very file that was stored is
    moved or deleted: when `fingerprint` ("size:mtime" as scanned) or `sha256` (of the stored
    copy) no longer match what is there now (a scanner wrote a new scan under the same name
    meanwhile), the file is left alone for the next scan to take. Returns whether it acted.
    A file already gone is fine."""
    if settings.after == "keep" or not path.exists():
        return False
    try:
        if not _unchanged(path, fingerprint, sha256):
            log.info("%s changed since it was stored; left for the next scan", path)
            return False
        if settings.after == "delete":
            path.unlink()
            return True
        root = Path(settings.path)
        target = root / PROCESSED / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        n = 1
        while target.exists():
            n += 1
            target = target.with_name(f"{path.stem}-{n}{path.suffix}")
        shutil.move(str(path), str(target))
        return True
    except OSError as exc:
        verb = "delete" if settings.after == "delete" else "move"
        raise EnvironmentProblem(describe_os_error(exc, f"{verb} {display_name(path)} after importing it")) from exc


def _unchanged(path: Path, fingerprint: str | None, sha256: str | None) -> bool:
    st = path.stat()
    if fingerprint is not None and fingerprint != f"{st.st_size}:{st.st_mtime_ns}":
        return False
    if sha256 is not None and sha256_of(path) != sha256:
        return False
    return True


def safe_key(key: str) -> str:
    """A ledger key the database can store: bytes of a name that is not UTF-8 are written as \\xNN."""
    return key.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def inside(path: Path, root: Path) -> bool:
    """Whether `path`, links resolved, lies within `root` (links resolved too)."""
    try:
        return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))
    except (OSError, ValueError):
        return False


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def refuse_self_watch(settings: FolderSettings, workspace_root: Path) -> None:
    """A watched folder must not hold the workspace (nor lie inside it): with `delete` or `move` the
    workspace's own stored documents would be taken and removed. The one exception is a folder of
    its own inside the workspace (not its documents, backups or logs) that is only read, not
    recursively, with files kept: the demo's sample folder, say."""
    folder, workspace = _real(Path(settings.path)), _real(workspace_root)
    own = [workspace / name for name in ("documents", "backups", "logs", "locks")]
    harmless = (settings.after == "keep" and not settings.recursive and folder != workspace
                and not any(folder.is_relative_to(o) for o in own))
    if folder.is_relative_to(workspace) and not harmless:  # a folder of its own, read and left alone, is fine
        raise BodeskError(f"{settings.path} is inside the bodesk workspace ({workspace}); "
                          "choose the folder where your scanner or downloads put new documents.")
    if workspace.is_relative_to(folder) and settings.recursive:
        raise BodeskError(f"{settings.path} contains the bodesk workspace ({workspace}), whose stored documents "
                          "would be taken as new ones; choose a folder that does not contain the workspace.")


class FolderWatcher:
    """File events for one folder through watchdog; they only wake the scanner early.

    When events cannot be had (the platform's limit on watches, some network shares), `start`
    returns False and the folder is simply polled."""

    def __init__(self, settings: FolderSettings, wake: threading.Event) -> None:
        self.settings = settings
        self.wake = wake
        self._observer: Any = None

    def start(self) -> bool:
        try:
            from watchdog.events import FileSystemEventHandler
            from watchdog.observers import Observer

            wake = self.wake

            class _Wake(FileSystemEventHandler):
                def on_any_event(self, event: Any) -> None:  # noqa: D401
                    if not event.is_directory:
                        wake.set()

            observer = Observer()
            observer.daemon = True
            observer.schedule(_Wake(), self.settings.path, recursive=self.settings.recursive)
            observer.start()
        except (OSError, BodeskError, RuntimeError) as exc:  # inotify limits, a vanished folder…
            log.info("no file events for %s (%s); polling it", self.settings.path, exc)
            return False
        self._observer = observer
        return True

    def stop(self) -> None:
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=5)
            self._observer = None
