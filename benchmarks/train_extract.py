"""Train the model that chooses a doubtful reading's total (`bodesk.core.extraction.ranker`).

    python benchmarks/train_extract.py [--cache DIR] [--folds 5] [--tills N] [--write]

Data recipe: the receipts of ../shared/corpus/sroie-dev (ICDAR 2019 SROIE scans with their
annotated totals), DEVELOPMENT SIDE ONLY (`corpus_split.held_out` is never trained or tuned on;
its figure is printed for the record). Each receipt is read as `bodesk extract` reads it (every
OCR reading of the page); every positive amount on a reading is one example, labelled by whether
it equals the annotated total, described by `ranker.amount_features`. A logistic regression
(scikit-learn, C=1) is fitted; `--write` writes its coefficients to
bodesk/core/extraction/total_model.py (plain numbers: the app needs no scikit-learn to use them).

Printed: cross-validated accuracy on the development side (folds by receipt: each receipt's
total chosen by a model that never saw it, readings voted as the app does; and by shop: the corpus
repeats shops, so each shop's receipts chosen by a model that saw none of them), then, with the model
fitted on the whole development side, its accuracy on `--tills N` generated till receipts
(benchmarks/tills.py: wordings and layouts the corpus's receipts lack; a check, never trained on:
added to the training they lowered the cross-validated figure) and the held-out side's accuracy.
OCR takes ~2-5 s of CPU per receipt; `--cache DIR` keeps the readings between runs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import tempfile
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path

import tills
from corpus_split import CORPUS, held_out

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bodesk.core.extraction import engine, readers  # noqa: E402
from bodesk.core.extraction.options import Limits  # noqa: E402
from bodesk.core.extraction.ranker import amount_features, weigh_readings  # noqa: E402

SET = CORPUS / "sroie-dev"
MODEL = ROOT / "bodesk" / "core" / "extraction" / "total_model.py"
#: Generated till receipts (benchmarks/tills.py) the fitted model is checked on, and their seed.
TILLS, TILLS_SEED = 200, 0


def read(job: tuple[str, Path, Path | None]):
    name, path, cache = job
    cached = cache / f"{name}.pkl" if cache else None
    if cached and cached.exists():
        return name, pickle.loads(cached.read_bytes())
    limits = Limits()
    reading = readers.read_image(path, limits, readers.Deadline(limits.max_seconds))
    if cached:
        cached.write_bytes(pickle.dumps(reading))
    return name, reading


def examples(reading) -> list[tuple[int, Decimal, dict[str, float]]]:
    """(reading number, amount, features) of every amount of every reading of one receipt."""
    out = []
    for number, one in enumerate([reading, *reading.alternates()]):
        try:
            ctx = engine.read_context(one)
        except Exception:
            continue
        out.extend((number, value, f) for value, f in amount_features(ctx).items())
    return out


def choose(model, names: list[str], rows: list[list[float]], docs: dict) -> dict[str, Decimal]:
    """Each receipt's total, its readings weighed as the app weighs them (`ranker.weigh_readings`)."""
    import numpy as np

    p = iter(model.predict_proba(np.array(rows))[:, 1])
    chosen = {}
    for name in names:
        readings: dict[int, dict[Decimal, float]] = defaultdict(dict)
        for number, value, _ in docs[name]:
            readings[number][value] = float(next(p))
        votes = weigh_readings(readings.values())
        if votes:
            chosen[name] = max(votes, key=votes.__getitem__)
    return chosen


def main() -> None:
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--write", action="store_true", help="write the fitted model into the package")
    ap.add_argument("--dev-only", action="store_true", help="leave the held-out side out (while tuning)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print the development side's misses")
    ap.add_argument("--tills", type=int, default=TILLS,
                    help="generated till receipts to check the fitted model on (never trained on)")
    args = ap.parse_args()
    if args.cache:
        args.cache.mkdir(parents=True, exist_ok=True)
    truth = json.loads((SET / "groundtruth.json").read_text())
    names = sorted(truth)
    jobs = [(n, SET / n, args.cache) for n in names]
    with tempfile.TemporaryDirectory() as tmp:
        recipe = hashlib.sha256(Path(tills.__file__).read_bytes()).hexdigest()[:8]  # new readings when it changes
        generated_dir = (args.cache or Path(tmp)) / f"tills-{TILLS_SEED}-{recipe}"
        generated = tills.write(generated_dir, args.tills, TILLS_SEED) if args.tills else {}
        truth.update(generated)
        jobs += [(n, generated_dir / n, args.cache and generated_dir) for n in generated]
        docs = {}
        with ProcessPoolExecutor() as pool:
            for name, reading in pool.map(read, jobs):
                docs[name] = examples(reading)
    features = sorted({k for ex in docs.values() for _, _, f in ex for k in f})

    def rows(selected):
        return [[f.get(k, 0.0) for k in features] for n in selected for _, _, f in docs[n]]

    def labels(selected):
        return [int(value == Decimal(truth[n]["total"])) for n in selected for _, value, _ in docs[n]]

    def fit(selected):
        return LogisticRegression(C=1.0, max_iter=5000).fit(np.array(rows(selected)), np.array(labels(selected)))

    def right(chosen, selected):
        return sum(chosen.get(n) == Decimal(truth[n]["total"]) for n in selected)

    dev = [n for n in names if not held_out(n) and docs[n]]
    held = [n for n in names if held_out(n) and docs[n]]
    correct = 0
    for k in range(args.folds):
        test = dev[k :: args.folds]
        train = [n for n in dev if n not in test]
        chosen = choose(fit(train), test, rows(test), docs)
        correct += right(chosen, test)
        for n in test if args.verbose else ():
            if chosen.get(n) != Decimal(truth[n]["total"]):
                seen = any(value == Decimal(truth[n]["total"]) for _, value, _ in docs[n])
                print(f"  {n}: {chosen.get(n)} for {truth[n]['total']} ({'read' if seen else 'never read'})")
    print(f"development side, {args.folds}-fold cross-validation: {correct}/{len(dev)} totals right "
          f"({100 * correct / len(dev):.1f} %)")
    # The corpus repeats shops (one till's layout several times): a shop's receipts are chosen by a model
    # that saw none of them, as a receipt from a shop nobody labelled would be.
    shop = {n: " ".join(truth[n]["vendor_name"].upper().split())[:12] for n in dev}
    unseen = 0
    for one in sorted(set(shop.values())):
        test = [n for n in dev if shop[n] == one]
        unseen += right(choose(fit([n for n in dev if shop[n] != one]), test, rows(test), docs), test)
    print(f"development side, each shop left out in turn ({len(set(shop.values()))} shops): {unseen}/{len(dev)} "
          f"totals right ({100 * unseen / len(dev):.1f} %)")
    model = fit(dev)
    if generated:
        tills_right = right(choose(model, list(generated), rows(generated), docs), generated)
        print(f"generated till receipts (layouts and words the corpus lacks): {tills_right}/{len(generated)} "
              f"({100 * tills_right / len(generated):.1f} %)")
    if not args.dev_only:
        held_right = right(choose(model, held, rows(held), docs), held)
        print(f"held-out side (never trained on): {held_right}/{len(held)} ({100 * held_right / len(held):.1f} %)")
    coefficients = dict(zip(features, (round(float(c), 4) for c in model.coef_[0])))
    for name, c in sorted(coefficients.items(), key=lambda t: -abs(t[1])):
        print(f"  {name:22s} {c:+.3f}")
    if args.write:
        MODEL.write_text(
            '"""The total-choosing model\'s coefficients, written by `make train-extract`'
            " (benchmarks/train_extract.py):\na logistic regression over `ranker.amount_features`,"
            f" fitted on {len(dev)} receipts ({sum(len(docs[n]) for n in dev)} amounts).\n"
            '"""\n\n'
            f"INTERCEPT = {round(float(model.intercept_[0]), 4)}\n"
            "COEFFICIENTS = {\n" + "".join(f'    "{k}": {v},\n' for k, v in coefficients.items()) + "}\n"
        )
        print(f"written: {MODEL.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
