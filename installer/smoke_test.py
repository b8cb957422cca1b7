"""Smoke test of the frozen app: what an office manager's first minute does, run on the built bundle.

    python installer/smoke_test.py [DIST]      (DIST: PyInstaller's output folder, default ./dist)

Checks, each against the frozen executable and nothing from the source tree:
  1. `--version` prints the version in bodesk/__init__.py;
  2. `--check-ocr` says PP-OCR loads (its models and ONNX Runtime are in the bundle), and `extract` reads a
     generated invoice PDF (the PDF reader is in the bundle);
  3. `--home TMP import PDF --json` stores and reads it (the spawned extraction workers start, so
     `multiprocessing.freeze_support()` works) and the Alembic migrations ran (the store opened);
  4. `--home TMP invoices list --json` lists it;
  5. the window starts offscreen on that workspace and on a new demo workspace, paints, and quits
     (`--exit-after-first-paint`) within a time limit; the start-to-first-paint time is printed.
Prints the bundle's size. Exit status 0 only if every check passed. Needs only the standard library,
so it also runs on a machine where the app was installed but no Python is set up.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIME_LIMIT = 90  # seconds for any one step; the first start on a cold CI runner is the slowest
INVOICE_NUMBER = "SMK-20931"


def executables(dist: Path) -> tuple[Path, Path, Path]:
    """(the bundle folder, the executable for commands, the windowed executable)."""
    if sys.platform == "darwin" and (dist / "bodesk.app").is_dir():
        app = dist / "bodesk.app"
        exe = app / "Contents" / "MacOS" / "bodesk"
        return app, exe, exe
    folder = dist / "bodesk"
    if sys.platform == "win32":
        # A windowed .exe has no stdout: commands (and the timed starts) use the console twin.
        return folder, folder / "bodesk-cli.exe", folder / "bodesk.exe"
    return folder, folder / "bodesk", folder / "bodesk"


def write_invoice_pdf(path: Path) -> None:
    """A one-page invoice PDF with a text layer, written by hand (no reportlab in the bundle's tests)."""
    lines = [
        (60, 780, 20, "Nordlicht Papier GmbH"),
        (60, 750, 11, "Hafenstrasse 12, 20457 Hamburg"),
        (60, 735, 11, "VAT ID: DE811907980"),
        (60, 690, 16, "INVOICE"),
        (60, 665, 11, f"Invoice number: {INVOICE_NUMBER}"),
        (60, 650, 11, "Invoice date: 2025-03-14"),
        (60, 635, 11, "Due date: 2025-04-13"),
        (60, 590, 11, "Description                 Qty   Unit price   Amount"),
        (60, 572, 11, "Printer paper A4, 500 sheets   10        4.50    45.00"),
        (60, 530, 11, "Subtotal: 45.00 EUR"),
        (60, 515, 11, "VAT 19%: 8.55 EUR"),
        (60, 500, 11, "Total: 53.55 EUR"),
    ]

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream = "\n".join(f"BT /F1 {size} Tf {x} {y} Td ({escape(text)}) Tj ET" for x, y, size, text in lines).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))


def run(exe: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=TIME_LIMIT,
                          env=env or os.environ.copy(), encoding="utf-8", errors="replace")


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def start_to_first_paint(exe: Path, home: Path, *extra: str) -> float:
    """Seconds from launching the window to its first paint (offscreen); raises if it fails."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    t0 = time.perf_counter()
    proc = subprocess.Popen([str(exe), "--home", str(home), *extra, "--exit-after-first-paint"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            encoding="utf-8", errors="replace")
    painted = None
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.strip() == "first-paint":
                painted = time.perf_counter() - t0
        rc = proc.wait(timeout=TIME_LIMIT)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise AssertionError(f"the window did not quit within {TIME_LIMIT} s") from None
    err = proc.stderr.read() if proc.stderr else ""
    if rc != 0 or painted is None:
        raise AssertionError(f"the window failed (exit {rc}, painted: {painted is not None}):\n{err}")
    return painted


def folder_size(path: Path) -> int:
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: list[str]) -> int:
    dist = Path(argv[1]) if len(argv) > 1 else ROOT / "dist"
    bundle, cli, gui = executables(dist.resolve())
    failures: list[str] = []

    def check(name: str, ok: bool, detail: str = "") -> None:
        print(f"{'ok  ' if ok else 'FAIL'} {name}" + (f": {detail}" if detail and not ok else ""), flush=True)
        if not ok:
            failures.append(name)

    if not cli.is_file():
        print(f"FAIL no frozen executable at {cli}; build it first (make dist).")
        return 1

    with tempfile.TemporaryDirectory(prefix="bodesk-smoke-") as tmp_name:
        tmp = Path(tmp_name)
        home = tmp / "workspace"
        pdf = tmp / "invoice.pdf"
        write_invoice_pdf(pdf)

        result = run(cli, "--version")
        source = ROOT / "bodesk" / "__init__.py"
        expected = re.search(r'__version__ = "([^"]+)"', source.read_text(encoding="utf-8")).group(1) if source.exists() else None
        check("--version", result.returncode == 0 and bool(re.fullmatch(rf"bodesk {re.escape(expected or '')}.*", result.stdout.strip())),
              result.stdout + result.stderr)

        # PP-OCR's models and ONNX Runtime are in the bundle and load (Tesseract is the machine's own).
        result = run(cli, "--check-ocr")
        check("--check-ocr: PP-OCR loads", "PP-OCR (receipts and photos): ready" in result.stdout,
              result.stdout + result.stderr)

        result = run(cli, "extract", str(pdf), "--json")
        records = json_lines(result.stdout)
        check("extract reads the PDF", result.returncode == 0 and len(records) == 1
              and records[0].get("invoice_number") == INVOICE_NUMBER and records[0].get("total") == "53.55",
              result.stdout + result.stderr)

        result = run(cli, "--home", str(home), "import", str(pdf), "--json")
        records = json_lines(result.stdout)
        check("import stores and reads the PDF (extraction workers, migrations)",
              result.returncode == 0 and len(records) == 1 and records[0]["status"] not in ("error", "failed"),
              result.stdout + result.stderr)

        result = run(cli, "--home", str(home), "invoices", "list", "--json")
        records = json_lines(result.stdout)
        check("invoices list shows it", result.returncode == 0 and [r.get("invoice_number") for r in records] == [INVOICE_NUMBER],
              result.stdout + result.stderr)

        times: list[float] = []
        try:
            times = [start_to_first_paint(cli, home) for _ in range(3)]
            check("window paints on the workspace", True)
        except (AssertionError, OSError) as exc:
            check("window paints on the workspace", False, str(exc))
        try:
            start_to_first_paint(cli, tmp / "demo", "--demo")
            check("window paints on a new demo workspace", True)
        except (AssertionError, OSError) as exc:
            check("window paints on a new demo workspace", False, str(exc))
        if gui != cli:  # Windows: the windowed executable has no stdout; it must start and quit cleanly
            proc = subprocess.run([str(gui), "--home", str(home), "--exit-after-first-paint"], timeout=TIME_LIMIT,
                                  env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
            check("windowed executable starts and quits", proc.returncode == 0, f"exit {proc.returncode}")

    size_mb = folder_size(bundle) / 1e6
    print(f"bundle:      {bundle} ({size_mb:.0f} MB)")
    if times:
        print(f"first paint: {times[0]:.2f} s on the first start, median {statistics.median(times):.2f} s "
              f"over {len(times)} starts (offscreen, from launching the frozen executable)")
    if failures:
        print(f"smoke test FAILED: {', '.join(failures)}")
        return 1
    print("smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
