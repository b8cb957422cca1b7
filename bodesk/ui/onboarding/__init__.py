"""The Onboarding tab: people joining or leaving, each with a dated checklist to tick off.

The list on the left shows each person's progress and overdue tasks; the checklist on the right
groups tasks into before, on and after the day. Space ticks the selected task.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bodesk.errors import BodeskError
from bodesk.store import onboarding as repo
from bodesk.ui.context import AppContext, Changes
from bodesk.ui.onboarding.dialog import StartDialog
from bodesk.ui.onboarding.people import PersonDelegate, person_item
from bodesk.ui.widgets import EmptyOr, EmptyState, TabView

__all__ = ["OnboardingView", "StartDialog"]

#: Sizes by object name: the application's stylesheet fixes every widget's font size, so setFont
#: would be overridden; a view's own stylesheet takes precedence over the application's.
STYLE = """
QLabel#secondaryText { color: palette(placeholder-text); }
QLabel#viewTitle { font-size: 15pt; font-weight: 600; }
QLabel#personName { font-size: 14pt; font-weight: 600; }
"""

RED = QColor("#b3261e")
TASK_ROLE = Qt.ItemDataRole.UserRole + 1


def _scaled(font: QFont, factor: float, bold: bool = False) -> QFont:
    font = QFont(font)
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    return font


def _day(value: date) -> str:
    return f"{value:%a} {value.day} {value:%b}"


class OnboardingView(TabView):
    """Hires with their checklists; tick tasks done, start a new checklist."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setStyleSheet(STYLE)
        self._hires: list[repo.HireRow] = []
        self._refresh_soon = QTimer(self, singleShot=True, interval=0)
        self._refresh_soon.timeout.connect(self.request_refresh)

        title = QLabel("Onboarding")
        title.setObjectName("viewTitle")
        self.summary = QLabel()
        self.summary.setObjectName("secondaryText")
        self.start_button = QPushButton("Start onboarding…")
        self.start_button.setToolTip("Start a checklist for someone joining or leaving")
        self.start_button.clicked.connect(self.open_start_dialog)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addSpacing(12)
        header.addWidget(self.summary, 0, Qt.AlignmentFlag.AlignBottom)
        header.addStretch(1)
        header.addWidget(self.start_button)

        self.people = QListWidget()
        self.people.setMinimumWidth(260)
        self.people.setItemDelegate(PersonDelegate(self.people))
        self.people.currentRowChanged.connect(lambda _row: self._show_hire())

        self.person = QLabel()
        self.person.setObjectName("personName")
        self.person_info = QLabel()
        self.person_info.setObjectName("secondaryText")
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.setMaximumWidth(360)
        self.tasks = QTreeWidget()
        self.tasks.setColumnCount(4)
        self.tasks.setHeaderLabels(["Task", "Due", "Who", "Done"])
        self.tasks.setRootIsDecorated(False)
        self.tasks.setUniformRowHeights(True)
        self.tasks.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tasks.setAlternatingRowColors(True)
        head = self.tasks.header()
        head.setStretchLastSection(False)
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 150), (2, 140), (3, 190)):
            head.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.tasks.setColumnWidth(column, width)
        self.tasks.itemChanged.connect(self._task_ticked)
        self._row = QSize(0, int(self.fontMetrics().height() * 1.9))

        checklist = QWidget()
        cl = QVBoxLayout(checklist)
        cl.setContentsMargins(16, 0, 0, 0)
        cl.addWidget(self.person)
        cl.addWidget(self.person_info)
        cl.addSpacing(6)
        cl.addWidget(self.progress)
        cl.addSpacing(6)
        cl.addWidget(self.tasks, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.people)
        splitter.addWidget(checklist)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 900])
        splitter.setChildrenCollapsible(False)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addSpacing(8)
        layout.addWidget(splitter, 1)

        self.empty = EmptyState(
            "No onboarding checklists yet",
            "When someone joins or leaves, start a checklist here: bodesk lists what has to happen, "
            "by whom and by when — contract, payroll, laptop, accounts, keys, a welcome lunch — and "
            "shows what is overdue.",
            "Start onboarding…",
        )
        assert self.empty.button is not None
        self.empty.button.clicked.connect(self.open_start_dialog)
        self.stack = EmptyOr(self.empty, content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.addWidget(self.stack)

        ctx.changed.connect(self._on_changed)

    # -- data ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        current = self.current_hire()
        self._hires = repo.hires(self.ctx.store)
        self.stack.set_empty(not self._hires)
        today = date.today()
        overdue = sum(h.overdue_count(today) for h in self._hires)
        active = sum(1 for h in self._hires if not h.finished)
        text = f"{active} in progress"
        if overdue:
            text += f" · {overdue} overdue task{'s' if overdue != 1 else ''}"
        self.summary.setText(text)
        self.people.blockSignals(True)
        self.people.clear()
        for hire in self._hires:
            self.people.addItem(person_item(hire, today))
        self.people.blockSignals(False)
        ids = [h.id for h in self._hires]
        row = ids.index(current.id) if current and current.id in ids else 0
        if self._hires:
            self.people.setCurrentRow(row)
        self._show_hire()

    def current_hire(self) -> repo.HireRow | None:
        row = self.people.currentRow()
        return self._hires[row] if 0 <= row < len(self._hires) else None

    def _on_changed(self, changes: Changes) -> None:
        if changes.concerns("onboarding"):
            # later, not now: the change may come from a checkbox whose item a refresh would delete
            self._refresh_soon.start()

    def _show_hire(self) -> None:
        hire = self.current_hire()
        self.tasks.blockSignals(True)
        self.tasks.clear()
        self.tasks.blockSignals(False)
        if hire is None:
            return
        today = date.today()
        leaving = hire.kind == repo.OFFBOARDING
        self.person.setText(hire.name)
        day = "Last day" if leaving else "First day"
        self.person_info.setText(f"{hire.role} · {day} {_day(hire.start_date)} {hire.start_date.year}")
        self.progress.setMaximum(max(len(hire.tasks), 1))
        self.progress.setValue(hire.done_count)
        self.progress.setFormat(f"{hire.done_count} of {len(hire.tasks)} done")
        groups = (("Before the last day", "On the last day", "After") if leaving
                  else ("Before the first day", "On the first day", "First weeks"))
        self.tasks.blockSignals(True)
        parents: dict[int, QTreeWidgetItem] = {}
        for task in hire.tasks:
            phase = 0 if task.due_date < hire.start_date else 1 if task.due_date == hire.start_date else 2
            if phase not in parents:
                group = QTreeWidgetItem([groups[phase]])
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                group.setFont(0, _scaled(self.font(), 1.0, bold=True))
                group.setSizeHint(0, self._row)
                self.tasks.addTopLevelItem(group)
                group.setFirstColumnSpanned(True)
                parents[phase] = group
            parents[phase].addChild(self._task_item(task, today))
        self.tasks.expandAll()
        self.tasks.blockSignals(False)

    def _task_item(self, task: repo.TaskRow, today: date) -> QTreeWidgetItem:
        due = _day(task.due_date)
        if task.overdue(today):
            late = (today - task.due_date).days
            due += f" · {late} day{'s' if late != 1 else ''} late"
        done = f"{task.done_by}, {_day(task.done_at.date())}" if task.done_at and task.done_by else ""
        item = QTreeWidgetItem([task.title, due, task.owner or "", done])
        item.setData(0, TASK_ROLE, task.id)
        item.setSizeHint(0, self._row)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(0, Qt.CheckState.Checked if task.done else Qt.CheckState.Unchecked)
        if task.overdue(today):
            item.setForeground(1, QBrush(RED))
            font = _scaled(self.font(), 1.0, bold=True)
            item.setFont(1, font)
        elif task.done:
            muted = self.palette().placeholderText()
            for column in range(3):
                item.setForeground(column, muted)
        return item

    # -- actions ---------------------------------------------------------------------------------
    def _task_ticked(self, item: QTreeWidgetItem, column: int) -> None:
        task_id = item.data(0, TASK_ROLE)
        if column != 0 or task_id is None:
            return
        self.set_task_done(int(task_id), item.checkState(0) == Qt.CheckState.Checked)

    def set_task_done(self, task_id: int, done: bool) -> None:
        hire = self.current_hire()
        try:
            repo.set_done(self.ctx.store, task_id, done, actor=self.ctx.user)
        except BodeskError as exc:
            QMessageBox.warning(self, "Could not update the task", str(exc))
        self.ctx.changed.emit(Changes.of("onboarding", ids=(hire.id,) if hire else ()))

    def open_start_dialog(self) -> None:
        try:
            repo.ensure_default_templates(self.ctx.store)
            templates = repo.templates(self.ctx.store)
        except BodeskError as exc:
            QMessageBox.warning(self, "Could not load the checklists", str(exc))
            return
        dialog = StartDialog(templates, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        name, spec, day = dialog.values()
        self.start_onboarding(name, spec.role, day, spec.kind)

    def start_onboarding(self, name: str, role: str, day: date, kind: str = repo.ONBOARDING) -> repo.HireRow | None:
        try:
            hire = repo.start(self.ctx.store, name, role, day, kind, actor=self.ctx.user)
        except BodeskError as exc:
            QMessageBox.warning(self, "Could not start the checklist", str(exc))
            return None
        self.ctx.changed.emit(Changes.of("onboarding", ids=(hire.id,)))
        self.refresh()
        ids = [h.id for h in self._hires]
        if hire.id in ids:
            self.people.setCurrentRow(ids.index(hire.id))
        return hire
