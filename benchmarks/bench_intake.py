"""Intake throughput: documents per minute for a watched folder of 200 PDFs and for 200 mails on Dovecot.

Both go the whole way: stored, read by the extraction engine in the process pool, ledger written,
originals moved (folder) or marked seen (mail). The mailbox is a real local Dovecot started the
way the tests start it. Run by `make bench-intake`; prints one JSON line per measurement.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import keyring  # noqa: E402
from keyrings.alt.file import PlaintextKeyring  # noqa: E402

from bodesk.demo.invoices import render_pdf, sample_set  # noqa: E402
from bodesk.ingest.folders import FolderSettings  # noqa: E402
from bodesk.ingest.imap import MailboxSettings  # noqa: E402
from bodesk.ingest.sources import IntakeService  # noqa: E402
from bodesk.jobs.pool import process_pool  # noqa: E402
from bodesk.paths import Workspace  # noqa: E402
from bodesk.secrets import set_secret  # noqa: E402
from bodesk.store import open_store  # noqa: E402
from bodesk.store import sources as db  # noqa: E402
from tests.ingest.conftest import dovecot as dovecot_fixture  # noqa: E402
from tests.ingest.mails import message  # noqa: E402

COUNT = int(os.environ.get("BENCH_DOCUMENTS", "200"))


def measure(name: str, store, pool) -> dict:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    (report,) = IntakeService(store, executor=pool).sync_once()
    seconds = time.perf_counter() - start
    assert report.error is None and report.imported == COUNT, report
    return {"bench": name, "documents": report.imported, "seconds": round(seconds, 2),
            "documents_per_minute": round(report.imported / seconds * 60)}


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="bodesk-bench-intake-"))
    ring = PlaintextKeyring()
    ring.file_path = str(root / "keyring.cfg")
    keyring.set_keyring(ring)
    invoices = sample_set(54, seed=9)
    folder = root / "scanner"
    folder.mkdir()
    old = time.time() - 60
    pdfs = []
    for i in range(COUNT):
        path = render_pdf(invoices[i % 54], folder / f"scan-{i:03d}.pdf")
        with path.open("ab") as fh:
            fh.write(f"\n% {i}\n".encode())
        os.utime(path, (old, old))
        pdfs.append(path.read_bytes())
    with process_pool() as pool:
        pool.submit(int).result()  # workers up before the clock starts, as in the running app
        store = open_store(Workspace.at(root / "ws-folder"))
        db.add_source(store, "folder", "scanner", FolderSettings(str(folder), after="move").to_json())
        print(json.dumps(measure("folder", store, pool)), flush=True)
        store.close()

        server_gen = dovecot_fixture.__wrapped__()  # type: ignore[attr-defined]
        server = next(server_gen)
        try:
            server.append("office", [message(f"Invoice {i}", "billing@vendor.example", "Invoice attached.",
                                             [(f"INV-{i:03d}.pdf", data, "application/pdf")]) for i, data in enumerate(pdfs)])
            store = open_store(Workspace.at(root / "ws-mail"))
            settings = MailboxSettings("127.0.0.1", server.ssl_port, "office", cafile=str(server.cafile),
                                       secret_ref=db.imap_secret_ref("office", "127.0.0.1", server.ssl_port))
            set_secret(settings.secret_ref, server.users["office"])
            db.add_source(store, "imap", settings.label, settings.to_json())
            print(json.dumps(measure("imap", store, pool)), flush=True)
            store.close()
        finally:
            server_gen.close()


if __name__ == "__main__":
    main()
