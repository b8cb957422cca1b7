"""The Metrics tab's charts (QtCharts): rates and cycle time over the period, and bars of what
goes wrong (exceptions by kind, corrected fields). QtCharts is imported when the first chart is
built, not when the window starts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDateTime, QMargins, Qt, QTime
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QWidget

from bodesk.core.trends import Point

GREEN, RED, BLUE = "#2e7d32", "#c62828", "#1565c0"


def _chart_view(title: str, parent: QWidget | None):  # type: ignore[no-untyped-def]
    from PySide6.QtCharts import QChart, QChartView

    chart = QChart()
    chart.setTitle(title)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    palette = parent.palette() if parent is not None else QPalette()
    chart.setBackgroundBrush(palette.color(QPalette.ColorRole.Base))
    chart.setTitleBrush(palette.color(QPalette.ColorRole.WindowText))
    chart.legend().setLabelColor(palette.color(QPalette.ColorRole.WindowText))
    view = QChartView(chart, parent)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(220)
    return view


def _ms(day: date) -> int:
    return QDateTime(day, QTime(0, 0)).toMSecsSinceEpoch()


class TrendChart:
    """Lines over the period's weeks (or months): one series per figure, gaps where there is nothing."""

    def __init__(self, title: str, series: Sequence[tuple[str, str, str]], *, percent: bool,
                 parent: QWidget | None = None) -> None:
        self.view = _chart_view(title, parent)
        self.spec = series  # (attribute of Point, legend, colour)
        self.percent = percent

    def set_points(self, points: Sequence[Point], monthly: bool) -> None:
        from PySide6.QtCharts import QDateTimeAxis, QLineSeries, QValueAxis

        chart = self.view.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        x_axis = QDateTimeAxis()
        x_axis.setFormat("MMM yyyy" if monthly else "d MMM")
        x_axis.setTickCount(min(max(len(points), 2), 7))
        y_axis = QValueAxis()
        y_axis.setLabelFormat("%.0f %%" if self.percent else "%.0f h")
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        peak = 0.0
        for attr, label, colour in self.spec:
            line = QLineSeries()
            line.setName(label)
            line.setColor(QColor(colour))
            line.setPointsVisible(True)
            for p in points:
                value = getattr(p, attr)
                if value is not None:
                    value = value * 100 if self.percent else value
                    peak = max(peak, value)
                    line.append(_ms(p.start), value)
            chart.addSeries(line)
            line.attachAxis(x_axis)
            line.attachAxis(y_axis)
        if points:
            x_axis.setRange(QDateTime(points[0].start, QTime(0, 0)), QDateTime(points[-1].start, QTime(0, 0)))
        y_axis.setRange(0, 100 if self.percent else max(peak * 1.1, 1.0))
        if not self.percent:
            y_axis.applyNiceNumbers()

    def values(self) -> dict[str, list[float]]:
        """Each series' values, by legend (what the tests look at)."""
        return {s.name(): [pt.y() for pt in s.points()] for s in self.view.chart().series()}


class BarChart:
    """Horizontal bars of counts by name, largest first (at most `limit`)."""

    def __init__(self, title: str, colour: str, parent: QWidget | None = None, limit: int = 8) -> None:
        self.view = _chart_view(title, parent)
        self.colour = colour
        self.limit = limit
        self.view.chart().legend().hide()

    def set_counts(self, counts: dict[str, int], label: callable = str) -> None:  # type: ignore[valid-type]
        from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QHorizontalBarSeries, QValueAxis

        chart = self.view.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        top = list(counts.items())[: self.limit][::-1]  # the largest at the top
        bars = QBarSet("")
        bars.setColor(QColor(self.colour))
        for _, n in top:
            bars.append(n)
        series = QHorizontalBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        chart.addSeries(series)
        names = QBarCategoryAxis()
        names.append([label(name) for name, _ in top] or ["none"])
        values = QValueAxis()
        values.setLabelFormat("%d")
        values.setRange(0, max([n for _, n in top] + [1]) * 1.15)
        chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(names)
        series.attachAxis(values)

    def values(self) -> dict[str, float]:
        chart = self.view.chart()
        if not chart.series():
            return {}
        names = chart.axes(Qt.Orientation.Vertical)[0].categories()
        bars = chart.series()[0].barSets()[0]
        return {name: bars.at(i) for i, name in enumerate(names) if i < bars.count()}
