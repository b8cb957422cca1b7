"""Mailboxes against a real Dovecot: 50 mails in, exactly the expected documents out, once; faults as sentences."""

from __future__ import annotations

import io
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from bodesk import cli
from bodesk.ingest.imap import Mailbox, MailboxSettings, try_connection
from bodesk.ingest.sources import IntakeService, SourceReport
from bodesk.errors import EnvironmentProblem
from bodesk.secrets import get_secret, set_secret
from bodesk.store import Store
from bodesk.store import sources as db
from bodesk.store.schema import Document, IntakeItem, Invoice
from tests.ingest.conftest import Dovecot
from tests.ingest.mails import corpus, message


def add_mailbox(store: Store, dovecot: Dovecot, user: str = "office", *, ssl: bool = True, password: str | None = None,
                **extra) -> db.SourceInfo:  # type: ignore[no-untyped-def]
    port = dovecot.ssl_port if ssl else dovecot.plain_port
    settings = MailboxSettings("127.0.0.1", port, user, security="ssl" if ssl else "starttls", cafile=str(dovecot.cafile),
                               secret_ref=db.imap_secret_ref(user, "127.0.0.1", port), timeout=5, **extra)
    set_secret(settings.secret_ref, password or dovecot.users[user])
    return db.add_source(store, "imap", settings.label, settings.to_json())


def documents(store: Store) -> list[tuple[str, str]]:
    with store.session() as session:
        return [(d.original_name, d.kind) for d in session.scalars(select(Document).order_by(Document.id))]


def flags(dovecot: Dovecot, user: str, folder: str = "INBOX") -> dict[int, tuple[bytes, ...]]:
    client = dovecot.client(user)
    try:
        client.select_folder(folder, readonly=True)
        uids = client.search()
        return {uid: data[b"FLAGS"] for uid, data in client.fetch(uids, ["FLAGS"]).items()} if uids else {}
    finally:
        client.logout()


def test_fifty_mails_become_exactly_the_expected_documents_once(dovecot: Dovecot, store: Store, file_keyring) -> None:  # type: ignore[no-untyped-def]
    dovecot.reset("office")
    mails, expected = corpus()
    dovecot.append("office", mails)
    source = add_mailbox(store, dovecot)
    reports: list[SourceReport] = []
    service = IntakeService(store, on_report=reports.append)

    (first,) = service.sync_once()
    assert first.error is None and first.imported == 56
    names = Counter(name for name, _ in documents(store))
    assert names - expected == Counter({"attachment-4.jpg": 2}) and expected - names == Counter()
    assert Counter(kind for _, kind in documents(store)) == Counter(pdf=44, email=8, image=2, xml=2)
    with store.session() as session:
        assert session.scalar(select(Invoice).where(Invoice.status == "received")) is None
        ledger = Counter(session.scalars(select(IntakeItem.status)))
    assert ledger == Counter(done=49, skipped=1)
    seen = {uid for uid, f in flags(dovecot, "office").items() if b"\\Seen" in f}
    assert len(seen) == 49, "every mail with a document is marked seen; the newsletter is left alone"

    (second,) = service.sync_once()
    assert (second.error, second.imported, second.duplicates) == (None, 0, 0)
    assert len(documents(store)) == 56
    info = db.get_source(store, source.id)
    assert info is not None and info.imported_count == 56 and info.last_error is None and info.last_uid == 50

    # Nothing secret anywhere in the workspace: database (and its WAL), logs, settings.
    password = dovecot.users["office"].encode()
    for path in store.workspace.root.rglob("*"):
        if path.is_file():
            assert password not in path.read_bytes(), path
    assert get_secret(info.settings["secret_ref"]) == dovecot.users["office"]


def test_starttls_move_after_and_a_new_uidvalidity(dovecot: Dovecot, store: Store, file_keyring, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dovecot.reset("other")
    receipt = message("Your receipt 1", "shop@x.example", "Receipt R-1\nTotal paid: EUR 12.50\n")
    dovecot.append("other", [receipt])
    add_mailbox(store, dovecot, "other", ssl=False, after="move:Done/Invoices")
    service = IntakeService(store)
    assert [(r.imported, r.error) for r in service.sync_once()] == [(1, None)]
    assert flags(dovecot, "other") == {} and len(flags(dovecot, "other", "Done.Invoices")) == 1  # the server spells it with its "."

    # The server renumbers the folder (a restore, a migration): new UIDVALIDITY, the same mail again.
    time.sleep(1.1)  # Dovecot derives a new folder's UIDVALIDITY from the clock, in seconds
    dovecot.reset("other")
    dovecot.append("other", [receipt, message("Your receipt 2", "shop@x.example", "Receipt R-2\nTotal: EUR 9.90\n")])
    (report,) = service.sync_once()
    assert (report.imported, report.duplicates) == (1, 1)
    assert [n for n, _ in documents(store)] == ["Your receipt 1.eml", "Your receipt 2.eml"]


def test_a_mail_whose_after_action_failed_is_marked_next_time_not_imported_again(
        dovecot: Dovecot, store: Store, file_keyring, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    dovecot.reset("other")
    dovecot.append("other", [message("Receipt", "s@x.example", "Receipt R-9\nTotal: EUR 5.00\n")])
    source = add_mailbox(store, dovecot, "other", after="flag")
    real_after = Mailbox.after

    def lost(self, uids):  # type: ignore[no-untyped-def]
        raise EnvironmentProblem("The connection to the server was lost; bodesk will try again.")

    monkeypatch.setattr(Mailbox, "after", lost)
    (report,) = IntakeService(store).sync_once()
    assert report.error and "connection" in report.error and len(documents(store)) == 1
    assert db.pending_after_actions(store, source.id) != []
    monkeypatch.setattr(Mailbox, "after", real_after)
    (report,) = IntakeService(store).sync_once()
    assert (report.error, report.imported) == (None, 0)
    assert [b"\\Flagged" in f for f in flags(dovecot, "other").values()] == [True]
    assert db.pending_after_actions(store, source.id) == [] and len(documents(store)) == 1


def test_faults_become_sentences(dovecot: Dovecot, store: Store, file_keyring) -> None:  # type: ignore[no-untyped-def]
    base = MailboxSettings("127.0.0.1", dovecot.ssl_port, "office", cafile=str(dovecot.cafile), timeout=5)
    assert "Connected to 127.0.0.1 as office" in try_connection(base, dovecot.users["office"])
    starttls = MailboxSettings("127.0.0.1", dovecot.plain_port, "office", security="starttls", cafile=str(dovecot.cafile))
    assert "IDLE" in try_connection(starttls, dovecot.users["office"])
    cases = {
        "refused the user name or password": (base, "wrong-password"),
        "certificate of 127.0.0.1": (MailboxSettings("127.0.0.1", dovecot.ssl_port, "office", timeout=5), "x"),
        "secure connection to": (MailboxSettings("127.0.0.1", dovecot.plain_port, "office", cafile=str(dovecot.cafile), timeout=5), "x"),
        "refused the connection": (MailboxSettings("127.0.0.1", 1, "office", timeout=5), "x"),
        "does not exist": (MailboxSettings("127.0.0.1", dovecot.ssl_port, "office", folder="Gone", cafile=str(dovecot.cafile)),
                           dovecot.users["office"]),
    }
    for sentence, (settings, password) in cases.items():
        with pytest.raises(EnvironmentProblem, match=sentence):
            try_connection(settings, password)

    # In a source: the status says it, the password never reaches the database or the log.
    source = add_mailbox(store, dovecot, password="Wr0ng-but-secret")
    (report,) = IntakeService(store).sync_once()
    assert "refused the user name or password" in (report.error or "")
    info = db.get_source(store, source.id)
    assert info is not None and info.last_error == report.error and info.error_count == 1
    from bodesk import log as logsetup

    log_file = logsetup.setup(store.workspace.logs)
    IntakeService(store).sync_once()
    for path in [*store.workspace.root.rglob("*"), log_file]:
        if path.is_file():
            assert b"Wr0ng-but-secret" not in path.read_bytes(), path


def test_idle_brings_new_mail_at_once_and_a_bad_source_backs_off(dovecot: Dovecot, store: Store, file_keyring) -> None:  # type: ignore[no-untyped-def]
    dovecot.reset("office")
    add_mailbox(store, dovecot, poll_seconds=300)
    add_mailbox(store, dovecot, "other", password="wrong")
    reports: list[SourceReport] = []
    delays: list[int] = []
    service = IntakeService(store, on_report=reports.append, backoff=lambda n: delays.append(n) or 0.5 * n)
    stop = threading.Event()
    thread = threading.Thread(target=service.run, args=(stop.is_set,))
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not any(r.source_id == 1 and not r.checking for r in reports) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)  # in IDLE now
        dovecot.append("office", [message("Receipt 3", "s@x.example", "Receipt R-3\nTotal: EUR 7.00\n")])
        while len(documents(store)) < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [n for n, _ in documents(store)] == ["Receipt 3.eml"], "IDLE woke the mailbox well before its 300 s poll"
        time.sleep(1.5)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive(), "run() stops promptly when cancelled"
    failing = [r for r in reports if r.source_id == 2 and not r.checking]
    assert failing and all("password" in (r.error or "") for r in failing)
    assert 2 <= len(failing) <= 4, "retries follow the backoff, no busy loop"
    assert delays[:3] == [1, 2, 3][: len(delays[:3])]


def test_source_commands(dovecot: Dovecot, store: Store, file_keyring, monkeypatch: pytest.MonkeyPatch,
                         capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    home = str(store.workspace.root)
    monkeypatch.setattr("sys.stdin", io.StringIO(dovecot.users["office"] + "\n"))
    rc = cli.main(["--home", home, "source", "add-imap", "--host", "127.0.0.1", "--port", str(dovecot.ssl_port),
                   "--user", "office", "--folder", "INBOX", "--after", "flag", "--cafile", str(dovecot.cafile)])
    out = capsys.readouterr().out
    assert rc == 0 and "Connected to 127.0.0.1" in out and "password is in the keyring" in out
    (source,) = db.list_sources(store)
    ref = source.settings["secret_ref"]
    assert ref.startswith(f"imap:office@127.0.0.1:{dovecot.ssl_port}#")
    assert get_secret(ref) == dovecot.users["office"]
    assert cli.main(["--home", home, "source", "list", "--json"]) == 0
    listed = capsys.readouterr().out
    assert ref in listed and dovecot.users["office"] not in listed
    assert cli.main(["--home", home, "source", "remove", "1"]) == 0
    assert get_secret(ref) is None
    with pytest.raises(SystemExit) as usage:
        cli.main(["--home", home, "source", "add-imap", "--host", "h", "--user", "u", "--after", "bogus"])
    assert usage.value.code == 2


def test_a_mailbox_that_fails_its_test_is_not_added_so_a_retry_leaves_one(
        dovecot: Dovecot, store: Store, file_keyring, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    home = str(store.workspace.root)
    args = ["--home", home, "source", "add-imap", "--host", "127.0.0.1", "--port", str(dovecot.ssl_port),
            "--user", "office", "--cafile", str(dovecot.cafile)]
    monkeypatch.setattr("sys.stdin", io.StringIO("a-typo\n"))
    assert cli.main(args) == 1
    err = capsys.readouterr().err
    assert "the mailbox was not added" in err and "--no-test" in err
    assert db.list_sources(store) == []
    monkeypatch.setattr("sys.stdin", io.StringIO(dovecot.users["office"] + "\n"))
    assert cli.main(args) == 0
    assert len(db.list_sources(store)) == 1
