"""The window while 200 documents import: the longest event-loop stall, and the throughput.

A QTimer asks to run every 5 ms on the GUI thread; any gap much longer than that is time the
window could not react. Target: no stall over 100 ms. Run by `make bench-import`.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from bodesk.demo.invoices import render_pdf, render_scan, sample_set  # noqa: E402
from bodesk.paths import Workspace  # noqa: E402
from bodesk.ui.app import make_application, open_context, settle_memory  # noqa: E402
from bodesk.ui.mainwindow import MainWindow  # noqa: E402

COUNT = int(os.environ.get("BENCH_DOCUMENTS", "200"))
SCANS = int(os.environ.get("BENCH_SCANS", "0"))


def main() -> int:
    app = make_application([])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "incoming"
        folder.mkdir()
        t0 = time.perf_counter()
        for i, inv in enumerate(sample_set(COUNT, seed=5)):
            if i < SCANS:
                render_scan(inv, folder / f"scan-{i:04d}.png", dpi=200, seed=i)
            else:
                render_pdf(inv, folder / f"doc-{i:04d}.pdf")
        print(f"generated {COUNT} documents ({SCANS} scans) in {time.perf_counter() - t0:.1f} s", file=sys.stderr)

        ctx = open_context(Workspace.at(Path(tmp) / "ws"))
        window = MainWindow(ctx)
        window.show()
        settle_memory()  # as the app does once its window is up
        gaps: list[float] = []
        last = [time.perf_counter()]

        stamps: list[float] = []

        def tick() -> None:
            now = time.perf_counter()
            gaps.append(now - last[0])
            stamps.append(now)
            last[0] = now

        timer = QTimer(interval=5)
        timer.timeout.connect(tick)
        timer.start()
        started = time.perf_counter()
        gui_cpu = time.thread_time()  # this thread's CPU time: what the window itself spent, whatever the machine's load
        window.import_paths([folder])
        while window.import_job is not None:
            app.processEvents()
            time.sleep(0.001)
        elapsed = time.perf_counter() - started
        gui_cpu = time.thread_time() - gui_cpu
        timer.stop()
        rows = window.inbox.model.total
        ctx.runner.shutdown()
        ctx.store.close()

    worst = sorted(range(len(gaps)), key=gaps.__getitem__)[-5:]
    print("five longest gaps (ms at s after start):",
          ", ".join(f"{gaps[i] * 1000:.0f} at {stamps[i] - started:.2f}" for i in reversed(worst)), file=sys.stderr)
    longest = max(gaps) * 1000
    p99 = statistics.quantiles(gaps, n=100)[98] * 1000
    result = {
        "documents": COUNT,
        "scans": SCANS,
        "inbox_rows": rows,
        "seconds": round(elapsed, 2),
        "documents_per_minute": round(COUNT / elapsed * 60),
        "longest_stall_ms": round(longest, 1),
        "p99_tick_gap_ms": round(p99, 1),
        "gui_thread_cpu_s": round(gui_cpu, 2),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
    print(f"imported {rows} of {COUNT} documents in {elapsed:.1f} s ({result['documents_per_minute']} per minute)")
    print(f"longest event-loop stall: {longest:.1f} ms (target < 100 ms); p99 gap {p99:.1f} ms")
    print(f"GUI thread busy {gui_cpu:.2f} s of CPU; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    if "--json" in sys.argv:
        print(json.dumps(result))
    QApplication.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
