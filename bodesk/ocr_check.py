"""Is Tesseract OCR there? Where, and if not, the sentence that tells the user how to get it.

bodesk does not bundle Tesseract (its language data alone outweighs the rest of the app, and every
platform has a maintained installer), so scans are read only once it is installed. Installers put
it where a double-clicked app does not look: the UB Mannheim build for Windows does not add itself
to PATH, and a macOS app started from Finder has no Homebrew folder on PATH. `locate()` looks in
those places too and, when it finds the program there, adds its folder to PATH, so pytesseract and
the spawned extraction workers (which inherit the environment) find it as well. No Qt here.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

#: Where the usual installers put tesseract when it is not on PATH.
_KNOWN_PLACES = {
    "win32": [
        Path(os.environ.get("ProgramFiles", r"C:\Program Files")) / "Tesseract-OCR" / "tesseract.exe",
        Path(os.environ.get("ProgramFiles(x86)", r"C:\Program Files (x86)")) / "Tesseract-OCR" / "tesseract.exe",
        Path(os.environ.get("LOCALAPPDATA", "")) / "Programs" / "Tesseract-OCR" / "tesseract.exe",
    ],
    "darwin": [
        Path("/opt/homebrew/bin/tesseract"),  # Homebrew on Apple silicon
        Path("/usr/local/bin/tesseract"),  # Homebrew on Intel
        Path("/opt/local/bin/tesseract"),  # MacPorts
    ],
}

_HOW_TO_INSTALL = {
    "win32": "install the Windows build from https://github.com/UB-Mannheim/tesseract/wiki "
    "(choose the languages of your invoices during setup)",
    "darwin": "install Homebrew (https://brew.sh), then run “brew install tesseract tesseract-lang” in Terminal",
    "linux": "install the package “tesseract-ocr” and the language packs you need "
    "(on Debian or Ubuntu: sudo apt install tesseract-ocr tesseract-ocr-deu …)",
}


@dataclass(frozen=True)
class OcrStatus:
    """The outcome of the check: the program found, or the sentence to show instead."""

    path: Path | None
    message: str

    @property
    def available(self) -> bool:
        return self.path is not None


def missing_message(platform: str | None = None) -> str:
    """The sentence shown in the window and recorded on each scan while Tesseract is missing."""
    platform = platform or sys.platform
    how = _HOW_TO_INSTALL.get(platform if platform in ("win32", "darwin") else "linux")
    return f"Scans cannot be read until Tesseract OCR is installed: {how}; then restart bodesk."


def locate(platform: str | None = None) -> OcrStatus:
    """Find the tesseract program (pytesseract's setting, then PATH, then the usual places)."""
    platform = platform or sys.platform
    # pytesseract is only consulted if already loaded: importing it (and Pillow) costs start-up time.
    loaded = sys.modules.get("pytesseract")
    configured = loaded.pytesseract.tesseract_cmd if loaded is not None else "tesseract"
    if configured and configured != "tesseract":
        # Set explicitly (by a test, or a user's own setup): that is the one to use, found or not.
        found = shutil.which(configured)
        return OcrStatus(Path(found) if found else None, "" if found else missing_message(platform))
    found = shutil.which("tesseract")
    if found:
        return OcrStatus(Path(found), "")
    for candidate in _KNOWN_PLACES.get(platform, []):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            os.environ["PATH"] = os.pathsep.join([str(candidate.parent), os.environ.get("PATH", "")])
            return OcrStatus(candidate, "")
    return OcrStatus(None, missing_message(platform))
