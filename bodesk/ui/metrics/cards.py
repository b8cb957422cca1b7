"""The Metrics tab's pieces: a card with one big number, and a bar chart of invoices per week.

The chart is painted with QPainter: a dozen bars need no chart library, and it follows the
palette (light or dark) and the font the rest of the window uses.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget


class MetricCard(QFrame):
    """A caption, one big number and a line saying what it is based on."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("metricCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.caption = QLabel(caption)
        self.caption.setObjectName("metricCaption")
        self.value = QLabel("—")
        self.value.setObjectName("metricValue")
        self.note = QLabel()
        self.note.setObjectName("secondaryText")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)

    def set(self, value: str, note: str = "") -> None:
        self.value.setText(value)
        self.note.setText(note)


class WeeklyChart(QWidget):
    """Bars of invoices received per week, with the count on each bar and the week's Monday below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.weeks: tuple[tuple[date, int], ...] = ()
        self.setMinimumHeight(180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_weeks(self, weeks: tuple[tuple[date, int], ...]) -> None:
        self.weeks = weeks
        self.setToolTip("\n".join(f"Week of {w.day} {w:%b %Y}: {n}" for w, n in weeks[-12:]))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(600, 240)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        muted = palette.placeholderText().color()
        bar = palette.color(QPalette.ColorRole.Highlight)
        metrics = self.fontMetrics()
        line = metrics.height()
        area = QRectF(self.rect()).adjusted(8, line + 8, -8, -(line + 10))
        if not self.weeks or area.width() <= 0 or area.height() <= 0:
            painter.setPen(muted)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No invoices in this period")
            return
        peak = max(n for _, n in self.weeks) or 1
        count = len(self.weeks)
        slot = area.width() / count
        width = min(slot * 0.7, 56)
        label_every = max(1, int((metrics.horizontalAdvance("30 Mar") + 12) // slot) + 1)
        painter.setPen(QColor(muted))
        painter.drawLine(int(area.left()), int(area.bottom()), int(area.right()), int(area.bottom()))
        for i, (week, n) in enumerate(self.weeks):
            x = area.left() + slot * i + (slot - width) / 2
            height = area.height() * n / peak
            rect = QRectF(x, area.bottom() - height, width, height)
            if n:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(bar)
                painter.drawRoundedRect(rect, 3, 3)
            centre = QRectF(area.left() + slot * i, 0, slot, line)
            if n and count <= 26:
                painter.setPen(text)
                painter.drawText(centre.translated(0, rect.top() - line - 2), Qt.AlignmentFlag.AlignCenter, str(n))
            if (count - 1 - i) % label_every == 0:
                painter.setPen(muted)
                box = QRectF(area.left() + slot * i - slot, area.bottom() + 4, slot * 3, line)
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, f"{week.day} {week:%b}")
