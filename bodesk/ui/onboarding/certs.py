"""Certificates and trainings: who holds what until when; expiring and expired ones in red."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bodesk.errors import BodeskError
from bodesk.store import certificates
from bodesk.store.people import people
from bodesk.ui.context import AppContext, Changes
from bodesk.ui.onboarding.dialog import pydate, qdate

RED = QColor("#b3261e")
STATUS_TEXT = {"valid": "Valid", "expiring": "Expiring", "expired": "Expired"}


class CertificateDialog(QDialog):
    def __init__(self, names: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add certificate")
        self.person = QComboBox()
        self.person.setEditable(True)
        self.person.addItems(names)
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. First aid, Forklift licence")
        self.expires = QDateEdit()
        self.expires.setCalendarPopup(True)
        self.expires.setDisplayFormat("d MMM yyyy")
        self.expires.setDate(qdate(date.today() + timedelta(days=365)))
        form = QFormLayout(self)
        form.addRow("Person", self.person)
        form.addRow("Certificate", self.name)
        form.addRow("Expires", self.expires)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class CertificatesPage(QWidget):
    """The table of certificates, soonest expiry first."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.summary = QLabel()
        self.summary.setObjectName("secondaryText")
        self.add_button = QPushButton("Add certificate…")
        self.add_button.clicked.connect(self.open_add_dialog)
        top = QHBoxLayout()
        top.addWidget(self.summary)
        top.addStretch(1)
        top.addWidget(self.add_button)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["Person", "Certificate or training", "Obtained", "Expires", "Status"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 200), (2, 130), (3, 130), (4, 200)):
            self.table.setColumnWidth(column, width)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.rows: list[certificates.CertRow] = []

    def refresh(self, today: date | None = None) -> None:
        today = today or date.today()
        self.rows = certificates.certificates(self.ctx.store, today=today, warning_days=int(self.ctx.settings["onboarding.certificate_warning_days"]))
        fmt = self.ctx.fmt
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            status = STATUS_TEXT[r.status]
            if r.expires and r.status == "expiring":
                left = (r.expires - today).days
                status += f" in {left} day{'s' if left != 1 else ''}"
            if r.leaving:
                status += " (leaving)"
            values = [r.person, r.name, fmt.date(r.obtained) if r.obtained else "", fmt.date(r.expires) if r.expires else "no expiry", status]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if r.warns and column >= 3:
                    item.setForeground(QBrush(RED))
                self.table.setItem(i, column, item)
        warn = sum(1 for r in self.rows if r.warns)
        self.summary.setText(f"{len(self.rows)} certificate(s)" + (f" · {warn} need attention" if warn else ""))

    def open_add_dialog(self) -> None:
        dialog = CertificateDialog([p.name for p in people(self.ctx.store)], self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.add(dialog.person.currentText(), dialog.name.text(), pydate(dialog.expires.date()))

    def add(self, person: str, name: str, expires: date | None) -> None:
        try:
            certificates.add(self.ctx.store, person, name, expires=expires, actor=self.ctx.user)
        except BodeskError as exc:
            QMessageBox.warning(self, "Could not add the certificate", str(exc))
            return
        self.ctx.changed.emit(Changes.of("certificates"))
        self.refresh()
