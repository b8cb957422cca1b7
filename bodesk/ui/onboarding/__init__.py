"""The Onboarding tab: people joining or leaving, each with a dated checklist to tick off, and the
office's certificates.

The list on the left shows each person's progress and overdue tasks; the checklist on the right
groups tasks into before, on and after the day, with the selected task's note and documents
below. "My tasks" shows only what the signed-in person owns. Ticks are credited to the signed-in
person. Mails the checklist sends (the manager's notices, requests, invitations) go out in the background.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bodesk.core import formatting
from bodesk.core.people import name_key
from bodesk.errors import BodeskError
from bodesk.store import onboarding as repo
from bodesk.store.people import people as office_people  # (the name `people` is the submodule below)
from bodesk.ui.context import AppContext, Changes
from bodesk.ui.onboarding.certs import CertificatesPage
from bodesk.ui.onboarding.dialog import StartDialog, ask_new_day
from bodesk.ui.onboarding.editor import TemplateEditor
from bodesk.ui.onboarding.mailing import send_queued
from bodesk.ui.onboarding.people import PersonDelegate, person_item
from bodesk.ui.widgets import EmptyOr, EmptyState, TabView

__all__ = ["OnboardingView", "StartDialog", "TemplateEditor"]

STYLE = """
QLabel#secondaryText { color: palette(placeholder-text); }
QLabel#viewTitle { font-size: 15pt; font-weight: 600; }
QLabel#personName { font-size: 14pt; font-weight: 600; }
"""

RED = QColor("#b3261e")
TASK_ROLE = Qt.ItemDataRole.UserRole + 1


def _day(value: date) -> str:
    return formatting.default().day(value)


class OnboardingView(TabView):
    """Hires with their checklists; tick tasks done, start or move a checklist, edit templates, certificates."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setStyleSheet(STYLE)
        self._hires: list[repo.HireRow] = []
        self.today = date.today()
        self._refresh_soon = QTimer(self, singleShot=True, interval=0)
        self._refresh_soon.timeout.connect(self.request_refresh)

        title = QLabel("Onboarding")
        title.setObjectName("viewTitle")
        self.summary = QLabel()
        self.summary.setObjectName("secondaryText")
        self.templates_button = QPushButton("Templates…")
        self.templates_button.setToolTip("Edit the checklists by role")
        self.templates_button.clicked.connect(self.open_editor)
        self.offboard_button = QPushButton("Start offboarding…")
        self.offboard_button.setToolTip("Start the checklist for someone leaving")
        self.offboard_button.clicked.connect(lambda: self.open_start_dialog(repo.OFFBOARDING))
        self.start_button = QPushButton("Start onboarding…")
        self.start_button.setToolTip("Start the checklist for someone joining")
        self.start_button.clicked.connect(lambda: self.open_start_dialog(repo.ONBOARDING))
        header = QHBoxLayout()
        header.addWidget(title)
        header.addSpacing(12)
        header.addWidget(self.summary, 0, Qt.AlignmentFlag.AlignBottom)
        header.addStretch(1)
        for b in (self.templates_button, self.offboard_button, self.start_button):
            header.addWidget(b)

        self.people = QListWidget()
        self.people.setMinimumWidth(250)
        self.people.setItemDelegate(PersonDelegate(self.people))
        self.people.currentRowChanged.connect(lambda _row: self._show_hire())

        self.person = QLabel()
        self.person.setObjectName("personName")
        self.person_info = QLabel()
        self.person_info.setObjectName("secondaryText")
        self.mine = QCheckBox("My tasks")
        self.mine.setToolTip("Show only the people with open tasks of yours, and only your tasks")
        self.mine.toggled.connect(lambda _on: self.refresh())
        self.move_button = QPushButton("Move date…")
        self.move_button.clicked.connect(self.open_move_dialog)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.setMaximumWidth(320)
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
        for column, width in ((1, 185), (2, 120), (3, 175)):
            head.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.tasks.setColumnWidth(column, width)
        self.tasks.itemChanged.connect(self._task_ticked)
        self.tasks.currentItemChanged.connect(lambda *_: self._show_task())
        self._row = QSize(0, int(self.fontMetrics().height() * 1.8))

        self.task_info = QLabel()
        self.task_info.setObjectName("secondaryText")
        self.task_info.setWordWrap(True)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("A note on this task…")
        self.note.setFixedHeight(int(self.fontMetrics().height() * 3.2))
        self.save_note_button = QPushButton("Save note")
        self.save_note_button.clicked.connect(lambda: self.save_note())
        self.attach_button = QPushButton("Attach document…")
        self.attach_button.clicked.connect(lambda: self.attach_document())
        detail_buttons = QVBoxLayout()
        detail_buttons.addWidget(self.save_note_button)
        detail_buttons.addWidget(self.attach_button)
        detail_buttons.addStretch(1)
        detail = QHBoxLayout()
        detail.addWidget(self.note, 1)
        detail.addLayout(detail_buttons)

        top = QHBoxLayout()
        names = QVBoxLayout()
        names.addWidget(self.person)
        names.addWidget(self.person_info)
        top.addLayout(names, 1)
        top.addWidget(self.mine, 0, Qt.AlignmentFlag.AlignBottom)
        top.addWidget(self.move_button, 0, Qt.AlignmentFlag.AlignBottom)
        checklist = QWidget()
        cl = QVBoxLayout(checklist)
        cl.setContentsMargins(14, 0, 0, 0)
        cl.addLayout(top)
        cl.addWidget(self.progress)
        cl.addWidget(self.tasks, 1)
        cl.addWidget(self.task_info)
        cl.addLayout(detail)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.people)
        splitter.addWidget(checklist)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([280, 900])
        splitter.setChildrenCollapsible(False)

        self.empty = EmptyState(
            "No onboarding checklists yet",
            "When someone joins or leaves, start a checklist here: bodesk lists what has to happen, "
            "by whom and by when — contract, payroll, laptop, accounts, keys, a welcome lunch — tells "
            "the people concerned by mail, and shows what is overdue.",
            "Start onboarding…",
        )
        assert self.empty.button is not None
        self.empty.button.clicked.connect(lambda: self.open_start_dialog(repo.ONBOARDING))
        self.stack = EmptyOr(self.empty, splitter)
        self.certificates = CertificatesPage(ctx)
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.pages.addTab(self.stack, "Checklists")
        self.pages.addTab(self.certificates, "Certificates")

        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.addLayout(header)
        outer.addSpacing(4)
        outer.addWidget(self.pages, 1)
        ctx.changed.connect(self._on_changed)

    # -- data ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        from bodesk.mail.notices import milestones

        current = self.current_hire()
        self.today = date.today()
        repo.ensure_default_templates(self.ctx.store)
        if milestones(self.ctx.store, self.today):
            self.send_mail()
        everyone = repo.hires(self.ctx.store)
        self.stack.set_empty(not everyone)
        self._hires = [h for h in everyone if not self.mine.isChecked()
                       or any(self._is_mine(t) and not t.done for t in h.tasks)]
        overdue = sum(h.overdue_count(self.today) for h in everyone)
        active = sum(1 for h in everyone if not h.finished)
        mine = sum(1 for h in everyone for t in h.tasks if not t.done and self._is_mine(t))
        text = f"{active} in progress · {mine} open task{'s' if mine != 1 else ''} for {self.ctx.user}"
        if overdue:
            text += f" · {overdue} overdue"
        self.summary.setText(text)
        self.people.blockSignals(True)
        self.people.clear()
        for hire in self._hires:
            self.people.addItem(person_item(hire, self.today))
        self.people.blockSignals(False)
        ids = [h.id for h in self._hires]
        if self._hires:
            self.people.setCurrentRow(ids.index(current.id) if current and current.id in ids else 0)
        self._show_hire()
        self.certificates.refresh(self.today)

    def current_hire(self) -> repo.HireRow | None:
        row = self.people.currentRow()
        return self._hires[row] if 0 <= row < len(self._hires) else None

    def current_task(self) -> repo.TaskRow | None:
        item = self.tasks.currentItem()
        hire = self.current_hire()
        task_id = item.data(0, TASK_ROLE) if item else None
        if hire is None or task_id is None:
            return None
        return next((t for t in hire.tasks if t.id == task_id), None)

    def _is_mine(self, task: repo.TaskRow) -> bool:
        return name_key(task.owner or "") == name_key(self.ctx.user)

    def _on_changed(self, changes: Changes) -> None:
        if changes.concerns("onboarding", "certificates", "people"):
            # later, not now: the change may come from a checkbox whose item a refresh would delete
            self._refresh_soon.start()

    def _show_hire(self) -> None:
        hire = self.current_hire()
        selected = self.current_task()
        self.tasks.blockSignals(True)
        self.tasks.clear()
        self.tasks.blockSignals(False)
        for w in (self.move_button, self.note, self.save_note_button, self.attach_button):
            w.setEnabled(hire is not None)
        if hire is None:
            self._show_task()
            return
        leaving = hire.kind == repo.OFFBOARDING
        self.person.setText(hire.name)
        day = "Last day" if leaving else "First day"
        who = f" · manager {hire.manager}" if hire.manager else ""
        self.person_info.setText(f"{hire.role} · {day} {_day(hire.start_date)}{who}")
        self.progress.setMaximum(max(len(hire.tasks), 1))
        self.progress.setValue(hire.done_count)
        self.progress.setFormat(f"{hire.done_count} of {len(hire.tasks)} done")
        groups = (("Before the last day", "On the last day", "After") if leaving
                  else ("Before the first day", "On the first day", "First weeks"))
        self.tasks.blockSignals(True)
        parents: dict[int, QTreeWidgetItem] = {}
        first_open: QTreeWidgetItem | None = None
        for task in hire.tasks:
            if self.mine.isChecked() and not self._is_mine(task):
                continue
            phase = 0 if task.due_date < hire.start_date else 1 if task.due_date == hire.start_date else 2
            if phase not in parents:
                group = QTreeWidgetItem([groups[phase]])
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                bold = QFont(self.font())
                bold.setBold(True)
                group.setFont(0, bold)
                group.setSizeHint(0, self._row)
                self.tasks.addTopLevelItem(group)
                group.setFirstColumnSpanned(True)
                parents[phase] = group
            item = self._task_item(task)
            parents[phase].addChild(item)
            if selected and selected.id == task.id:
                self.tasks.setCurrentItem(item)
            if first_open is None and not task.done:
                first_open = item
        self.tasks.expandAll()
        self.tasks.blockSignals(False)
        if first_open is not None and selected is None:
            self.tasks.scrollToItem(first_open, QAbstractItemView.ScrollHint.PositionAtCenter)
        self._show_task()

    def _task_item(self, task: repo.TaskRow) -> QTreeWidgetItem:
        due = _day(task.due_date)
        late = task.overdue(self.today)
        if late:
            days = (self.today - task.due_date).days
            due += f" · {days} day{'s' if days != 1 else ''} late"
        done = f"{task.done_by}, {_day(task.done_at.date())}" if task.done_at and task.done_by else ""
        marks = ("  ✎" if task.note else "") + (f"  📎{len(task.attachments)}" if task.attachments else "")
        item = QTreeWidgetItem([task.title + marks, due, task.owner or "", done])
        item.setData(0, TASK_ROLE, task.id)
        item.setSizeHint(0, self._row)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(0, Qt.CheckState.Checked if task.done else Qt.CheckState.Unchecked)
        if task.blocks_day_one and not task.done:
            item.setToolTip(0, "Must be done before the first day")
        if late:
            item.setForeground(1, QBrush(RED))
            bold = QFont(self.font())
            bold.setBold(True)
            item.setFont(1, bold)
        elif task.done:
            muted = self.palette().placeholderText()
            for column in range(3):
                item.setForeground(column, muted)
        return item

    def _show_task(self) -> None:
        task = self.current_task()
        self.note.setPlainText(task.note or "" if task else "")
        for w in (self.note, self.save_note_button, self.attach_button):
            w.setEnabled(task is not None)
        if task is None:
            self.task_info.setText("Select a task to see its details, write a note or attach a document.")
            return
        parts = [t for t in (task.category and task.category.capitalize(),
                             "must be done before day one" if task.blocks_day_one else "",
                             f"meeting at {task.meeting.time}, {task.meeting.minutes} min" if task.meeting else "",
                             f"needs: {task.document}" if task.document else "",
                             f"records the certificate “{task.certificate}”" if task.certificate else "",
                             f"documents: {', '.join(task.attachments)}" if task.attachments else "") if t]
        self.task_info.setText(f"{task.title} — " + " · ".join(parts) if parts else task.title)

    # -- actions ---------------------------------------------------------------------------------
    def _task_ticked(self, item: QTreeWidgetItem, column: int) -> None:
        task_id = item.data(0, TASK_ROLE)
        if column != 0 or task_id is None:
            return
        self.set_task_done(int(task_id), item.checkState(0) == Qt.CheckState.Checked)

    def set_task_done(self, task_id: int, done: bool) -> None:
        from bodesk.mail.notices import milestones

        hire = self.current_hire()
        try:
            repo.set_done(self.ctx.store, task_id, done, actor=self.ctx.user)
            if milestones(self.ctx.store, self.today):
                self.send_mail()
        except BodeskError as exc:
            QMessageBox.warning(self, "Could not update the task", str(exc))
        self.ctx.changed.emit(Changes.of("onboarding", "certificates", ids=(hire.id,) if hire else ()))

    def save_note(self, text: str | None = None) -> None:
        task = self.current_task()
        if task is None:
            return
        try:
            repo.set_note(self.ctx.store, task.id, self.note.toPlainText() if text is None else text, actor=self.ctx.user)
        except BodeskError as exc:
            QMessageBox.warning(self, "Could not save the note", str(exc))
        self.ctx.changed.emit(Changes.of("onboarding"))

    def attach_document(self, path: str | None = None) -> None:
        task = self.current_task()
        if task is None:
            return
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, f"Attach a document to “{task.title}”")
            if not path:
                return
        try:
            repo.attach(self.ctx.store, task.id, Path(path), actor=self.ctx.user)
        except BodeskError as exc:
            QMessageBox.warning(self, "Could not attach the document", str(exc))
        self.ctx.changed.emit(Changes.of("onboarding"))

    def open_start_dialog(self, kind: str = repo.ONBOARDING) -> None:
        try:
            repo.ensure_default_templates(self.ctx.store)
            templates = repo.templates(self.ctx.store, kind)
            names = [p.name for p in office_people(self.ctx.store)]
        except BodeskError as exc:
            QMessageBox.warning(self, "Could not load the checklists", str(exc))
            return
        dialog = StartDialog(templates, self, kind=kind, people=names)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.start_checklist(**dialog.values())  # type: ignore[arg-type]

    def start_checklist(self, name: str, role: str, day: date, kind: str = repo.ONBOARDING, *, email: str | None = None,
                        manager: str | None = None, past: str = "keep") -> repo.HireRow | None:
        from bodesk.mail.notices import on_start

        try:
            notes = list(repo.plan(self.ctx.store, name, role, day, kind, manager=manager).owners.notes)
            hire = repo.start(self.ctx.store, name, role, day, kind, actor=self.ctx.user, email=email, manager=manager,
                              past=past)
            problems = notes + on_start(self.ctx.store, hire)
        except BodeskError as exc:
            QMessageBox.warning(self, "Could not start the checklist", str(exc))
            return None
        if problems:
            self.ctx.status_message.emit(" ".join(problems))
        self.send_mail()
        self.ctx.changed.emit(Changes.of("onboarding", ids=(hire.id,)))
        self.refresh()
        ids = [h.id for h in self._hires]
        if hire.id in ids:
            self.people.setCurrentRow(ids.index(hire.id))
        return hire

    # The name the tests and the demo used before offboarding had its own button.
    start_onboarding = start_checklist

    def open_move_dialog(self) -> None:
        hire = self.current_hire()
        new_day = ask_new_day(self, hire.name, hire.start_date, hire.kind == repo.OFFBOARDING) if hire else None
        if new_day is not None:
            self.move_date(new_day)

    def move_date(self, new_day: date) -> None:
        hire = self.current_hire()
        if hire is None:
            return
        try:
            repo.move(self.ctx.store, hire.name, new_day, actor=self.ctx.user, kind=hire.kind)
        except BodeskError as exc:
            QMessageBox.warning(self, "Could not move the date", str(exc))
        self.ctx.changed.emit(Changes.of("onboarding", ids=(hire.id,)))
        self.refresh()

    def open_editor(self) -> TemplateEditor:
        editor = TemplateEditor(self.ctx, self)
        editor.setModal(True)
        editor.show()
        return editor

    # -- mail ------------------------------------------------------------------------------------
    def send_mail(self) -> None:
        send_queued(self.ctx)
