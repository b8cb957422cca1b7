"""Several desks on one office database bringing the kept metrics up to date at the same moment."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from bodesk.paths import Workspace
from bodesk.store import facts_cache, open_store
from tests.store.test_metrics_kept import direct, kept


def test_two_desks_work_out_the_contributions_at_once(tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from benchmarks.bench_metrics import fill

    monkeypatch.setattr(facts_cache, "BATCH", 20)  # many short turns, so the two desks' turns interleave
    desks = [open_store(Workspace.at(tmp_path / name, pg_url)) for name in ("a", "b")]
    try:
        fill(desks[0], 500, seed=11)
        start = threading.Barrier(len(desks))
        done: dict[int, bool | BaseException] = {}

        def work(i: int) -> None:
            start.wait()
            try:
                done[i] = facts_cache.up_to_date(desks[i])
            except BaseException as exc:  # noqa: BLE001  (reported by the assert below)
                done[i] = exc

        threads = [threading.Thread(target=work, args=(i,)) for i in range(len(desks))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert done == {0: True, 1: True}
        for desk in desks:
            assert kept(desk, None, None) == direct(desk, None, None)
    finally:
        for desk in desks:
            desk.close()
