"""Real documents, as a user runs bodesk: per set, per field, dev and held-out split; and the
whole-process time of `bodesk extract` against invoice2data's command line in the same run.

    python benchmarks/bench_real.py [--only einvoice-dev,visual,vendor-dev,sroie-dev,visual-scans,
                                            vendor-dev-scans,tills,speed] [--failures N] [--tills N]

Each set of ../shared/corpus with a `groundtruth.json` ({file: {field: value}}) is split by
`corpus_split.held_out` (a fixed hash of the file name, 30 % held out) and scored with the
corpus's own `score.py` (`bodesk extract --json`, one process per set and side); the page sets are
read a second time scanned (`-scans`: rasterised and degraded like an office scanner). Failures are
printed for the dev side only: the held-out side is for reporting, never for tuning.
`tills` reads generated till receipts (benchmarks/tills.py: scanned, in many shops' words and layouts
the corpus's receipts lack) the same way, as a check on receipts unlike the corpus's.
Below the fields, what the office sees of each set (`review.tally`): documents that go on untouched, wrong
readings nobody is asked to check ("slipped"), right ones a person is asked to check ("needless").
It never asserts: it reports.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import tills
from corpus_split import CORPUS, split_dir
from review import REVIEW, tally

ROOT = Path(__file__).resolve().parents[1]
#: label -> folder under the corpus
SETS = {"einvoice-dev": "einvoice-dev", "visual": "einvoice-dev/visual", "vendor-dev": "vendor-dev",
        "sroie-dev": "sroie-dev"}
KEY = ("vendor_name", "invoice_number", "invoice_date", "total")
#: Page sets read again as scans ("visual-scans"...): the same pages through OCR.
SCANNED = ("visual", "vendor-dev")


def bodesk_cmd() -> str:
    return f"env PYTHONPATH={shlex.quote(str(ROOT))} {shlex.quote(sys.executable)} -m bodesk"


def score(folder: Path, summary: Path, failures: int) -> dict:
    records = summary.with_suffix(".jsonl")
    cmd = [sys.executable, str(CORPUS / "score.py"), str(folder), "--bodesk", bodesk_cmd(), "--batch",
           "--summary", str(summary), "--save", str(records), "--failures", str(failures)]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if failures:
        print(out.stdout)
    result = json.loads(summary.read_text())[0]
    result["review"] = review(folder, records)
    return result


def review(folder: Path, records: Path) -> dict[str, int]:
    """`review.tally` of one scored folder, from the records score.py saved."""
    sys.path.insert(0, str(ROOT))
    from bodesk.core.records import ExtractionResult

    score_py = _score_module()
    truth = json.loads((folder / "groundtruth.json").read_text())

    def documents():
        for line in records.read_text().splitlines():
            rec = json.loads(line)
            wanted = {f: v for f, v in score_py.expected(truth[rec["_file"]]).items() if f in KEY}
            try:
                result = ExtractionResult.from_record(rec)
            except (KeyError, TypeError, ValueError):  # no record: an error the office sees
                result = None
            yield result, all(score_py.field_ok(f, v, rec) for f, v in wanted.items())

    return tally(documents())


def _score_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("corpus_score", CORPUS / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def table(results: dict[str, dict[str, dict]]) -> None:
    """Fields down, "set side" across: correct/scored and percent."""
    columns = [(s, side) for s, sides in results.items() for side in sides]
    fields: list[str] = []
    for s, side in columns:
        for f, v in results[s][side]["fields"].items():
            if v["n"] and f not in fields:
                fields.append(f)
    width = 20
    print("field".ljust(15) + "".join(f"{s} {side}".rjust(width) for s, side in columns))
    for f in fields:
        row = f.ljust(15)
        for s, side in columns:
            v = results[s][side]["fields"].get(f, {"n": 0})
            row += (f"{100 * v['ok'] / v['n']:5.1f}% {v['ok']}/{v['n']}" if v["n"] else "-").rjust(width)
        print(row)
    for label, names in (("key fields", KEY), ("other header", None)):
        row = label.ljust(15)
        for s, side in columns:
            fs = results[s][side]["fields"]
            chosen = [f for f in fs if (f in names if names else f not in KEY and not f.startswith("line_"))]
            ok, n = sum(fs[f]["ok"] for f in chosen), sum(fs[f]["n"] for f in chosen)
            row += (f"{100 * ok / n:5.1f}% {ok}/{n}" if n else "-").rjust(width)
        print(row)
    for name in REVIEW:
        row = name.ljust(15)
        for s, side in columns:
            counts, docs = results[s][side]["review"], results[s][side]["docs"]
            row += f"{counts[name]}/{docs}".rjust(width)
        print(row)
    row = "s per document".ljust(15)
    for s, side in columns:
        row += f"{results[s][side]['time']['mean']:.2f}".rjust(width)
    print(row)


def speed(rounds: int) -> None:
    """`bodesk extract` and `invoice2data` on the 11 invoice2data PDFs, alternately, whole process."""
    pdfs = sorted(str(p) for p in (CORPUS / "invoice2data").glob("*.pdf"))
    theirs = shutil.which("invoice2data") or str(Path(sys.executable).with_name("invoice2data"))
    if not pdfs or not Path(theirs).exists():
        print("speed: invoice2data or its corpus is not installed (make bench-extract installs it)")
        return
    # An installed bodesk runs from compiled bytecode (pip compiles on install, the bundle ships it),
    # as invoice2data does from site-packages; with PYTHONDONTWRITEBYTECODE set, a checkout would not.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "bodesk")], capture_output=True)
    ours_cmd = shlex.split(bodesk_cmd()) + ["extract", *pdfs, "--json"]
    times: dict[str, list[float]] = {"bodesk": [], "invoice2data": []}
    for _ in range(rounds):
        for name, cmd in (("bodesk", ours_cmd), ("invoice2data", [theirs, *pdfs])):
            t0 = time.perf_counter()
            subprocess.run(cmd, capture_output=True)
            times[name].append(time.perf_counter() - t0)
    a, b = statistics.median(times["bodesk"]), statistics.median(times["invoice2data"])
    # invoice2data reads a PDF's text with poppler's pdftotext, its templates' choice, where it is installed,
    # else in-process with pdfium (faster: ~0.2 s against ~0.3 s for these 11 files on one machine).
    reader = "pdftotext" if shutil.which("pdftotext") else "pdfium (pdftotext is not installed)"
    print(f"\nwhole process on the {len(pdfs)} invoice2data PDFs (median of {rounds} alternating runs): "
          f"bodesk extract {a:.2f} s, invoice2data CLI {b:.2f} s reading with {reader}; "
          f"ratio bodesk/invoice2data = {a / b:.2f}")


def scanned(part: Path) -> Path:
    """A copy of one side of a set with every PDF as an office scanner gives it (rasterised and degraded,
    300 and 200 dpi in turn, image only): the same real layouts, read by OCR."""
    from bodesk.demo.scans import scan_pdf

    out = part.with_name(part.name + "-scans")
    out.mkdir(exist_ok=True)
    truth = json.loads((part / "groundtruth.json").read_text())
    for i, name in enumerate(sorted(truth)):
        source = part / name
        if name.lower().endswith(".pdf"):
            scan_pdf(source.read_bytes(), out / name, dpi=(300, 200)[i % 2], seed=i)
        else:
            os.symlink(source.resolve(), out / name)
    (out / "groundtruth.json").write_text(json.dumps(truth, ensure_ascii=False))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join([*SETS, *(f"{s}-scans" for s in SCANNED), "tills", "speed"]))
    parser.add_argument("--failures", type=int, default=0, help="print up to N failures of each dev side")
    parser.add_argument("--rounds", type=int, default=5, help="speed comparison rounds")
    parser.add_argument("--tills", type=int, default=100, help="generated till receipts to read")
    args = parser.parse_args()
    wanted = args.only.split(",")
    results: dict[str, dict[str, dict]] = {}
    with tempfile.TemporaryDirectory(prefix="bodesk-real-") as tmp:
        for label, folder in [*SETS.items(), *((f"{s}-scans", SETS[s]) for s in SCANNED)]:
            if label not in wanted or not (CORPUS / folder / "groundtruth.json").exists():
                continue
            results[label] = {}
            for side in ("dev", "held-out"):
                part = split_dir(CORPUS / folder, side, Path(tmp))
                if label.endswith("-scans"):
                    part = scanned(part)
                shown = args.failures if side == "dev" else 0
                results[label][side] = score(part, Path(tmp) / f"{label}-{side}.json", shown)
        if "tills" in wanted:
            part = Path(tmp) / "tills"
            (part / "groundtruth.json").write_text(json.dumps(tills.write(part, args.tills)))
            results["tills"] = {"generated": score(part, Path(tmp) / "tills.json", args.failures)}
    if results:
        table(results)
    if "speed" in wanted:
        speed(args.rounds)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    raise SystemExit(main())
