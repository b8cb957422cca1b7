"""Peak memory of a piece of work, as the kernel counts it: the work runs in a process of its own,
started from a small one (a child's peak includes its parent's memory at the moment it was forked,
so the test or benchmark process itself must not be the parent), and its figure covers everything
it started (extraction workers, tesseract)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

LAUNCH = """
import os, sys
pid = os.posix_spawn(sys.executable, [sys.executable, "-c", *sys.argv[1:]], os.environ)
_, status, usage = os.wait4(pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss // 1024)
"""

#: One document read as an extraction worker reads it (`bodesk.ingest.worker.extract_file`, under the
#: pool's memory cap, and its time limit when a second argument gives one); prints its record's total and
#: errors as JSON.
READ = """
import json, signal, sys
from bodesk.jobs.pool import WORKER_MEMORY_BYTES, _worker_init
_worker_init(WORKER_MEMORY_BYTES)
signal.alarm(int(sys.argv[2]) if len(sys.argv) > 2 else 0)  # the pool's time limit, where one is given
from bodesk.ingest.worker import extract_file
record = extract_file(sys.argv[1], "test")
print(json.dumps({"total": record.get("total"), "errors": record.get("errors")}, default=str))
"""


#: The `bodesk` command line, run by `peak_of(BODESK, *arguments)`.
BODESK = """
import runpy, sys
sys.argv = ["bodesk", *sys.argv[1:]]
runpy.run_module("bodesk", run_name="__main__")
"""


def peak_of(code: str, *args: str, timeout: float = 900, env: dict[str, str] | None = None) -> tuple[int, list[str], str, int]:
    """Run the Python `code` with `args`; (exit code, its output lines, its error output, peak MB)."""
    done = subprocess.run([sys.executable, "-c", LAUNCH, code, *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "OMP_THREAD_LIMIT": "1", **(env or {})})
    *lines, last = done.stdout.strip().splitlines() or ["-1 0"]
    code_, peak = map(int, last.split())
    return code_, lines, done.stderr, peak
