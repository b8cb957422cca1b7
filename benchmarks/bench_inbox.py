"""Inbox at 100,000 invoices: opening, sorting and filtering, with a real table view (offscreen).

Target: each operation under 300 ms. Prints one line per operation (milliseconds), and JSON with --json.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QTableView  # noqa: E402

from bodesk.paths import Workspace  # noqa: E402
from bodesk.store import open_store  # noqa: E402
from bodesk.ui.inbox.model import COLUMNS, InboxModel  # noqa: E402
from synthetic import fill  # noqa: E402

COUNT = int(os.environ.get("BENCH_INVOICES", "100000"))


def timed(label: str, fn, results: dict, app: QApplication) -> None:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        fn()
        app.processEvents()
        best = min(best, time.perf_counter() - t0)
    results[label] = round(best * 1000, 1)


def main() -> int:
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Workspace.at(Path(tmp)))
        t0 = time.perf_counter()
        fill(store, COUNT)
        print(f"filled {COUNT:,} invoices in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        results: dict[str, float] = {}
        view = QTableView()
        view.resize(1200, 700)
        view.show()
        holder: dict[str, InboxModel] = {}

        def open_inbox() -> None:
            holder["m"] = InboxModel(store)
            holder["m"].reload()
            view.setModel(holder["m"])

        timed("open", open_inbox, results, app)
        model = holder["m"]
        for col, (key, _) in enumerate(COLUMNS):
            timed(f"sort {key}", lambda c=col: model.sort(c, Qt.SortOrder.AscendingOrder), results, app)
        timed("sort total desc", lambda: model.sort(4, Qt.SortOrder.DescendingOrder), results, app)
        timed("filter text 'nordwind'", lambda: model.set_filter(text="nordwind"), results, app)
        timed("filter text 'INV-0042'", lambda: model.set_filter(text="INV-0042"), results, app)
        timed("filter status approved", lambda: model.set_filter(text="", status="approved"), results, app)
        timed("clear filters", lambda: model.set_filter(text="", status=None), results, app)
        timed("scroll to end of first 10 pages", lambda: [model.fetchMore() for _ in range(10)], results, app)
        store.close()
    worst = max(results.values())
    for label, ms in results.items():
        print(f"{label:34} {ms:8.1f} ms")
    print(f"{'worst':34} {worst:8.1f} ms   (target < 300 ms at {COUNT:,} invoices)")
    if "--json" in sys.argv:
        print(json.dumps({"invoices": COUNT, "ms": results, "worst_ms": worst}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
