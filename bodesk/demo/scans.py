"""Scanned copies of an invoice: its PDF rasterised with pypdfium2 and degraded like an office scanner.

The degradation (skew, grey toner on off-white paper, blur, noise, speckles, a dusty streak) is drawn
from a seeded generator, so a scan is the same for the same invoice, seed and settings.
"""

from __future__ import annotations

import random
from pathlib import Path
from statistics import NormalDist

import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from .layouts import pdf_bytes
from .sample import SampleInvoice


# quality: max rotation (degrees), blur radius at 200 dpi, noise sigma, speckles per 10,000 px², toner/paper
_SCAN_QUALITY = {
    "clean": (0.4, 0.3, 3.0, 0.02, (8, 20), (246, 252)),
    "office": (1.2, 0.55, 7.0, 0.08, (15, 35), (236, 248)),
    "poor": (1.5, 0.8, 12.0, 0.2, (30, 55), (222, 238)),
}


def _degrade(img: Image.Image, rng: random.Random, dpi: int, quality: str) -> Image.Image:
    max_angle, blur, sigma, speckles, toner, paper = _SCAN_QUALITY[quality]
    img = img.convert("L")
    lo, hi = rng.randint(*toner), rng.randint(*paper)
    img = img.point([lo + v * (hi - lo) // 255 for v in range(256)])  # grey toner on off-white paper
    img = img.rotate(rng.uniform(-max_angle, max_angle), resample=Image.Resampling.BICUBIC, expand=True,
                     fillcolor=hi)  # fmt: skip
    img = img.filter(ImageFilter.GaussianBlur(blur * dpi / 200))
    # Gaussian noise from seeded bytes (Pillow's effect_noise cannot be seeded).
    normal = NormalDist(128, sigma)
    lut = [min(255, max(0, round(normal.inv_cdf((i + 0.5) / 256)))) for i in range(256)]
    noise = Image.frombytes("L", img.size, rng.randbytes(img.width * img.height)).point(lut)
    img = ImageChops.add(img, noise, scale=1.0, offset=-128)
    draw = ImageDraw.Draw(img)
    px = dpi / 200
    for _ in range(int(speckles * img.width * img.height / 10_000 / px**2)):
        x, y, r = rng.uniform(0, img.width), rng.uniform(0, img.height), rng.choice((0.6, 0.8, 1.0, 1.4)) * px
        draw.ellipse((x - r, y - r, x + r, y + r), fill=rng.randint(lo, 110))
    if quality != "clean" and rng.random() < 0.5:  # a faint streak from a dusty scanner glass
        sx = rng.uniform(0.1, 0.9) * img.width
        draw.line((sx, 0, sx + rng.uniform(-3, 3), img.height), fill=hi - 25, width=max(1, round(px)))
    return img


def render_scan(inv: SampleInvoice, path: Path, *, dpi: int = 200, seed: int = 0, quality: str = "office") -> Path:
    """Rasterise the PDF of `inv` and degrade it like an office scanner (see `scan_pdf`)."""
    return scan_pdf(pdf_bytes(inv), path, dpi=dpi, seed=seed, quality=quality)


def scan_pdf(pdf: bytes, path: Path, *, dpi: int = 200, seed: int = 0, quality: str = "office") -> Path:
    """Rasterise a PDF's pages and degrade them like an office scanner: any PDF, a generated invoice's or
    a real one (nothing of its text layer or attachments survives).

    The format follows the suffix: .png, .jpg/.jpeg, .tif/.tiff (all pages) or .pdf (image only, no text layer).
    `quality` is clean, office or poor; all stay readable for tesseract at 200-300 dpi.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if quality not in _SCAN_QUALITY:
        raise ValueError(f"unknown scan quality {quality!r}; known: {', '.join(_SCAN_QUALITY)}")
    if suffix not in {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".pdf"}:
        raise ValueError(f"cannot write a scan as {suffix or 'a file without suffix'}; use .png .jpg .tiff or .pdf")
    rng = random.Random(f"bodesk-scan:{seed}")
    pages = []
    doc = pdfium.PdfDocument(pdf)
    try:
        for i in range(len(doc)):
            page = doc[i]
            try:
                bitmap = page.render(scale=dpi / 72, grayscale=True)
                pages.append(_degrade(bitmap.to_pil(), rng, dpi, quality))
            finally:
                page.close()
    finally:
        doc.close()
    first, rest = pages[0], pages[1:]
    if suffix in {".png", ".jpg", ".jpeg"}:
        if rest:
            raise ValueError(f"{path.name}: {len(pages)} pages do not fit a single image; use .tiff or .pdf")
        kwargs = {"quality": 82} if suffix != ".png" else {}
        first.save(path, dpi=(dpi, dpi), **kwargs)
    elif suffix in {".tif", ".tiff"}:
        first.save(path, dpi=(dpi, dpi), compression="tiff_lzw", save_all=True, append_images=rest)
    else:
        first.save(path, "PDF", resolution=float(dpi), save_all=True, append_images=rest)
    return path
