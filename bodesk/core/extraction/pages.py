"""What reading a document gives: pages of positioned words, and the deadline reading works against.

Its own module so that the readers (`readers`) and OCR (`ocr`) both use these types without
importing each other.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import NamedTuple


class Word(NamedTuple):
    """One word and its box (x0, top, x1, bottom) on a 1-based page; conf in [0, 1]."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    page: int
    conf: float = 1.0


@dataclass
class Page:
    """The words of one page, and how they were read ("text" layer or "ocr")."""

    number: int
    width: float
    height: float
    words: list[Word]
    method: str = "text"
    #: Other OCR readings of the same page (another preparation of the image), for the fields to be voted on.
    alternates: list[list[Word]] = field(default_factory=list)


@dataclass
class Reading:
    """All pages read from one document, with notes about what was left out."""

    pages: list[Page] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    page_count: int = 0

    @property
    def method(self) -> str:
        """"ocr" when most words came from OCR, else "text"."""
        ocr_words = sum(len(p.words) for p in self.pages if p.method == "ocr")
        text_words = sum(len(p.words) for p in self.pages if p.method == "text")
        return "ocr" if ocr_words > text_words else "text"

    def alternates(self) -> list[Reading]:
        """The document as each other OCR reading saw it (pages without that reading as they are)."""
        count = max((len(p.alternates) for p in self.pages), default=0)
        return [
            Reading(
                [Page(p.number, p.width, p.height, p.alternates[i] if i < len(p.alternates) else p.words, p.method)
                 for p in self.pages],
                self.notes,
                self.page_count,
            )
            for i in range(count)
        ]


class Deadline:
    """The moment reading must stop; `remaining()` is what a tesseract call may still use."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.end - time.monotonic()

    def passed(self) -> bool:
        return self.remaining() <= 0
