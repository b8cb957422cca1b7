"""A misbehaving IMAP server (127.0.0.1) cannot hang, crash or bloat a sync: every fault is a sentence,
within a bounded time, and the good mail is still taken once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bodesk.ingest.folders import FolderSettings  # noqa: F401 - the intake package loads as the app does
from bodesk.ingest.imap import MailboxSettings
from bodesk.ingest.sources import IntakeService
from bodesk.paths import Workspace
from bodesk.secrets import set_secret
from bodesk.store import Store
from bodesk.store import sources as db
from bodesk.store.schema import IntakeItem
from tests.hardening.conftest import assert_sound, counts
from tests.hardening.hostile import ubl
from tests.hardening.imap_server import PASSWORD, misbehaving_imap
from tests.ingest.mails import message


def mails(n: int = 3) -> list[bytes]:
    return [message(f"Invoice {i}", "billing@acme.example", "Please find attached.",
                    [(f"inv-{i}.xml", ubl(f"MAIL-{i}", vendor=f"Vendor {i}"), "application/xml")]) for i in range(1, n + 1)]


def add_mailbox(store: Store, port: int, timeout: float = 2.0) -> db.SourceInfo:
    settings = MailboxSettings("127.0.0.1", port, "office", security="none", secret_ref=f"imap:office@127.0.0.1:{port}#t",
                               timeout=timeout)
    set_secret(settings.secret_ref, PASSWORD)
    return db.add_source(store, "imap", settings.label, settings.to_json())


@pytest.mark.parametrize("fault", ["drip", "huge_literal", "hang_up"])
def test_a_faulty_server_is_a_sentence_not_a_hang_or_a_traceback(fault: str, store: Store, workspace: Workspace,
                                                                  file_keyring) -> None:  # type: ignore[no-untyped-def]
    with misbehaving_imap(mails(), fault=fault, drip_seconds=0.3) as server:
        add_mailbox(store, server.port)
        (report,) = IntakeService(store).sync_once()
    assert report.error, fault
    assert "unexpected" not in report.error and "Traceback" not in report.error
    assert any(words in report.error for words in ("too slowly", "announced", "does not understand", "was lost")), report.error
    assert server.seen == set(), "nothing is marked read that was not taken"
    assert_sound(workspace)


def test_an_odd_search_answer_is_read_for_what_it_holds(store: Store, workspace: Workspace, file_keyring) -> None:  # type: ignore[no-untyped-def]
    with misbehaving_imap(mails(), fault="odd_search") as server:
        add_mailbox(store, server.port)
        (report,) = IntakeService(store).sync_once()
    assert report.error is None or "unexpected" not in report.error
    assert report.imported >= 1 and len(server.seen) == report.imported, "what the answer names is taken, the rest ignored"
    assert_sound(workspace)


def test_good_mail_is_taken_and_an_oversized_one_left_unread_with_a_sentence(store: Store, workspace: Workspace,
                                                                            file_keyring) -> None:  # type: ignore[no-untyped-def]
    big = message("Huge scan", "billing@acme.example", "x", [("huge.pdf", b"%PDF-1.4\n" + b"0" * 3_000_000, "application/pdf")])
    from bodesk.store.settings import change

    change(store, {"intake.max_mail_mb": "2"}, by="Founder")
    with misbehaving_imap([*mails(2), big, *mails(3)[2:]]) as server:
        add_mailbox(store, server.port)
        (report,) = IntakeService(store).sync_once()
        assert report.imported == 3
        assert report.error and "larger than the 2 MB limit" in report.error and "left unread" in report.error
        assert server.seen == {1, 2, 4}, "the oversized mail stays unread on the server"
        (again,) = IntakeService(store).sync_once()
        assert again.error is None and again.imported == 0, "told once, not at every sync"
    with store.session() as session:
        detail = session.scalar(select(IntakeItem.detail).where(IntakeItem.item_key == "7:3"))
    assert detail and "left unread" in detail
    assert counts(store) == (3, 3)
    assert_sound(workspace)
