"""The hostile-input and fault campaign: mutated and hostile files imported through the command line,
a misbehaving IMAP server (127.0.0.1) synced against, and two processes on one workspace at once.

Prints one line per part with its figures: files, crashes (an exit other than 0/1), hangs (past the
wall-clock bound), tracebacks on the terminal, peak memory of the import (the largest process);
the peak memory of each large or hostile document read alone as a worker reads it, and of a sync
taking a 45 MB mail from Dovecot; concurrency runs and how many documents were lost or doubled.
`make bench-hardening`.

    python benchmarks/bench_hardening.py [--fuzz N] [--imap-runs N] [--concurrency-runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hardening.fuzz import write_corpus  # noqa: E402
from tests.hardening.hostile import IMPOSSIBLE, curves_pdf, flate_bomb_pdf, ubl  # noqa: E402

IMPORT_BOUND = 3600  # seconds for a whole import: past this it counts as a hang
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "BODESK_DOCUMENT_SECONDS": "60", "OMP_THREAD_LIMIT": "1"}


def hostile_files(folder: Path, fuzz: int) -> list[Path]:
    counts = {".pdf": fuzz // 2, ".png": fuzz // 10, ".xml": fuzz - fuzz // 2 - fuzz // 10}
    files = write_corpus(folder, counts)
    for name, values in IMPOSSIBLE.items():
        path = folder / f"impossible-{name}.xml"
        path.write_bytes(ubl(name.upper(), **values))
        files.append(path)
    files.append(curves_pdf(folder / "curves-5m.pdf"))
    files.append(curves_pdf(folder / "curves-5m-4-streams.pdf", streams=4))
    files.append(flate_bomb_pdf(folder / "flate-bomb-1g.pdf"))
    (folder / "empty.pdf").write_bytes(b"")
    os.mkfifo(folder / "pipe.pdf")
    os.symlink("/etc/passwd", folder / "link-out.pdf")
    return files + [folder / "empty.pdf", folder / "pipe.pdf", folder / "link-out.pdf"]


def campaign_files(tmp: Path, fuzz: int) -> dict[str, object]:
    from tests.hardening.peak import BODESK, peak_of

    files = hostile_files(tmp / "hostile", fuzz)
    start = time.monotonic()
    try:  # peak memory of the import and every process it started, the largest of them
        code, out_lines, err, peak = peak_of(BODESK, "--home", str(tmp / "ws-files"), "import", str(tmp / "hostile"),
                                             "--json", timeout=IMPORT_BOUND, env=ENV)
    except subprocess.TimeoutExpired:
        code, out_lines, err, peak = None, [], "", 0
    seconds = time.monotonic() - start
    records = [json.loads(line) for line in out_lines if line.startswith("{")]
    return {"files": len(files), "records": len(records), "crashes": int(code not in (0, 1, None)),
            "hangs": int(code is None), "tracebacks": err.count("Traceback"),
            "failed_with_sentence": sum(1 for r in records if r["status"] in ("failed", "error") and r["errors"]),
            "left_received": sum(1 for r in records if r["status"] == "received"),
            "seconds": round(seconds), "peak_mb": peak}


def large_documents(folder: Path) -> dict[str, Path]:
    """Large scans and documents that unpack to far more than they weigh, with a text PDF and a scan."""
    from PIL import Image
    from reportlab.pdfgen import canvas

    from tests.hardening.hostile import bloated_ubl, facturx_bomb_pdf
    from tests.helpers import make_documents

    files, _ = make_documents(folder / "made", pdfs=1, pngs=1)
    docs = {"text PDF": files[0], "scan PNG 3.8 MP": files[1]}
    with Image.open(files[1]) as image:
        big = image.convert("RGB").resize((6300, 9400), Image.Resampling.BICUBIC)
    for name, file, options in (("colour PNG 59 MP", "scan.png", {"compress_level": 1}),
                                ("JPEG 59 MP", "scan.jpg", {"quality": 85}),
                                ("colour TIFF 59 MP", "scan.tif", {"compression": "tiff_lzw"})):
        big.save(folder / file, **options)
        docs[name] = folder / file
    big.convert("RGBA").save(folder / "scan-rgba.png", compress_level=1)
    docs["RGBA PNG 59 MP"] = folder / "scan-rgba.png"
    del big
    poster = canvas.Canvas(str(folder / "poster.pdf"), pagesize=(2400, 3200))  # 131 MP at 300 dpi
    poster.drawImage(str(files[1]), 0, 0, 2400, 3200)
    poster.save()
    docs["poster-sized scanned page"] = folder / "poster.pdf"
    docs["flate bomb 1 GB"] = flate_bomb_pdf(folder / "flate-bomb.pdf")
    docs["5 million curves"] = curves_pdf(folder / "curves.pdf")
    docs["5 million curves, 4 streams"] = curves_pdf(folder / "curves-4.pdf", streams=4)
    docs["Factur-X, XML 70 MB"] = facturx_bomb_pdf(folder / "facturx-1.pdf")
    docs["Factur-X, 6 XML of 70 MB"] = facturx_bomb_pdf(folder / "facturx-6.pdf", attachments=6)
    docs["UBL XML 70 MB"] = bloated_ubl(folder / "ubl-70mb.xml")
    return docs


def campaign_memory(tmp: Path) -> dict[str, object]:
    """Each large or hostile document read alone, as an extraction worker reads it (same memory and time
    limits), in a fresh process: the peak memory of each, tesseract included."""
    from tests.hardening.peak import READ, peak_of

    folder = tmp / "large"
    folder.mkdir()
    peaks, outcomes = {}, {}
    for name, path in large_documents(folder).items():
        code, lines, _, peak = peak_of(READ, str(path), "60")
        peaks[name] = peak
        record = json.loads(lines[-1]) if code == 0 and lines else {}
        outcomes[name] = ("read" if record.get("total") else "refused with a sentence" if record.get("errors")
                          else "nothing read" if code == 0 else f"worker died ({code})")
    return {"documents": len(peaks), "peak_mb": max(peaks.values()), "largest": max(peaks, key=peaks.__getitem__),
            "per_document_mb": peaks, "outcomes": outcomes}


def campaign_mail(tmp: Path) -> dict[str, object]:
    """Against a real Dovecot: a small mail, a 45 MB one and a 100 MB one (over the 50 MB cap) taken by
    one `sync --once`; the peak memory of the sync, its extraction workers included."""
    from tests.hardening.peak import peak_of
    from tests.helpers import make_documents
    from tests.ingest.conftest import dovecot
    from tests.ingest.mails import message
    from tests.ingest.test_imap_memory import SYNC, padded_pdf

    files, _ = make_documents(tmp / "mail-made", pdfs=3, pngs=0)
    server = dovecot.__wrapped__()  # the tests' Dovecot, started and stopped here
    running = next(server)
    try:
        running.append("office", [
            message("Invoice", "billing@acme.example", "Attached.", [("a.pdf", files[0].read_bytes(), "application/pdf")]),
            message("Scan", "billing@acme.example", "Attached.", [("b.pdf", padded_pdf(files[1], 33_000_000), "application/pdf")]),
            message("Archive", "billing@acme.example", "Attached.", [("c.pdf", padded_pdf(files[2], 75_000_000), "application/pdf")]),
        ])
        code, lines, errors, peak = peak_of(SYNC, str(tmp / "ws-mail"), str(running.ssl_port), str(running.cafile),
                                            running.users["office"])
    finally:
        next(server, None)
    report = json.loads(lines[-1]) if code == 0 and lines else {"error": errors[-300:]}
    return {"mails": 3, "taken": report.get("imported"), "over_cap_left_unread": "left unread" in str(report.get("error")),
            "tracebacks": errors.count("Traceback"), "peak_mb": peak}


def campaign_imap(runs: int) -> dict[str, object]:
    from bodesk.ingest.imap import MailboxSettings
    from bodesk.ingest.sources import IntakeService
    from bodesk.paths import Workspace
    from bodesk.store import open_store
    from bodesk.store import sources as db
    from tests.hardening.imap_server import PASSWORD, misbehaving_imap
    from tests.hardening.test_imap_faults import mails

    import keyring
    from keyrings.alt.file import EncryptedKeyring

    tally = {"runs": 0, "sentences": 0, "tracebacks": 0, "hangs": 0, "longest_s": 0.0}
    with tempfile.TemporaryDirectory(prefix="bodesk-imap-") as tmp:
        ring = EncryptedKeyring()
        ring.file_path, ring.keyring_key = str(Path(tmp) / "keyring.cfg"), "campaign"
        keyring.set_keyring(ring)
        for fault in ("drip", "huge_literal", "odd_search", "hang_up", "lying_size"):
            for run in range(runs):
                workspace = Workspace.at(Path(tmp) / f"{fault}-{run}").ensure()
                store = open_store(workspace)
                with misbehaving_imap(mails(), fault=fault, drip_seconds=0.3) as server:
                    settings = MailboxSettings("127.0.0.1", server.port, "office", security="none", timeout=2.0,
                                               secret_ref=f"imap:office@127.0.0.1:{server.port}#{run}")
                    from bodesk.secrets import set_secret

                    set_secret(settings.secret_ref, PASSWORD)
                    db.add_source(store, "imap", settings.label, settings.to_json())
                    start = time.monotonic()
                    (report,) = IntakeService(store).sync_once()
                    took = time.monotonic() - start
                store.close()
                tally["runs"] += 1
                tally["sentences"] += int(bool(report.error) and "unexpected" not in report.error)
                tally["tracebacks"] += int(bool(report.error) and "unexpected" in report.error)
                tally["hangs"] += int(took > 60)
                tally["longest_s"] = round(max(float(tally["longest_s"]), took), 1)
    return tally


def campaign_concurrency(runs: int, tmp: Path) -> dict[str, object]:
    from tests.helpers import make_documents

    from bodesk.ingest.folders import FolderSettings
    from bodesk.paths import Workspace
    from bodesk.store import open_store
    from bodesk.store import sources as db
    from tests.hardening.conftest import counts
    from tests.store.conftest import add_invoice

    files, _ = make_documents(tmp / "made", pdfs=6, pngs=0)
    tally = {"runs": 0, "lost": 0, "doubled": 0, "unexpected_errors": 0}

    def together(*argvs: list[str]) -> list[tuple[int | None, str, str, float]]:
        procs = [subprocess.Popen([sys.executable, "-m", "bodesk", *a], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True, env=ENV) for a in argvs]
        return [(p.wait(600), *p.communicate(), 0.0) for p in procs]  # type: ignore[misc]

    for run in range(runs):
        # two imports with files in common
        home = tmp / f"imports-{run}"
        a, b = tmp / f"a-{run}", tmp / f"b-{run}"
        for folder, chosen in ((a, files[:4]), (b, files[2:])):
            folder.mkdir()
            for f in chosen:
                shutil.copy(f, folder / f.name)
        open_store(Workspace.at(home).ensure()).close()
        results = together(["--home", str(home), "import", str(a)], ["--home", str(home), "import", str(b)])
        store = open_store(Workspace.at(home))
        docs, _ = counts(store)
        store.close()
        tally["lost"] += max(0, 6 - docs)
        tally["doubled"] += max(0, docs - 6)
        tally["unexpected_errors"] += sum("unexpected" in r[2] for r in results)
        # two syncs of one folder
        home = tmp / f"syncs-{run}"
        folder = tmp / f"scanner-{run}"
        folder.mkdir()
        for f in files:
            shutil.copy(f, folder / f.name)
            os.utime(folder / f.name, (time.time() - 60, time.time() - 60))
        store = open_store(Workspace.at(home).ensure())
        db.add_source(store, "folder", "scanner", FolderSettings(str(folder), after="move", settle_seconds=1).to_json())
        store.close()
        results = together(["--home", str(home), "sync", "--once"], ["--home", str(home), "sync", "--once"])
        store = open_store(Workspace.at(home))
        docs, _ = counts(store)
        store.close()
        tally["lost"] += max(0, 6 - docs)
        tally["doubled"] += max(0, docs - 6)
        tally["unexpected_errors"] += sum("unexpected" in r[2] for r in results)
        # two approvals of one invoice
        home = tmp / f"approvals-{run}"
        store = open_store(Workspace.at(home).ensure())
        invoice = add_invoice(store, 1, status="matched", total=50)
        store.close()
        from bodesk.settings import login_name

        by = login_name()  # the first person of a new workspace
        results = together(["--home", str(home), "approve", str(invoice), "--by", by],
                           ["--home", str(home), "approve", str(invoice), "--by", by])
        approved = sum(r[0] == 0 for r in results)
        tally["doubled"] += max(0, approved - 1)
        tally["lost"] += int(approved == 0)
        tally["unexpected_errors"] += sum("unexpected" in r[2] for r in results)
        tally["runs"] += 3
    return tally


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fuzz", type=int, default=300, help="mutated files (default 300)")
    parser.add_argument("--imap-runs", type=int, default=3, help="runs of each IMAP fault (default 3)")
    parser.add_argument("--concurrency-runs", type=int, default=3, help="runs of each concurrency case (default 3)")
    parser.add_argument("--only", choices=("files", "memory", "mail", "imap", "concurrency"), help="one part alone")
    args = parser.parse_args()
    parts = {"files": lambda tmp: campaign_files(tmp, args.fuzz), "memory": campaign_memory, "mail": campaign_mail,
             "imap": lambda tmp: campaign_imap(args.imap_runs),
             "concurrency": lambda tmp: campaign_concurrency(args.concurrency_runs, tmp)}
    with tempfile.TemporaryDirectory(prefix="bodesk-campaign-") as tmp:
        for name, part in parts.items():
            if args.only in (None, name):
                print(f"{name}:", json.dumps(part(Path(tmp))), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
