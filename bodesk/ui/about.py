"""The About dialog: icon, version, the workspace in use (with a button to open it), licence."""

from __future__ import annotations

import platform
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from bodesk import __version__
from bodesk.paths import resources_dir

LICENCE = "MIT License"


class AboutDialog(QDialog):
    """What this bodesk is and which workspace it has open."""

    def __init__(self, workspace_root: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About bodesk")
        self.workspace_root = workspace_root

        icon = QLabel()
        pixmap = QPixmap(str(resources_dir() / "icons" / "bodesk.png"))
        if not pixmap.isNull():
            icon.setPixmap(pixmap.scaled(96, 96, Qt.AspectRatioMode.KeepAspectRatio,
                                         Qt.TransformationMode.SmoothTransformation))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)

        self.text = QLabel(
            f"<h2>bodesk {escape(__version__)}</h2>"
            "<p>The back-office desk: invoices in, routine decisions made, people left with the exceptions.</p>"
            f"<p><b>Workspace</b><br>{escape(str(workspace_root))}</p>"
            f"<p>{LICENCE}. Built on Qt {escape(qVersion())} (PySide6), Python {escape(platform.python_version())}, "
            "SQLite, Alembic, pdfplumber, pypdfium2 and Tesseract OCR.</p>"
        )
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setMinimumWidth(380)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        open_folder = buttons.addButton("Open workspace folder", QDialogButtonBox.ButtonRole.ActionRole)
        open_folder.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(workspace_root))))
        buttons.rejected.connect(self.reject)

        row = QHBoxLayout()
        row.addWidget(icon)
        row.addWidget(self.text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(buttons)
