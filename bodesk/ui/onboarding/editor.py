"""The template editor: the office's checklists by role and kind; add, edit, reorder and delete
tasks, copy a checklist for another role, delete one. Saving checks the whole checklist first
(owners are roles or the office's people, meetings have a time and a length) and stores all or nothing."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bodesk.core.onboarding import CATEGORIES, OFFBOARDING, ONBOARDING, OWNER_ROLES, TaskSpec, TemplateSpec, make_meeting
from bodesk.errors import BodeskError
from bodesk.store import onboarding as repo
from bodesk.store.people import people
from bodesk.ui.context import AppContext, Changes

COLUMNS = ("Task", "Days", "Owner", "Category", "Day one", "Meeting", "Minutes", "Document")
TITLE, DAYS, OWNER, CATEGORY, DAY_ONE, MEETING, MINUTES, DOCUMENT = range(len(COLUMNS))
SPEC_ROLE = Qt.ItemDataRole.UserRole + 3  # the fields the table does not show (certificate), kept per row


class ChoiceDelegate(QStyledItemDelegate):
    """An editable combo box offering `choices` (owners: the role words and the office's people)."""

    def __init__(self, choices: list[str], parent: QWidget | None = None, *, editable: bool = True) -> None:
        super().__init__(parent)
        self.choices, self.editable = choices, editable

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        box = QComboBox(parent)
        box.setEditable(self.editable)
        box.addItems(self.choices)
        return box

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentText(index.data() or "")

    def setModelData(self, editor: QWidget, model, index) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText())


class TemplateEditor(QDialog):
    """Edits the workspace's checklist templates; every save is audited under the signed-in person."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Checklist templates")
        self.resize(1240, 640)
        self._specs: list[TemplateSpec] = []
        self.dirty = False

        self.list = QListWidget()
        self.list.setMinimumWidth(200)
        self.list.currentRowChanged.connect(self._show)
        self.new_button = QPushButton("New…")
        self.copy_button = QPushButton("Copy…")
        self.delete_button = QPushButton("Delete")
        self.new_button.clicked.connect(self.new_template)
        self.copy_button.clicked.connect(self.copy_current)
        self.delete_button.clicked.connect(self.delete_current)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.list, 1)
        row = QHBoxLayout()
        for b in (self.new_button, self.copy_button, self.delete_button):
            row.addWidget(b)
        ll.addLayout(row)

        self.heading = QLabel()
        self.heading.setObjectName("personName")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for column, width in ((DAYS, 56), (OWNER, 130), (CATEGORY, 100), (DAY_ONE, 70), (MEETING, 74), (MINUTES, 70), (DOCUMENT, 150)):
            self.table.setColumnWidth(column, width)
        owners = list(OWNER_ROLES) + [p.name for p in people(ctx.store)]
        self.table.setItemDelegateForColumn(OWNER, ChoiceDelegate(owners, self.table))
        self.table.setItemDelegateForColumn(CATEGORY, ChoiceDelegate([""] + list(CATEGORIES), self.table, editable=False))
        self.table.itemChanged.connect(lambda _item: self._set_dirty(True))

        self.add_button = QPushButton("Add task")
        self.remove_button = QPushButton("Remove task")
        self.up_button = QPushButton("Move up")
        self.down_button = QPushButton("Move down")
        self.save_button = QPushButton("Save")
        self.save_button.setDefault(True)
        self.close_button = QPushButton("Close")
        self.add_button.clicked.connect(lambda: self.add_task())
        self.remove_button.clicked.connect(self.remove_task)
        self.up_button.clicked.connect(lambda: self.move_task(-1))
        self.down_button.clicked.connect(lambda: self.move_task(1))
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.close)
        tools = QHBoxLayout()
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            tools.addWidget(b)
        tools.addStretch(1)
        tools.addWidget(self.save_button)
        tools.addWidget(self.close_button)
        self.hint = QLabel("Days count from the first day (the last day for leavers); negative is before. "
                           "Owner: manager, hire, office_manager, it, or one of the office's people. "
                           "Meeting: a time such as 09:30 and its length in minutes.")
        self.hint.setObjectName("secondaryText")
        self.hint.setWordWrap(True)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(12, 0, 0, 0)
        rl.addWidget(self.heading)
        rl.addWidget(self.table, 1)
        rl.addWidget(self.hint)
        rl.addLayout(tools)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 1000])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.reload()

    # -- loading -----------------------------------------------------------------------------------
    def reload(self, select: tuple[str, str] | None = None) -> None:
        repo.ensure_default_templates(self.ctx.store)
        self._specs = repo.templates(self.ctx.store)
        self.list.blockSignals(True)
        self.list.clear()
        for spec in self._specs:
            self.list.addItem(f"{spec.role} — {'leaving' if spec.kind == OFFBOARDING else 'joining'}")
        self.list.blockSignals(False)
        keys = [(s.role, s.kind) for s in self._specs]
        self.list.setCurrentRow(keys.index(select) if select in keys else 0)
        self._show(self.list.currentRow())

    def current(self) -> TemplateSpec | None:
        row = self.list.currentRow()
        return self._specs[row] if 0 <= row < len(self._specs) else None

    def select(self, role: str, kind: str = ONBOARDING) -> None:
        self.list.setCurrentRow([(s.role, s.kind) for s in self._specs].index((role, kind)))

    def _show(self, _row: int) -> None:
        spec = self.current()
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        if spec is not None:
            self.heading.setText(f"{spec.role}: {'leaving' if spec.kind == OFFBOARDING else 'joining'}")
            for task in spec.tasks:
                self._append(task)
        self.table.blockSignals(False)
        self._set_dirty(False)

    def _append(self, task: TaskSpec, at: int | None = None) -> int:
        row = self.table.rowCount() if at is None else at
        self.table.insertRow(row)
        values = [task.title, str(task.offset_days), task.owner or "", task.category or "", "",
                  task.meeting.time if task.meeting else "", str(task.meeting.minutes) if task.meeting else "",
                  task.document or ""]
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            if column == DAY_ONE:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if task.blocks_day_one else Qt.CheckState.Unchecked)
            self.table.setItem(row, column, item)
        self.table.item(row, TITLE).setData(SPEC_ROLE, (task.certificate, task.valid_months))
        return row

    def _set_dirty(self, dirty: bool) -> None:
        self.dirty = dirty
        self.save_button.setEnabled(dirty)

    # -- editing -----------------------------------------------------------------------------------
    def add_task(self, task: TaskSpec | None = None) -> int:
        row = self._append(task or TaskSpec("New task", 0, "office_manager", "paperwork"),
                           self.table.currentRow() + 1 if self.table.currentRow() >= 0 else None)
        self.table.selectRow(row)
        self._set_dirty(True)
        return row

    def remove_task(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._set_dirty(True)

    def move_task(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        task = self._row_task(row, check=False)
        self.table.blockSignals(True)
        self.table.removeRow(row)
        self._append(task, target)
        self.table.blockSignals(False)
        self.table.selectRow(target)
        self._set_dirty(True)

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item else ""

    def _row_task(self, row: int, *, check: bool = True) -> TaskSpec:
        title = self._text(row, TITLE)
        where = f"task {row + 1} (“{title}”)"
        try:
            days = int(self._text(row, DAYS) or "0")
        except ValueError:
            if check:
                raise BodeskError(f"Days of {where} must be a whole number, e.g. -7 or 3.") from None
            days = 0
        meeting = None
        if self._text(row, MEETING) or self._text(row, MINUTES):
            minutes_text = self._text(row, MINUTES)
            try:
                minutes: object = int(minutes_text)
            except ValueError:
                minutes = minutes_text
            if check:
                meeting = make_meeting(self._text(row, MEETING), minutes, where)
        category = self._text(row, CATEGORY) or None
        if check and category and category not in CATEGORIES:
            raise BodeskError(f"The category of {where} must be one of {', '.join(CATEGORIES)}.")
        certificate, valid = self.table.item(row, TITLE).data(SPEC_ROLE) or (None, None)
        day_one = self.table.item(row, DAY_ONE)
        return TaskSpec(title, days, self._text(row, OWNER) or None, category,
                        day_one is not None and day_one.checkState() == Qt.CheckState.Checked, meeting,
                        self._text(row, DOCUMENT) or None, certificate, valid)

    def edited(self) -> TemplateSpec | None:
        spec = self.current()
        if spec is None:
            return None
        return TemplateSpec(spec.role, spec.kind, tuple(self._row_task(r) for r in range(self.table.rowCount())), spec.id)

    def save(self) -> bool:
        try:
            spec = self.edited()
            if spec is None:
                return False
            repo.save_template(self.ctx.store, spec, actor=self.ctx.user)
        except BodeskError as exc:
            QMessageBox.warning(self, "The checklist was not saved", str(exc))
            return False
        self.ctx.changed.emit(Changes.of("onboarding"))
        self.reload((spec.role, spec.kind))
        return True

    def new_template(self) -> None:
        role, ok = QInputDialog.getText(self, "New checklist", "Role (e.g. Warehouse):")
        if ok and role.strip():
            kinds = ["joining", "leaving"]
            kind, ok = QInputDialog.getItem(self, "New checklist", "For people", kinds, 0, False)
            if ok:
                self.create(role.strip(), ONBOARDING if kind == "joining" else OFFBOARDING)

    def create(self, role: str, kind: str) -> None:
        try:
            repo.create_template(self.ctx.store, role, [TaskSpec("Welcome", 0, "manager", "meeting")], kind,
                                 actor=self.ctx.user)
        except BodeskError as exc:
            QMessageBox.warning(self, "Could not create the checklist", str(exc))
            return
        self.reload((role, kind))

    def copy_current(self, new_role: str | None = None) -> None:
        spec = self.current()
        if spec is None:
            return
        if new_role is None:
            new_role, ok = QInputDialog.getText(self, "Copy checklist", f"Copy “{spec.role}” for the role:")
            if not ok or not new_role.strip():
                return
        try:
            repo.copy_template(self.ctx.store, spec.role, spec.kind, new_role, actor=self.ctx.user)
        except BodeskError as exc:
            QMessageBox.warning(self, "Could not copy the checklist", str(exc))
            return
        self.reload((new_role.strip(), spec.kind))

    def delete_current(self, confirm: bool = True) -> None:
        spec = self.current()
        if spec is None:
            return
        if confirm and QMessageBox.question(
            self, "Delete checklist", f"Delete the checklist for {spec.role}? Checklists already started from it stay."
        ) != QMessageBox.StandardButton.Yes:
            return
        repo.delete_template(self.ctx.store, spec.role, spec.kind, actor=self.ctx.user)
        self.ctx.changed.emit(Changes.of("onboarding"))
        self.reload()
