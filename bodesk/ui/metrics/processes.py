"""The Processes page of the Metrics tab: the office's processes scored 1–5 on five dimensions
and ranked (what to automate next), with the readiness checklist beside them.

Invoice processing is listed with its real volume from bodesk's records. Saving and ranking run
on the job runner; the page only shows what comes back.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox, QDateEdit, QDialog, QDoubleSpinBox, QFormLayout,
    QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMessageBox, QPushButton, QSpinBox,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from bodesk.core.processes import INVOICE_PROCESS, READINESS, Process
from bodesk.jobs.runner import Job
from bodesk.store import Store
from bodesk.store.processes import remove_process, save_process
from bodesk.store.reporting import ranked_processes
from bodesk.ui.context import AppContext, Changes
from bodesk.ui.widgets import form_dialog, record_table

COLUMNS = ("#", "Process", "A month", "Minutes", "Volume", "Time", "Error cost", "Ease", "Pain", "Total", "Reviews")
SCORE_HELP = {
    "error_cost": "What a mistake costs: 1 a small nuisance … 5 money lost, a fine, an unhappy customer",
    "ease": "How easily it can be automated: 1 needs judgement every time … 5 clear rules, digital inputs",
    "pain": "How much the staff dislike doing it: 1 not at all … 5 everyone dreads it",
}


def _rank(job: Job, store: Store, settings: object) -> list[Process]:
    return ranked_processes(store, settings)


def _save(job: Job, store: Store, process: Process, by: str) -> None:
    save_process(store, process, by=by)


def _remove(job: Job, store: Store, name: str, by: str) -> None:
    remove_process(store, name, by=by)


class ProcessDialog(QDialog):
    """Add or rescore a process: volume and minutes as numbers, the rest 1–5."""

    def __init__(self, process: Process | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Score a process" if process else "Add a process")
        self.name = QLineEdit(process.name if process else "")
        self.name.setPlaceholderText("e.g. Expense claims")
        self.volume = QDoubleSpinBox(decimals=0, maximum=1_000_000, suffix=" a month")
        self.minutes = QDoubleSpinBox(decimals=1, maximum=10_000, suffix=" min each")
        self.scores: dict[str, QSpinBox] = {}
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Volume", self.volume)
        form.addRow("Time", self.minutes)
        for key, label in (("error_cost", "Error cost"), ("ease", "Integration ease"), ("pain", "Staff pain")):
            box = QSpinBox(minimum=1, maximum=5, value=3)
            box.setToolTip(SCORE_HELP[key])
            self.scores[key] = box
            form.addRow(label, box)
        self.started = QCheckBox("Automation started on")
        self.started_on = QDateEdit(QDate.currentDate(), calendarPopup=True)
        self.started_on.setEnabled(False)
        self.started.toggled.connect(self.started_on.setEnabled)
        row = QHBoxLayout()
        row.addWidget(self.started)
        row.addWidget(self.started_on, 1)
        form.addRow("", row)
        self.error, _buttons = form_dialog(self, form, on_save=self._accept)
        if process:
            self.name.setReadOnly(process.measured)
            self.volume.setValue(process.volume_per_month)
            self.minutes.setValue(process.minutes)
            for key in self.scores:
                self.scores[key].setValue(getattr(process, key))
            if process.started_on:
                self.started.setChecked(True)
                self.started_on.setDate(QDate(process.started_on))
        self.process: Process | None = None

    def _accept(self) -> None:
        try:
            self.process = Process(
                self.name.text().strip(), self.volume.value(), self.minutes.value(),
                self.scores["error_cost"].value(), self.scores["ease"].value(), self.scores["pain"].value(),
                self.started_on.date().toPython() if self.started.isChecked() else None,
            )
        except ValueError as exc:
            self.error.say(str(exc))
            return
        self.accept()


class ProcessesPage(QWidget):
    """The ranked table, its buttons, and the readiness checklist."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.processes: list[Process] = []
        self.loading = False
        intro = QLabel(
            "Score each of the office's processes from 1 (low) to 5 (high): the highest total is the best "
            "next thing to automate. Invoice processing is measured by bodesk."
        )
        intro.setWordWrap(True)
        intro.setObjectName("secondaryText")
        self.table = record_table(COLUMNS)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.add_button = QPushButton("Add process…")
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton("Score…")
        self.edit_button.clicked.connect(self.edit)
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self.remove)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(intro)
        left.addWidget(self.table, 1)
        left.addLayout(buttons)
        check_title = QLabel("Ready to automate?")
        check_title.setObjectName("chartTitle")
        checklist = QLabel("\n".join(f"☐  {item}" for item in READINESS))
        checklist.setWordWrap(True)
        checklist.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        right = QVBoxLayout()
        right.addWidget(check_title)
        right.addWidget(checklist)
        reviews = QLabel("Review each automated process after 30 and 90 days: is the exception rate falling, "
                         "is the saving what was projected?")
        reviews.setWordWrap(True)
        right.addSpacing(8)
        right.addWidget(reviews)
        right.addStretch(1)
        side = QWidget()
        side.setLayout(right)
        side.setMaximumWidth(360)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(left, 1)
        layout.addSpacing(16)
        layout.addWidget(side)

    def refresh(self) -> None:
        self.loading = True
        self.ctx.runner.run("Processes", _rank, self.ctx.store, self.ctx.settings,
                            on_done=self._ranked, on_error=self._failed)

    def _ranked(self, processes: list[Process]) -> None:
        self.loading = False
        self.processes = processes
        fmt = self.ctx.fmt
        self.table.setRowCount(len(processes))
        for row, p in enumerate(processes):
            s = p.scores
            cells = (str(row + 1), p.name + ("  (measured)" if p.measured else ""), fmt.number(p.volume_per_month),
                     fmt.number(p.minutes), s["volume"], s["time"], s["error_cost"], s["ease"], s["pain"],
                     f"{p.total} / 25", ", ".join(fmt.date(d) for d in p.reviews()) or "—")
            for col, value in enumerate(cells):
                item = QTableWidgetItem(str(value))
                if col != 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, col, item)

    def _failed(self, text: str, _tb: str) -> None:
        self.loading = False
        QMessageBox.warning(self, "Processes", text)

    def _selected(self) -> Process | None:
        rows = self.table.selectionModel().selectedRows()
        return self.processes[rows[0].row()] if rows else None

    def add(self) -> None:
        self._open(ProcessDialog(parent=self))

    def edit(self) -> None:
        process = self._selected()
        if process is not None:
            self._open(ProcessDialog(process, self))

    def _open(self, dialog: ProcessDialog) -> None:
        if dialog.exec() and dialog.process is not None:
            self.ctx.runner.run("Save process", _save, self.ctx.store, dialog.process, self.ctx.user,
                                on_done=self._saved, on_error=self._failed)

    def remove(self) -> None:
        process = self._selected()
        if process is None or process.name == INVOICE_PROCESS:
            return
        self.ctx.runner.run("Remove process", _remove, self.ctx.store, process.name, self.ctx.user,
                            on_done=self._saved, on_error=self._failed)

    def _saved(self, _result: object) -> None:
        self.ctx.changed.emit(Changes.of("processes"))
        self.refresh()
