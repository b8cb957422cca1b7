"""Watched folders: which files are ready to take, and what happens to the original afterwards.

A file is taken once it is *stable*: its size and modification time have not changed for
`settle_seconds` (seen unchanged across two looks that far apart, or last modified longer ago
than that), so a scanner still writing a file is never read half-way. Hidden, temporary and
lock files are ignored (`pipeline.is_ignored`), as is the `processed` subfolder.

The scan is the truth; file events (watchdog) only make the next scan come sooner. Network
shares often deliver no events at all, so a folder is also scanned every `poll_seconds`.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bodesk.errors import BodeskError, EnvironmentProblem, describe_os_error
from bodesk.ingest.pipeline import KINDS, is_ignored

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

    def __init__(self, settings: FolderSettings, clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings
        self.root = Path(settings.path)
        self.clock = clock
        self._seen: dict[Path, tuple[int, int, float]] = {}
        self.waiting = 0  # files seen but not yet stable after the last scan
        self.problems: list[str] = []

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
        for path, st in self._walk():
            present.add(path)
            size, mtime = st.st_size, st.st_mtime_ns
            first = self._seen.get(path)
            if first is None or first[:2] != (size, mtime):
                self._seen[path] = (size, mtime, now_mono)
                first = self._seen[path]
            old_enough = now_wall - mtime / 1e9 >= self.settings.settle_seconds
            unchanged_long = now_mono - first[2] >= self.settings.settle_seconds
            if size > 0 and (old_enough or unchanged_long):
                key = path.relative_to(self.root).as_posix()
                ready.append(FolderFile(path, key, f"{size}:{mtime}"))
        for gone in set(self._seen) - present:
            del self._seen[gone]
        self.waiting = len(present) - len(ready)
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
                    if entry.is_dir(follow_symlinks=False):
                        if self.settings.recursive and not (folder == self.root and entry.name == PROCESSED):
                            stack.append(path)
                        continue
                    if path.suffix.lower() not in KINDS or path.suffix.lower() == ".eml":
                        continue
                    yield path, entry.stat()
                except FileNotFoundError:
                    continue  # gone between listing and looking: taken by someone else


def apply_after(settings: FolderSettings, path: Path) -> None:
    """Keep, move to `processed/` (same relative place, never overwriting) or delete the original.

    Called only once the file's document is committed. A file already gone is fine."""
    if settings.after == "keep" or not path.exists():
        return
    try:
        if settings.after == "delete":
            path.unlink()
            return
        root = Path(settings.path)
        target = root / PROCESSED / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        n = 1
        while target.exists():
            n += 1
            target = target.with_name(f"{path.stem}-{n}{path.suffix}")
        shutil.move(str(path), str(target))
    except OSError as exc:
        verb = "delete" if settings.after == "delete" else "move"
        raise EnvironmentProblem(describe_os_error(exc, f"{verb} {path.name} after importing it")) from exc


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
