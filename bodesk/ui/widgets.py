"""Small widgets shared by the tabs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QKeySequence, QPainter, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QTableWidget,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from bodesk.core.vocabulary import InvoiceStatus


class EmptyState(QWidget):
    """What a tab shows when it has nothing yet: what will appear here and how to get it in."""

    def __init__(self, title: str, text: str, action_text: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        self.title = QLabel(title)
        self.title.setObjectName("emptyTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = QLabel(text)
        self.text.setObjectName("emptyText")
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # A fixed width lets the wrapped label compute its height; with only a maximum it gets cut off.
        # The height is measured again once the stylesheet's font applies (see showEvent).
        self.text.setFixedWidth(540)
        self.text.setMinimumHeight(self.text.heightForWidth(540))
        layout.addWidget(self.title)
        layout.addWidget(self.text, 0, Qt.AlignmentFlag.AlignHCenter)
        self.button: QPushButton | None = None
        if action_text:
            self.button = QPushButton(action_text)
            layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.text.ensurePolished()
        self.text.setMinimumHeight(self.text.heightForWidth(self.text.width()))
        self.title.setMinimumHeight(self.title.sizeHint().height())


class EmptyOr(QStackedWidget):
    """Shows `content`, or the empty state while there is nothing to show."""

    def __init__(self, empty: EmptyState, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty = empty
        self.content = content
        self.addWidget(content)
        self.addWidget(empty)

    def set_empty(self, empty: bool) -> None:
        self.setCurrentWidget(self.empty if empty else self.content)

    @property
    def is_empty(self) -> bool:
        return self.currentWidget() is self.empty


class TabView(QWidget):
    """A tab that refreshes only while it is on screen.

    A change that concerns a hidden tab only marks it stale; it refreshes when it is next shown.
    So the window opens with one query for the visible tab, however large the workspace.
    Subclasses implement `refresh()` and call `request_refresh()` when a change concerns them.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stale = True

    def refresh(self) -> None:  # pragma: no cover - every tab overrides it
        raise NotImplementedError

    def request_refresh(self) -> None:
        if self.isVisible():
            self._stale = False
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()


def record_table(columns: tuple[str, ...] | list[str]) -> QTableWidget:
    """A read-only table of records: whole rows selected one at a time, no row numbers."""
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(list(columns))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    return table


class ErrorLine(QLabel):
    """What is wrong with a form, as a sentence under it (the stylesheet's error colour); hidden while nothing is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setWordWrap(True)
        self.hide()

    def say(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


def form_dialog(dialog: QDialog, *parts: QLayout | QWidget, on_save: Callable[[], object],
                buttons: QDialogButtonBox.StandardButton = QDialogButtonBox.StandardButton.Save
                | QDialogButtonBox.StandardButton.Cancel) -> tuple[ErrorLine, QDialogButtonBox]:
    """Lay out a form dialog: `parts` from the top, then the line saying what is wrong, then the
    buttons (Save calls `on_save`, which closes the dialog when it may; Cancel closes it)."""
    error = ErrorLine()
    box = QDialogButtonBox(buttons)
    box.accepted.connect(on_save)
    box.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    for part in parts:
        if isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)
    layout.addWidget(error)
    layout.addWidget(box)
    return error, box


def set_state(widget: QWidget, state: str) -> None:
    """Set the `state` property the stylesheet colours by (uncertain, missing, error, edited…)."""
    if widget.property("state") != state:
        widget.setProperty("state", state)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


#: Chip colours (background, text) by state: invoice statuses and exception severities.
CHIP_COLOURS: dict[str, tuple[str, str]] = {
    InvoiceStatus.RECEIVED: ("#eceff3", "#3b4652"),
    InvoiceStatus.EXTRACTED: ("#e6eefb", "#1f4e79"),
    InvoiceStatus.NEEDS_REVIEW: ("#fff1d6", "#8a4b00"),
    InvoiceStatus.MATCHED: ("#e3f1fb", "#155a8a"),
    InvoiceStatus.APPROVED: ("#e2f4e6", "#1e6b34"),
    InvoiceStatus.SCHEDULED: ("#ece6fb", "#4b2e83"),
    InvoiceStatus.PAID: ("#dcefe0", "#14532d"),
    InvoiceStatus.REJECTED: ("#fbe4e4", "#8c1d18"),
    InvoiceStatus.FAILED: ("#fbe4e4", "#8c1d18"),
    "serious": ("#fbe4e4", "#8c1d18"),
    "warning": ("#fff1d6", "#8a4b00"),
    "notice": ("#e6eefb", "#1f4e79"),
}
CHIP_ROLE = Qt.ItemDataRole.UserRole + 20  # a cell's chips: [(text, state), ...]


class ChipDelegate(QStyledItemDelegate):
    """Paints a cell's `CHIP_ROLE` list as coloured rounded chips with text, left to right; what does
    not fit is cut at the cell's edge (the tooltip holds the whole text)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        chips = index.data(CHIP_ROLE)
        if not chips:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = option.fontMetrics
        x = option.rect.left() + 4
        height = min(metrics.height() + 6, option.rect.height() - 4)
        y = option.rect.top() + (option.rect.height() - height) // 2
        painter.setClipRect(option.rect)
        for text, state in chips:
            back, fore = CHIP_COLOURS.get(state, ("#eceff3", "#3b4652"))
            width = metrics.horizontalAdvance(text) + 14
            rect = QRect(x, y, width, height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(back))
            painter.drawRoundedRect(rect, height / 2, height / 2)
            painter.setPen(QColor(fore))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
            x += width + 4
            if x > option.rect.right():
                break
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        chips = index.data(CHIP_ROLE)
        base = super().sizeHint(option, index)
        if not chips:
            return base
        width = sum(option.fontMetrics.horizontalAdvance(t) + 18 for t, _ in chips) + 8
        return QSize(width, max(base.height(), option.fontMetrics.height() + 10))


class Toast(QFrame):
    """A short note at the bottom of a view with one action (e.g. "Approved INV-42 · Undo"), gone
    after a few seconds; the action stays on the keyboard as Ctrl+Z while it shows."""

    def __init__(self, parent: QWidget, seconds: float = 6.0) -> None:
        super().__init__(parent)
        self.setObjectName("toast")
        self.setStyleSheet("QFrame#toast { background: #263238; border-radius: 6px; }"
                           "QFrame#toast QLabel { color: white; }"
                           "QFrame#toast QPushButton { color: #8fd3ff; background: transparent; border: none;"
                           " font-weight: 600; padding: 2px 8px; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 8, 8, 8)
        self.label = QLabel()
        self.button = QPushButton()
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout.addWidget(self.label)
        layout.addWidget(self.button)
        self._action: Callable[[], None] | None = None
        self.button.clicked.connect(self.trigger)
        self.timer = QTimer(self, singleShot=True, interval=int(seconds * 1000))
        self.timer.timeout.connect(self.hide)
        self.shortcut = QShortcut(QKeySequence.StandardKey.Undo, parent, self.trigger,
                                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.hide()

    def show_message(self, text: str, action_text: str, action: Callable[[], None]) -> None:
        self.label.setText(text)
        self.button.setText(action_text)
        self._action = action
        self.adjustSize()
        parent = self.parentWidget()
        assert parent is not None
        self.move((parent.width() - self.width()) // 2, parent.height() - self.height() - 24)
        self.show()
        self.raise_()
        self.timer.start()

    def trigger(self) -> None:
        if self.isVisible() and self._action is not None:
            action, self._action = self._action, None
            self.hide()
            action()
