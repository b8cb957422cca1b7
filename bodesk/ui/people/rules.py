"""Settings › Rules: every office setting, built from the settings schema, one tab per group.

Each field is checked as it is typed (the schema's own types say what is wrong); per-vendor and
per-category overrides are a table; exchange rates are a table with the day each was set (older
than 30 days: flagged). Before a change is saved, the preview lists the waiting invoices that the
new rules would route to someone else; saving records every change with its old and new value
(`bodesk.store.settings.change`) and checks the waiting invoices again so they follow the new rules.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
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
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bodesk.core.authority import RATE_STALE_DAYS, rate_is_stale
from bodesk.errors import BodeskError
from bodesk.settings import GROUPS, SCHEMA, Setting, Settings, SettingError
from bodesk.store.authority import Reroute, reroutes
from bodesk.ui.context import AppContext, Changes

ERROR_STYLE = "color: #b3261e;"


class FamilyTable(QTableWidget):
    """The entries of one family of settings (`rules.override.*`, `rates.*`): key suffix and value."""

    def __init__(self, setting: Setting, settings: Settings, headers: tuple[str, str, str]) -> None:
        super().__init__(0, 3)
        self.setting = setting
        self.setHorizontalHeaderLabels(headers)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        for suffix, value in sorted(settings.family(setting.prefix).items()):
            as_of = getattr(value, "as_of", None)
            text = f"{value.value} {as_of.isoformat()}" if as_of is not None else setting.type.show(value)
            self.add_row(suffix, text, self._note(value))

    def _note(self, value: Any) -> str:
        as_of = getattr(value, "as_of", None)
        if rate_is_stale(as_of):
            return f"set {as_of.isoformat()}: older than {RATE_STALE_DAYS} days, check it"
        return f"set {as_of.isoformat()}" if as_of is not None else ""

    def add_row(self, suffix: str = "", text: str = "", note: str = "") -> None:
        row = self.rowCount()
        self.insertRow(row)
        self.setItem(row, 0, QTableWidgetItem(suffix))
        self.setItem(row, 1, QTableWidgetItem(text))
        item = QTableWidgetItem(("⚠ " if "older than" in note else "") + note)
        if "older than" in note:
            item.setForeground(QColor("#b3261e"))
        self.setItem(row, 2, item)

    def values(self) -> dict[str, Any]:
        """{full key: parsed value}; raises SettingError naming the row that is wrong."""
        out: dict[str, Any] = {}
        for row in range(self.rowCount()):
            suffix = (self.item(row, 0).text() if self.item(row, 0) else "").strip()
            text = (self.item(row, 1).text() if self.item(row, 1) else "").strip()
            if not suffix and not text:
                continue
            if self.setting.prefix == "rates.":
                suffix = suffix.upper()
            key = self.setting.prefix + suffix
            out[key] = Settings.parse(key, text)
        return out


class RulesDialog(QDialog):
    """Settings › Rules."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Rules")
        self.resize(1000, 620)
        settings = ctx.settings
        self.fields: dict[str, QLineEdit | QCheckBox] = {}
        self.errors: dict[str, QLabel] = {}
        self.tables: dict[str, FamilyTable] = {}
        self.tabs = QTabWidget()
        for group in GROUPS:
            members = [s for s in SCHEMA if s.group == group]
            if not members:
                continue
            page = QWidget()
            layout = QVBoxLayout(page)
            form = QFormLayout()
            for setting in members:
                if setting.is_family:
                    continue
                form.addRow(setting.label, self._field(setting, settings))
            layout.addLayout(form)
            for setting in members:
                if setting.is_family:
                    layout.addWidget(self._family(setting, settings), 1)
            if not any(s.is_family for s in members):
                layout.addStretch(1)
            self.tabs.addTab(page, group)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.preview_list = QTableWidget(0, 4)
        self.preview_list.setHorizontalHeaderLabels(("Invoice", "Vendor", "Amount", "Now goes to"))
        self.preview_list.verticalHeader().hide()
        self.preview_list.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.preview_list.horizontalHeader().setStretchLastSection(True)
        self.preview_list.setMaximumHeight(150)
        self.preview_list.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.preview_button = self.buttons.addButton("Preview", QDialogButtonBox.ButtonRole.ActionRole)
        self.preview_button.clicked.connect(self.preview)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.preview_list)
        layout.addWidget(self.buttons)
        self.previewed: list[Reroute] | None = None

    # -- building --------------------------------------------------------------------------------
    def _field(self, setting: Setting, settings: Settings) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        value = settings[setting.key]
        if isinstance(value, bool):
            widget: QLineEdit | QCheckBox = QCheckBox()
            widget.setChecked(value)
            widget.toggled.connect(self._edited)
        else:
            widget = QLineEdit(setting.type.show(value))
            widget.textEdited.connect(lambda _t, key=setting.key: self._check(key))
        widget.setToolTip(f"{setting.help} ({setting.key})")
        error = QLabel()
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        row.addWidget(widget, 1)
        row.addWidget(error, 2)
        self.fields[setting.key], self.errors[setting.key] = widget, error
        return box

    def _family(self, setting: Setting, settings: Settings) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 8, 0, 0)
        if setting.prefix == "rates.":
            title = f"Exchange rates: one unit of the currency in {settings['office.currency']}"
            headers = ("Currency", "Rate (optionally with the day: 1.17 2026-03-01)", "")
        else:
            title = "Rules for one vendor or category"
            headers = ("For (vendor:NAME or category:NAME)", "Rules (auto_approve_limit, approver, po_required, three_way)", "")
        table = FamilyTable(setting, settings, headers)
        table.itemChanged.connect(lambda _i: self._edited())
        self.tables[setting.key] = table
        add = QPushButton("Add")
        add.clicked.connect(lambda: table.add_row())
        remove = QPushButton("Remove")
        remove.clicked.connect(lambda: (table.removeRow(table.currentRow()), self._edited()))
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel(title), 1)
        buttons.addWidget(add)
        buttons.addWidget(remove)
        layout.addLayout(buttons)
        layout.addWidget(table, 1)
        return box

    # -- checking --------------------------------------------------------------------------------
    def _edited(self) -> None:
        self.previewed = None
        self.preview_list.hide()
        self.summary.clear()

    def _check(self, key: str) -> bool:
        self._edited()
        widget, error = self.fields[key], self.errors[key]
        if isinstance(widget, QCheckBox):
            return True
        try:
            Settings.parse(key, widget.text())
        except SettingError as exc:
            error.setText(str(exc).split(": ", 1)[-1])
            error.show()
            return False
        error.hide()
        return True

    def changes(self) -> dict[str, Any]:
        """What differs from the saved settings (None: a family entry removed); SettingError if a value is wrong."""
        current = self.ctx.settings
        out: dict[str, Any] = {}
        bad = [key for key in self.fields if not self._check(key)]
        if bad:
            raise SettingError(f"{len(bad)} field{'s' if len(bad) > 1 else ''} cannot be saved as typed; "
                               "each says why beside it.")
        for key, widget in self.fields.items():
            value = widget.isChecked() if isinstance(widget, QCheckBox) else Settings.parse(key, widget.text())
            if value != current[key]:
                out[key] = value
        for setting_key, table in self.tables.items():
            entries = table.values()
            prefix = table.setting.prefix
            for key, value in entries.items():
                old = current.get(key)
                if old is None or table.setting.type.dump(old) != table.setting.type.dump(value):
                    out[key] = value
            for key in current.values:
                if key.startswith(prefix) and key not in entries:
                    out[key] = None
        return out

    def preview(self) -> list[Reroute] | None:
        """Show which waiting invoices the changed rules would route differently; None if a field is wrong."""
        try:
            changes = self.changes()
            proposed = self.ctx.settings.replace(changes)
        except SettingError as exc:
            self._say(str(exc), error=True)
            return None
        moved = reroutes(self.ctx.store, proposed)
        self.previewed = moved
        self.preview_list.setRowCount(len(moved))
        for row, r in enumerate(moved):
            for col, text in enumerate((str(r.invoice_id), r.vendor_name or "", r.amount, f"{r.after} (was {r.before})")):
                self.preview_list.setItem(row, col, QTableWidgetItem(text))
        self.preview_list.setVisible(bool(moved))
        n = len(moved)
        what = "No change" if not changes else f"{len(changes)} change{'s' if len(changes) > 1 else ''}"
        self._say(f"{what}. " + (f"These {n} waiting invoice{'s' if n > 1 else ''} would now be routed differently:"
                                 if n else "No waiting invoice would be routed differently."))
        return moved

    def _say(self, text: str, *, error: bool = False) -> None:
        self.summary.setStyleSheet(ERROR_STYLE if error else "")
        self.summary.setText(text)

    def save(self) -> None:
        shown = self.previewed
        moved = self.preview()
        if moved is None:
            return
        if moved and shown != moved:  # the person has not seen this list yet: show it first
            self._say(self.summary.text() + " Save again to apply.")
            return
        try:
            changes = self.changes()
            if changes:
                from bodesk.store.approvals import waiting
                from bodesk.store.decide import recheck
                from bodesk.store.settings import change

                change(self.ctx.store, changes, by=self.ctx.user)
                recheck(self.ctx.store, [w.id for w in waiting(self.ctx.store)], actor=self.ctx.user,
                        cause="rechecked")
        except BodeskError as exc:
            QMessageBox.warning(self, "Not saved", str(exc))
            return
        self.ctx.changed.emit(Changes.of("settings", "invoices"))
        self.accept()
