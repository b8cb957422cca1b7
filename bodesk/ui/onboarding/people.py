"""The list of people on the Onboarding tab: name, role and day, progress with overdue tasks in red."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import QListWidgetItem, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from bodesk.core import formatting
from bodesk.store.onboarding import OFFBOARDING, HireRow

RED = QColor("#b3261e")
LINES_ROLE = Qt.ItemDataRole.UserRole + 2  # (name, detail, progress, overdue text, finished)


def _day(value: date) -> str:
    return formatting.default().day(value)


def person_item(hire: HireRow, today: date) -> QListWidgetItem:
    leaving = hire.kind == OFFBOARDING
    past = hire.start_date < today
    verb = ("left" if past else "leaves") if leaving else ("started" if past else "starts")
    late = hire.overdue_count(today)
    progress = f"{hire.done_count} of {len(hire.tasks)} done"
    overdue = f"{late} overdue" if late else ""
    detail = f"{hire.role} · {verb} {_day(hire.start_date)}"
    item = QListWidgetItem(f"{hire.name}\n{detail}\n{progress}{' · ' + overdue if overdue else ''}")
    item.setData(Qt.ItemDataRole.UserRole, hire.id)
    item.setData(LINES_ROLE, (hire.name, detail, progress, overdue, hire.finished))
    return item


class PersonDelegate(QStyledItemDelegate):
    """Three lines per person: the name in bold, then role and day, then progress."""

    PADDING = 8

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(200, option.fontMetrics.height() * 3 + self.PADDING * 2 + 4)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        lines = index.data(LINES_ROLE)
        if not lines:
            super().paint(painter, option, index)
            return
        name, detail, progress, overdue, finished = lines
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        main = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = main if selected else palette.color(QPalette.ColorRole.PlaceholderText)
        height = option.fontMetrics.height()
        rect = option.rect.adjusted(self.PADDING + 4, self.PADDING, -self.PADDING, -self.PADDING)
        painter.save()
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(muted if finished else main)
        painter.drawText(QRect(rect.left(), rect.top(), rect.width(), height), Qt.AlignmentFlag.AlignLeft, name)
        painter.setFont(option.font)
        painter.setPen(muted)
        second = QRect(rect.left(), rect.top() + height + 2, rect.width(), height)
        painter.drawText(second, Qt.AlignmentFlag.AlignLeft, detail)
        third = QRect(rect.left(), rect.top() + 2 * height + 4, rect.width(), height)
        painter.drawText(third, Qt.AlignmentFlag.AlignLeft, progress)
        if overdue:
            offset = option.fontMetrics.horizontalAdvance(progress + " · ")
            painter.drawText(third, Qt.AlignmentFlag.AlignLeft, progress + " · ")
            painter.setPen(main if selected else RED)
            painter.setFont(bold)
            painter.drawText(third.adjusted(offset, 0, 0, 0), Qt.AlignmentFlag.AlignLeft, overdue)
        painter.restore()
