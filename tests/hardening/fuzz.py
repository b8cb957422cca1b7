"""Mutated documents from a fixed seed: PDFs, scans and e-invoice XML with bytes flipped, cut,
repeated or inserted, as a fuzzer would make them. Used by the fuzz test and the campaign script."""

from __future__ import annotations

import random
from pathlib import Path

from tests.hardening.hostile import ubl
from tests.helpers import make_documents


def seeds(folder: Path) -> dict[str, bytes]:
    """One good document of each kind: a text PDF, a scan, a UBL e-invoice."""
    files, _ = make_documents(folder, pdfs=1, pngs=1, seed=21)
    return {".pdf": files[0].read_bytes(), ".png": files[1].read_bytes(), ".xml": ubl("FUZZ-1")}


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to four random edits of `data`."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        how = rng.choice(("flip", "flip", "cut", "repeat", "insert", "zero"))
        if not out:
            break
        at = rng.randrange(len(out))
        if how == "flip":
            for i in range(rng.randint(1, 16)):
                j = (at + i * rng.randint(1, 997)) % len(out)
                out[j] = rng.randrange(256)
        elif how == "cut":
            del out[at : at + rng.randint(1, max(1, len(out) // 4))]
        elif how == "repeat":
            chunk = out[at : at + rng.randint(1, 4096)]
            out[at:at] = chunk * rng.randint(2, 50)
        elif how == "insert":
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
        else:
            out[at : at + rng.randint(1, 256)] = b"\0" * min(256, len(out) - at)
    return bytes(out)


def write_corpus(folder: Path, counts: dict[str, int], seed: int = 1234) -> list[Path]:
    """`counts` mutated files per suffix (".pdf", ".png", ".xml") in `folder`; the same seed, the same files."""
    folder.mkdir(parents=True, exist_ok=True)
    originals = seeds(folder / ".seeds")
    rng = random.Random(seed)
    paths = []
    for suffix, n in counts.items():
        for i in range(n):
            path = folder / f"fuzz-{i:04d}{suffix}"
            path.write_bytes(mutate(originals[suffix], rng))
            paths.append(path)
    return paths
