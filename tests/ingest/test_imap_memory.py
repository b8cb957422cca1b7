"""Large mails against a real Dovecot: one under the size cap (50 MB by default) is taken within ~300 MB
of memory, sync process and extraction workers together; one over it stays unread in the mailbox with a
sentence, and the mails around it are taken. The sync runs in its own process, started from a small
one, so that the kernel's figure for its peak memory is its own."""

from __future__ import annotations

import json
import os
import re
from decimal import Decimal
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, StreamObject

from bodesk.paths import Workspace
from bodesk.store import open_store
from bodesk.store.schema import Invoice
from tests.hardening.conftest import assert_sound, counts
from tests.hardening.peak import peak_of
from tests.ingest.conftest import Dovecot
from tests.ingest.mails import message
from tests.helpers import make_documents

BUDGET_MB = 300

SYNC = """
import json, sys
from pathlib import Path
import keyring
from keyrings.alt.file import EncryptedKeyring
from bodesk.ingest.imap import MailboxSettings
from bodesk.ingest.sources import IntakeService
from bodesk.paths import Workspace
from bodesk.secrets import set_secret
from bodesk.store import open_store
from bodesk.store import sources as db

home, port, cafile, password = sys.argv[1:5]
ring = EncryptedKeyring()
ring.file_path, ring.keyring_key = str(Path(home).parent / "keyring.cfg"), "a master password"
keyring.set_keyring(ring)
store = open_store(Workspace.at(Path(home)).ensure())
settings = MailboxSettings("127.0.0.1", int(port), "office", security="ssl", cafile=cafile, timeout=10,
                           secret_ref=db.imap_secret_ref("office", "127.0.0.1", int(port)))
set_secret(settings.secret_ref, password)
db.add_source(store, "imap", settings.label, settings.to_json())
(report,) = IntakeService(store).sync_once()
print(json.dumps({"imported": report.imported, "error": report.error}))
store.close()
"""
def padded_pdf(source: Path, size: int) -> bytes:
    """The invoice PDF at `source` carrying `size` bytes that do not compress (as a large scan's would)."""
    writer = PdfWriter(clone_from=PdfReader(source))
    padding = StreamObject()
    padding.set_data(os.urandom(size))
    writer._root_object[NameObject("/Padding")] = writer._add_object(padding)
    out = source.with_suffix(".padded.pdf")
    with out.open("wb") as fh:
        writer.write(fh)
    return out.read_bytes()


def test_a_large_mail_is_taken_within_the_budget_and_an_oversized_one_left_unread(dovecot: Dovecot,
                                                                                  tmp_path: Path) -> None:
    files, invoices = make_documents(tmp_path / "made", pdfs=3, pngs=0)
    small = message("Invoice", "billing@acme.example", "Attached.", [("small.pdf", files[0].read_bytes(), "application/pdf")])
    large = message("Invoice with scan", "billing@acme.example", "Attached.",
                    [("large.pdf", padded_pdf(files[1], 33_000_000), "application/pdf")])  # 45 MB as a mail
    huge = message("Archive", "billing@acme.example", "Attached.",
                   [("huge.pdf", padded_pdf(files[2], 75_000_000), "application/pdf")])  # 100 MB as a mail
    assert 44e6 < len(large) < 50e6 < 100e6 < len(huge)
    dovecot.reset("office")
    dovecot.append("office", [small, large, huge])
    del small, large, huge

    home = tmp_path / "ws"
    code, lines, errors, peak = peak_of(SYNC, str(home), str(dovecot.ssl_port), str(dovecot.cafile),
                                        dovecot.users["office"])
    assert code == 0, errors[-2000:]
    report = json.loads(lines[-1])
    assert report["imported"] == 2, report
    assert re.search(r"A mail of 10\d MB is larger than the 50 MB limit \(setting intake.max_mail_mb\); it was "
                     r"left unread in the mailbox\.", report["error"]), report["error"]

    client = dovecot.client("office")
    try:
        client.select_folder("INBOX", readonly=True)
        seen = {uid for uid, data in client.fetch(client.search(), ["FLAGS"]).items() if b"\\Seen" in data[b"FLAGS"]}
    finally:
        client.logout()
    assert seen == {1, 2}, "the two mails taken are marked read, the oversized one is left unread"
    workspace = Workspace.at(home)
    store = open_store(workspace)
    try:
        with store.session() as session:
            totals = sorted(i.total for i in session.query(Invoice))
        assert counts(store) == (2, 2)
    finally:
        store.close()
    assert totals == sorted(Decimal(str(inv.truth.total)) for inv in invoices[:2])
    assert_sound(workspace)
    print(f"peak memory of the sync, its workers included: {peak} MB")
    assert peak < BUDGET_MB, f"taking a 45 MB mail took {peak} MB"
