"""The intake loop: every watched folder and mailbox checked once (`sync_once`) or kept running (`run`).

Each check stores what is new through the import pipeline and writes the item into the source's
ledger in the same transaction as its document; only then is the original moved, deleted or
marked on the server. A crash at any moment therefore loses nothing and duplicates nothing: an
item without a ledger row is taken again (and the store's SHA-256 check finds a document that
was already committed), an item left `stored` gets its after-action on the next check.

A failing source gets a sentence in its status and is retried with exponential backoff; the
others keep running, each on its own thread, waiting on file events, IDLE, or its poll interval.
"""

from __future__ import annotations

import logging
import random
import shutil
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bodesk.errors import BodeskError, EnvironmentProblem
from bodesk.ingest.folders import FolderScanner, FolderSettings, FolderWatcher, apply_after
from bodesk.ingest.imap import Mailbox, MailboxSettings
from bodesk.ingest.mail import MailFilters, parse_mail
from bodesk.ingest.pipeline import Importer, ImportRecord
from bodesk.secrets import get_secret
from bodesk.store import Store
from bodesk.store import sources as db
from bodesk.store.schema import InvoiceStatus

log = logging.getLogger(__name__)

Cancel = Callable[[], bool]


def backoff_delay(failures: int, base: float = 15.0, cap: float = 900.0) -> float:
    """Seconds to wait after `failures` failed checks in a row: 15 s, 30 s, 1 min … at most 15 min, ±10 %."""
    if failures <= 0:
        return 0.0
    return min(cap, base * 2 ** (failures - 1)) * random.uniform(0.9, 1.1)


@dataclass
class SourceReport:
    """What one check of one source did, for the status bar, the tray and `bodesk sync`."""

    source_id: int
    name: str
    kind: str
    checking: bool = False  # True: the check is starting (activity), False: it ended
    imported: int = 0
    duplicates: int = 0
    needs_review: int = 0
    invoice_ids: tuple[int, ...] = ()
    error: str | None = None
    retry_in: float | None = None
    busy: bool = False  # another process (a window, a scheduled sync) was checking it: skipped this time

    def sentence(self) -> str:
        if self.checking:
            return f"Checking {self.name}…"
        if self.busy:
            return f"{self.name}: being checked by another bodesk (a window or a scheduled sync); skipped this time."
        if self.error:
            retry = f" Trying again in {_duration(self.retry_in)}." if self.retry_in else ""
            return f"{self.name}: {self.error}{retry}"
        if not self.imported:
            return f"{self.name}: nothing new."
        text = f"{self.name}: {self.imported} new document{'s' if self.imported != 1 else ''}"
        if self.needs_review:
            text += f", {self.needs_review} need review"
        return text + "."

    def to_json(self) -> dict[str, Any]:
        return {"source_id": self.source_id, "name": self.name, "kind": self.kind, "imported": self.imported,
                "duplicates": self.duplicates, "needs_review": self.needs_review,
                "invoice_ids": list(self.invoice_ids), "error": self.error}


def _duration(seconds: float | None) -> str:
    s = int(seconds or 0)
    return f"{s} s" if s < 90 else f"{round(s / 60)} min"


class _Taker:
    """Receives items into the store and reads them in the executor, a few at a time."""

    def __init__(self, importer: Importer, renew: Callable[[], None] = lambda: None) -> None:
        self.importer = importer
        self.renew = renew
        self.known = importer.known_vendors()
        self.pending: deque[tuple[ImportRecord, Future[dict[str, Any]] | dict[str, Any]]] = deque()
        self.records: list[ImportRecord] = []

    def take(self, path: Path, source_ref: str, mark: Callable[[Any, ImportRecord], None] | None) -> ImportRecord:
        self.renew()
        record, stored = self.importer.receive(path, source_ref=source_ref, mark=mark)
        if stored is None:
            self.records.append(record)
            return record
        self.pending.append((record, self.importer.extract_async(stored, path.name, self.known)))
        while len(self.pending) >= self.importer.window:
            self.records.append(self.importer.finish(*self.pending.popleft()))
        return record

    def drain(self) -> list[ImportRecord]:
        while self.pending:
            self.records.append(self.importer.finish(*self.pending.popleft()))
        return self.records


@dataclass
class _State:
    """What a source keeps between checks while `run` goes on."""

    scanner: FolderScanner | None = None
    mailbox: Mailbox | None = None
    failures: int = 0
    waiting: int = 0
    wake: threading.Event = field(default_factory=threading.Event)


class IntakeService:
    """Runs the intake sources of one workspace (no Qt: the window runs it through the job runner)."""

    def __init__(
        self,
        store: Store,
        *,
        executor: Executor | Callable[[], Executor] | None = None,
        on_report: Callable[[SourceReport], None] = lambda r: None,
        backoff: Callable[[int], float] = backoff_delay,
    ) -> None:
        self.store = store
        self._executor = executor
        self.on_report = on_report
        self.backoff = backoff
        self.owner = db.claim_owner()
        self._reload = threading.Event()

    def _importer(self, kind: str) -> Importer:
        executor = self._executor() if callable(self._executor) and not isinstance(self._executor, Executor) else self._executor
        return Importer(self.store, source_kind=kind, executor=executor)

    # -- one check -------------------------------------------------------------------------------
    def check(self, source: db.SourceInfo, state: _State | None = None, cancel: Cancel = lambda: False) -> SourceReport:
        """Check one source once; failures become the report's (and the source's) error sentence."""
        state = state or _State()
        report = SourceReport(source.id, source.name, source.kind)
        if not db.claim_source(self.store, source.id, self.owner):
            report.busy = True
            return report
        try:
            return self._check_claimed(source, state, report, cancel)
        finally:
            db.release_source(self.store, source.id, self.owner)

    def _renewer(self, source_id: int) -> Callable[[], None]:
        """Renew this process's claim on a source during a long check (at most once a minute)."""
        last = [time.monotonic()]

        def renew() -> None:
            if time.monotonic() - last[0] >= 60:
                last[0] = time.monotonic()
                db.claim_source(self.store, source_id, self.owner)

        return renew

    def _check_claimed(self, source: db.SourceInfo, state: _State, report: SourceReport, cancel: Cancel) -> SourceReport:
        self.on_report(SourceReport(source.id, source.name, source.kind, checking=True))
        taker: _Taker | None = None
        records: list[ImportRecord] = []
        for step in ("check", "read"):
            try:
                if step == "check":
                    taker = _Taker(self._importer(source.kind), self._renewer(source.id))
                    if source.kind == "folder":
                        self._check_folder(source, state, taker, cancel)
                    else:
                        self._check_mail(source, state, taker, cancel)
                elif taker is not None:  # what was stored is read even when the check stopped half-way
                    records = taker.drain()
            except BodeskError as exc:
                report.error = report.error or str(exc)
            except Exception as exc:  # a bug: to the log, and one sentence in the source's status
                log.exception("checking source %s failed", source.id)
                report.error = report.error or (
                    f"An unexpected error stopped this check ({type(exc).__name__}); the details are in the log.")
                if taker is not None:
                    records = taker.records
        new = [r for r in records if r.status not in ("duplicate", "error")]
        report.imported, report.invoice_ids = len(new), tuple(r.invoice_id for r in new if r.invoice_id)
        report.duplicates = sum(r.status == "duplicate" for r in records)
        report.needs_review = sum(r.status in (InvoiceStatus.NEEDS_REVIEW, InvoiceStatus.FAILED) for r in new)
        db.record_check(self.store, source.id, imported=report.imported, error=report.error)
        if report.error:
            log.info("source %s: %s", source.id, report.error)
        return report

    def _check_folder(self, source: db.SourceInfo, state: _State, taker: _Taker, cancel: Cancel) -> None:
        settings = FolderSettings.from_json(source.settings)
        workspace = self.store.workspace
        if state.scanner is None or state.scanner.settings != settings:
            state.scanner = FolderScanner(settings, skip=(workspace.root, workspace.documents))
        scanner = state.scanner
        scanner.check_folder()
        problems: list[str] = []
        for key, fingerprint, sha in db.pending_files(self.store, source.id):  # left by a crash
            try:
                apply_after(settings, Path(settings.path) / key, fingerprint, sha)
                db.set_item_status(self.store, source.id, key, "done")
            except EnvironmentProblem as exc:
                problems.append(str(exc))
        files = scanner.scan()
        problems += scanner.problems
        state.waiting = scanner.waiting
        taken = db.ledger(self.store, source.id, [f.key for f in files])
        status = "done" if settings.after == "keep" else "stored"
        for f in files:
            if cancel():
                break
            entry = taken.get(f.key)
            if entry is not None and entry.fingerprint == f.fingerprint and entry.status != "stored":
                continue
            sha = None
            if entry is None or entry.fingerprint != f.fingerprint:
                mark = db.LedgerMark(source.id, f.key, f.fingerprint, status)
                record = taker.take(f.path, str(f.path), _marker(mark))
                if record.failed:
                    problems.append(" ".join(record.errors))
                    continue
                sha = record.sha256
            if status == "stored":
                try:
                    apply_after(settings, f.path, f.fingerprint, sha or db.stored_sha(self.store, source.id, f.key))
                    db.set_item_status(self.store, source.id, f.key, "done")
                except EnvironmentProblem as exc:
                    problems.append(str(exc))
        if problems:
            more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
            raise EnvironmentProblem(problems[0] + more)

    def _check_mail(self, source: db.SourceInfo, state: _State, taker: _Taker, cancel: Cancel) -> None:
        settings = MailboxSettings.from_json(source.settings)
        box = state.mailbox
        if box is None or box.settings != settings or box.client is None:
            if box is not None:
                box.close()
            max_bytes = int(self.store.settings.get("intake.max_mail_mb", 50)) * 1000 * 1000
            box = state.mailbox = Mailbox(settings, lambda: get_secret(settings.secret_ref), max_bytes=max_bytes)
            box.open()
        uidvalidity = box.uidvalidity
        assert uidvalidity is not None
        last = db.set_uidvalidity(self.store, source.id, uidvalidity)
        prefix = f"{uidvalidity}:"
        stale = [k for k in db.pending_after_actions(self.store, source.id) if k.startswith(prefix)]
        if stale:  # documents committed, but the mail was not yet marked when the process stopped
            box.after([int(k[len(prefix):]) for k in stale])
            for key in stale:
                db.set_item_status(self.store, source.id, key, "done")
        uids = box.new_uids(last)
        taken = db.ledger(self.store, source.id, [f"{prefix}{u}" for u in uids])
        filters = MailFilters.from_json(settings.filters)
        base_ref = f"imap://{settings.user}@{settings.host}:{settings.port}/{settings.folder};UIDVALIDITY={uidvalidity}"
        problems: list[str] = []
        with tempfile.TemporaryDirectory(prefix="bodesk-mail-") as tmp:
            for uid, raw, size in box.fetch(uids, Path(tmp)):
                try:
                    if cancel():
                        break
                    key = f"{prefix}{uid}"
                    if key in taken:
                        db.advance_uid(self.store, source.id, uid)
                        continue
                    if raw is None:  # over the size cap: left unread on the server, told once, never fetched again
                        sentence = (f"A mail of {size / 1e6:.0f} MB is larger than the {box.max_bytes / 1e6:.0f} MB limit "
                                    "(setting intake.max_mail_mb); it was left unread in the mailbox.")
                        with self.store.session() as session:
                            db.ledger_mark(session, db.LedgerMark(source.id, key, "", "skipped", sentence, last_uid=uid))
                        problems.append(sentence)
                        continue
                    parsed = parse_mail(raw, filters)
                    if not parsed.documents:
                        with self.store.session() as session:
                            db.ledger_mark(session, db.LedgerMark(source.id, key, parsed.message_id[:256], "skipped",
                                                                  parsed.reason, last_uid=uid))
                        continue
                    for i, doc in enumerate(parsed.documents):
                        path = Path(tmp) / f"{uid}-{i}" / doc.name
                        path.parent.mkdir()
                        doc.save(path)
                        last_doc = i == len(parsed.documents) - 1
                        mark = db.LedgerMark(source.id, key, parsed.message_id[:256], "stored", parsed.subject[:500], last_uid=uid)
                        record = taker.take(path, f"{base_ref}/;UID={uid}", _marker(mark) if last_doc else None)
                        path.unlink()
                        if record.failed and record.environment:  # disk full, store unwritable: stop; taken again next time
                            raise EnvironmentProblem(" ".join(record.errors))
                        if record.failed:  # an empty or oversized attachment: told, the mail's other documents go on
                            problems.append(" ".join(record.errors))
                    box.after([uid])
                    db.set_item_status(self.store, source.id, key, "done")
                finally:
                    if raw is not None:  # the mail's file and the parts decoded beside it
                        raw.unlink(missing_ok=True)
                        shutil.rmtree(raw.parent / f"{raw.name}.parts", ignore_errors=True)
        if problems:
            more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
            raise EnvironmentProblem(problems[0] + more)

    # -- once ------------------------------------------------------------------------------------
    def sync_once(self, cancel: Cancel = lambda: False, settle_wait: float = 60.0) -> list[SourceReport]:
        """Check every enabled source once, in turn; files still being written are waited for (up to `settle_wait`)."""
        reports = []
        for source in db.list_sources(self.store, enabled_only=True):
            state = _State()
            deadline = time.monotonic() + settle_wait
            report = self.check(source, state, cancel)
            while not report.error and state.waiting and not cancel() and time.monotonic() < deadline:
                time.sleep(0.5)
                again = self.check(source, state, cancel)
                report.imported += again.imported
                report.duplicates += again.duplicates
                report.needs_review += again.needs_review
                report.invoice_ids += again.invoice_ids
                report.error = again.error
            if state.mailbox is not None:
                state.mailbox.close()
            self.on_report(report)
            reports.append(report)
        return reports

    # -- for ever --------------------------------------------------------------------------------
    def reload(self) -> None:
        """Sources were added, changed or removed: `run` picks that up at once."""
        self._reload.set()

    def run(self, cancel: Cancel, loops: Executor | None = None) -> None:
        """Keep every enabled source going until `cancel()` says stop, each source's loop a task of
        `loops` (the window's job runner hands its own; by default a pool owned by this call). A bug in
        a loop stops the run and is raised here, so it reaches the crash report."""
        own = loops is None
        pool = loops or ThreadPoolExecutor(max_workers=32, thread_name_prefix="bodesk-source")
        running: dict[int, tuple[Future[None], threading.Event, db.SourceInfo]] = {}
        try:
            while not cancel():
                wanted = {s.id: s for s in db.list_sources(self.store, enabled_only=True)}
                for sid, (task, stop, info) in list(running.items()):
                    changed = sid not in wanted or (wanted[sid].settings, wanted[sid].name) != (info.settings, info.name)
                    if changed or task.done():
                        stop.set()
                        del running[sid]
                        task.result()  # waits for it to stop; a bug inside it is raised here
                for sid, info in wanted.items():
                    if sid not in running:
                        stop = threading.Event()
                        running[sid] = (pool.submit(self._loop, info, stop, cancel), stop, info)
                self._reload.wait(1.0)
                self._reload.clear()
        finally:
            for _task, stop, _ in running.values():
                stop.set()
            wait([task for task, _, _ in running.values()])
            if own:
                pool.shutdown(wait=True)

    def _loop(self, source: db.SourceInfo, stop: threading.Event, cancel: Cancel) -> None:
        state = _State()
        stopped = lambda: stop.is_set() or cancel()  # noqa: E731
        watcher = None
        if source.kind == "folder":
            watcher = FolderWatcher(FolderSettings.from_json(source.settings), state.wake)
            watcher.start()
        try:
            while not stopped():
                report = self.check(source, state, stopped)
                if report.error:
                    state.failures += 1
                    if state.mailbox is not None:
                        state.mailbox.close()
                    report.retry_in = delay = self.backoff(state.failures)
                else:
                    state.failures = 0
                    delay = float(source.settings.get("poll_seconds", 30.0 if source.kind == "folder" else 120.0))
                    if state.waiting:  # a file is still being written: look again once it may have settled
                        delay = min(delay, float(source.settings.get("settle_seconds", 3.0)) / 2 + 0.5)
                self.on_report(report)
                if not report.error and state.mailbox is not None and state.mailbox.has_idle:
                    try:
                        state.mailbox.wait(delay, stopped)
                        continue
                    except EnvironmentProblem as exc:
                        log.info("source %s: IDLE ended: %s", source.id, exc)
                _sleep(delay, stopped, state.wake)
        finally:
            if watcher is not None:
                watcher.stop()
            if state.mailbox is not None:
                state.mailbox.close()


def _marker(mark: db.LedgerMark) -> Callable[[Any, ImportRecord], None]:
    def write(session: Any, record: ImportRecord) -> None:
        mark.document_ids = [record.document_id] if record.document_id else []
        db.ledger_mark(session, mark)

    return write


def _sleep(seconds: float, stopped: Cancel, wake: threading.Event) -> None:
    """Sleep, waking early for a file event or to stop; never a busy loop."""
    deadline = time.monotonic() + max(seconds, 0.2)
    while not stopped():
        left = deadline - time.monotonic()
        if left <= 0 or wake.wait(min(left, 0.5)):
            break
    if wake.is_set():
        wake.clear()
        # Let the writer finish a burst of events before the scan looks at sizes and times.
        time.sleep(0.2)
