"""Test documents made on the fly with the project's own generator."""

from __future__ import annotations

from pathlib import Path

from bodesk.demo.invoices import SampleInvoice, render_pdf, render_scan, sample_set


def make_documents(folder: Path, pdfs: int = 3, pngs: int = 1, seed: int = 11) -> tuple[list[Path], list[SampleInvoice]]:
    """`pdfs` text PDFs and `pngs` scans of distinct invoices; returns the files and their truth."""
    folder.mkdir(parents=True, exist_ok=True)
    invoices = sample_set(pdfs + pngs, seed=seed)
    files = [render_pdf(inv, folder / f"invoice-{i + 1}.pdf") for i, inv in enumerate(invoices[:pdfs])]
    files += [render_scan(inv, folder / f"scan-{i + 1}.png", dpi=200, seed=i) for i, inv in enumerate(invoices[pdfs:])]
    return files, invoices
