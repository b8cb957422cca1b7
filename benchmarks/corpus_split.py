"""The held-out split of the shared real-document corpus.

Every set under ../shared/corpus is split the same fixed way: a document is held out when the first
eight hex digits of the SHA-256 of its file name (without a ``_noxml`` suffix, so a page and its
e-invoice twin fall on the same side) modulo 100 are below 30. Tuning looks only at the ``dev`` side;
``held-out`` figures are reported, never studied document by document.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

HELD_OUT_PERCENT = 30
#: The shared corpus: ../shared/corpus next to the checkout, or $BODESK_CORPUS.
CORPUS = Path(os.environ.get("BODESK_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpus"))


def held_out(file_name: str) -> bool:
    stem, dot, ext = file_name.rpartition(".")
    key = (stem.removesuffix("_noxml") + dot + ext) if dot else file_name
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % 100 < HELD_OUT_PERCENT


def split_dir(set_dir: Path, side: str, into: Path) -> Path:
    """A folder holding links to one side ("dev" or "held-out") of a set and its filtered ground truth."""
    truth = json.loads((set_dir / "groundtruth.json").read_text())
    keep = {name: rec for name, rec in truth.items() if held_out(name) == (side == "held-out")}
    out = into / f"{'-'.join(set_dir.relative_to(set_dir.parents[1]).parts)}-{side}"
    out.mkdir(parents=True, exist_ok=True)
    for name in keep:
        link = out / name
        if not link.exists():
            os.symlink(set_dir / name, link)
    (out / "groundtruth.json").write_text(json.dumps(keep, ensure_ascii=False))
    return out
