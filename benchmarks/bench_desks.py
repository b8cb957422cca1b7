"""Several desks on one PostgreSQL database, under load: 5 desks (processes) each import 200
documents while resolving exceptions and approving invoices, all at once, on one real server.

Reported: errors (anything but the expected "someone else got there first" sentences), lost or
doubled rows (documents, invoices, approvals), throughput, and the slowest single operation.
Needs Debian's `postgresql` (`make test` installs it).

    make bench-desks          # or: python benchmarks/bench_desks.py [DESKS] [DOCUMENTS_EACH]
"""

from __future__ import annotations

import json
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.pg.server import start  # noqa: E402  (the tests' throwaway server)


def make_documents(folder: Path, count: int, desk: int) -> None:
    from bodesk.demo.invoices import sample_set
    from bodesk.demo.layouts import render_pdf

    folder.mkdir(parents=True)
    invoices = sample_set(12, seed=desk)
    for i in range(count):
        path = render_pdf(invoices[i % 12], folder / f"desk{desk}-{i:03d}.pdf")
        with path.open("ab") as fh:  # each file its own document
            fh.write(f"\n% desk {desk} document {i}\n".encode())


def desk(n: int, url: str, home: Path, folder: Path, results: "multiprocessing.Queue[dict]") -> None:
    """One desk: import its folder, and meanwhile (between documents) resolve and approve what waits."""
    from bodesk.core.vocabulary import resolutions_for
    from bodesk.errors import BodeskError
    from bodesk.ingest.pipeline import Importer
    from bodesk.paths import Workspace
    from bodesk.store import open_store
    from bodesk.store.approvals import approve, waiting
    from bodesk.store.exceptions import list_exceptions, resolve

    store = open_store(Workspace(home, url))
    me = f"Desk {n}"
    slowest = ("", 0.0)
    done = {"imported": 0, "approved": 0, "resolved": 0, "lost_races": 0, "errors": [], "told": {}}

    def timed(what: str, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal slowest
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            took = time.perf_counter() - t
            if took > slowest[1]:
                slowest = (what, took)

    def decide() -> None:
        for item in timed("list exceptions", list_exceptions, store)[:3]:
            try:
                action = resolutions_for(item.kind)[0]  # the safe way each kind is settled
                timed("resolve", resolve, store, item.id, "checked by phone", me, action)
                done["resolved"] += 1
            except BodeskError as exc:
                done["lost_races"] += 1  # another desk resolved it first: a sentence, as it should be
                done["told"][str(exc)[:90]] = done["told"].get(str(exc)[:90], 0) + 1
        for inv in timed("approval queue", waiting, store, 3):
            try:
                timed("approve", approve, store, inv.id, by=me)
                done["approved"] += 1
            except BodeskError as exc:
                done["lost_races"] += 1
                done["told"][str(exc)[:90]] = done["told"].get(str(exc)[:90], 0) + 1

    try:
        importer = Importer(store, source_kind="cli")
        for i, step in enumerate(importer.run([folder])):
            if step.record is not None:
                done["imported"] += 1
                if step.record.errors:
                    done["errors"].append(f"{step.record.source}: {step.record.errors}")
            if i % 10 == 0:
                decide()
        for _ in range(20):
            decide()
    except Exception as exc:  # noqa: BLE001 - reported, not raised: the benchmark counts errors
        done["errors"].append(f"{type(exc).__name__}: {exc}")
    finally:
        store.close()
    done["slowest"] = slowest
    results.put({"desk": n, **done})


def main(desks: int = 5, each: int = 200) -> int:
    server = start()
    try:
        from bodesk.paths import Workspace
        from bodesk.store import open_store, people
        from bodesk.core.people import Role

        url = server.url(server.new_database())
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            setup = open_store(Workspace(root / "setup", url))
            for n in range(1, desks + 1):
                people.add(setup, f"Desk {n}", [Role.FOUNDER, Role.OFFICE_MANAGER], actor="Founder")
            setup.close()
            t = time.perf_counter()
            for n in range(1, desks + 1):
                make_documents(root / f"in{n}", each, n)
            print(f"{desks * each} documents written in {time.perf_counter() - t:.0f} s")
            results: multiprocessing.Queue[dict] = multiprocessing.Queue()
            procs = [multiprocessing.Process(target=desk, args=(n, url, root / f"desk{n}", root / f"in{n}", results))
                     for n in range(1, desks + 1)]
            t = time.perf_counter()
            for p in procs:
                p.start()
            reports = [results.get(timeout=3600) for _ in procs]
            for p in procs:
                p.join()
            wall = time.perf_counter() - t
            check = open_store(Workspace(root / "check", url))
            with check.engine.connect() as conn:
                docs = conn.exec_driver_sql("SELECT count(*) FROM documents").scalar()
                invoices = conn.exec_driver_sql("SELECT count(*) FROM invoices").scalar()
                twice = conn.exec_driver_sql(
                    "SELECT count(*) FROM (SELECT entity_id FROM audit_entries WHERE entity = 'invoice' "
                    "AND action = 'approved' AND actor <> 'bodesk' GROUP BY entity_id HAVING count(*) > 1) t").scalar()
                approved = conn.exec_driver_sql(
                    "SELECT count(*) FROM invoices WHERE status = 'approved'").scalar()
            check.close()
        errors = [e for r in reports for e in r["errors"]]
        slowest = max((r["slowest"] for r in reports), key=lambda s: s[1])
        print(json.dumps({
            "desks": desks, "documents": desks * each, "stored_documents": docs, "invoices": invoices,
            "approved_by_people": sum(r["approved"] for r in reports), "approved_now": approved,
            "resolved": sum(r["resolved"] for r in reports), "lost_races_told": sum(r["lost_races"] for r in reports),
            "approved_twice": twice, "errors": len(errors),
            "wall_seconds": round(wall, 1), "documents_per_second": round(desks * each / wall, 1),
            "slowest_operation": {"what": slowest[0], "seconds": round(slowest[1], 2)},
        }, indent=2))
        for e in errors[:10]:
            print("error:", e)
        told: dict[str, int] = {}
        for r in reports:
            for k, v in r["told"].items():
                told[k] = told.get(k, 0) + v
        for k, v in sorted(told.items(), key=lambda kv: -kv[1])[:6]:
            print(f"told {v}×: {k}")
        ok = docs == desks * each and invoices == desks * each and twice == 0 and not errors
        print("no errors, nothing lost or doubled" if ok else "PROBLEMS: see above")
        return 0 if ok else 1
    finally:
        server.stop()


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    sys.exit(main(*args))
