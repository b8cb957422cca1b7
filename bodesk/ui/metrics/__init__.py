"""The Metrics tab: how much bodesk handles on its own, how fast approvals go, and what it saves.

The numbers are gathered on a worker thread (one query however many invoices) and shown as
cards with one big number each, plus a bar chart of invoices received per week.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QMessageBox, QVBoxLayout, QWidget

from bodesk.core.metrics import Metrics, describe_duration
from bodesk.jobs.runner import Job
from bodesk.settings import Settings
from bodesk.store import Store
from bodesk.store.metrics import invoice_count, metrics
from bodesk.ui.context import AppContext, Changes
from bodesk.ui.metrics.cards import MetricCard, WeeklyChart
from bodesk.ui.widgets import EmptyOr, EmptyState, TabView

__all__ = ["MetricsView", "PERIODS", "period_range"]

#: Sizes by object name: the application's stylesheet fixes every widget's font size, so setFont
#: would be overridden; a view's own stylesheet takes precedence over the application's.
STYLE = """
QLabel#secondaryText { color: palette(placeholder-text); }
QLabel#viewTitle { font-size: 15pt; font-weight: 600; }
QLabel#metricCaption, QLabel#chartTitle { font-weight: 600; }
QLabel#metricValue { font-size: 26pt; font-weight: 700; }
"""

EMPTY_TEXT = (
    "Once invoices come in, this tab shows how many bodesk handled without anyone touching "
    "them, how long approvals take, and how much office time that saved."
)
PERIODS = ("This month", "Last 30 days", "All time")


def period_range(period: str, today: date | None = None) -> tuple[date | None, date | None]:
    """The first and last day of a period chooser entry (None: unbounded)."""
    today = today or date.today()
    if period == "This month":
        return today.replace(day=1), today
    if period == "Last 30 days":
        return today - timedelta(days=29), today
    return None, None


def _gather(
    job: Job, request: int, store: Store, settings: Settings, start: date | None, end: date | None
) -> tuple[int, Metrics, int]:
    return request, metrics(store, settings, start, end), invoice_count(store)


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.0%}"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


class MetricsView(TabView):
    """Cards with the period's numbers and a weekly chart, for a chosen period."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setStyleSheet(STYLE)
        self.metrics: Metrics | None = None
        self._request = 0
        self.loading = False

        title = QLabel("Metrics")
        title.setObjectName("viewTitle")
        self.range_label = QLabel()
        self.range_label.setObjectName("secondaryText")
        self.period = QComboBox()
        self.period.addItems(PERIODS)
        self.period.setToolTip("Which invoices to count, by the day they were received")
        self.period.currentIndexChanged.connect(lambda _i: self.refresh())
        header = QHBoxLayout()
        header.addWidget(title)
        header.addSpacing(12)
        header.addWidget(self.range_label, 0, Qt.AlignmentFlag.AlignBottom)
        header.addStretch(1)
        header.addWidget(QLabel("Period:"))
        header.addWidget(self.period)

        self.cards = {
            key: MetricCard(caption)
            for key, caption in (
                ("received", "Invoices received"),
                ("touchless", "Touchless"),
                ("exceptions", "Needed a person"),
                ("cycle", "Median time to approval"),
                ("hours", "Time saved"),
                ("savings", "Estimated savings"),
            )
        }
        grid = QGridLayout()
        grid.setSpacing(12)
        for i, card in enumerate(self.cards.values()):
            grid.addWidget(card, i // 3, i % 3)

        chart_title = QLabel("Invoices received per week")
        chart_title.setObjectName("chartTitle")
        self.chart = WeeklyChart()

        body = QWidget()
        bl = QVBoxLayout(body)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addLayout(grid)
        bl.addSpacing(20)
        bl.addWidget(chart_title)
        bl.addWidget(self.chart, 1)

        self.empty = EmptyState("No invoices yet", EMPTY_TEXT)
        self.stack = EmptyOr(self.empty, body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(header)
        layout.addSpacing(10)
        layout.addWidget(self.stack, 1)

        ctx.changed.connect(self._on_changed)

    def refresh(self) -> None:
        """Gather the chosen period's numbers in the background; the newest request wins."""
        self._request += 1
        request = self._request
        start, end = period_range(self.period.currentText())
        self.range_label.setText(self._describe_range(start, end))
        self.loading = True
        # bound methods, not lambdas: Qt drops the callback if the view is gone when the job ends
        self.ctx.runner.run(
            "Metrics", _gather, request, self.ctx.store, self.ctx.settings, start, end,
            on_done=self._gathered, on_error=self._failed,
        )

    def _on_changed(self, changes: Changes) -> None:
        if changes.concerns("invoices", "exceptions"):
            self.request_refresh()

    @staticmethod
    def _describe_range(start: date | None, end: date | None) -> str:
        if start is None or end is None:
            return "everything received so far"
        return f"{start.day} {start:%b} – {end.day} {end:%b %Y}"

    def _failed(self, text: str, _traceback: str) -> None:
        self.loading = False
        QMessageBox.warning(self, "Could not compute the metrics", text)

    def _gathered(self, result: tuple[int, Metrics, int]) -> None:
        request, m, total_invoices = result
        if request != self._request:  # the period changed meanwhile; a newer answer is coming
            return
        self.loading = False
        self.metrics = m
        if total_invoices and not m.received:
            self.empty.title.setText("No invoices in this period")
            self.empty.text.setText("Choose a longer period to see the numbers.")
        else:
            self.empty.title.setText("No invoices yet")
            self.empty.text.setText(EMPTY_TEXT)
        self.stack.set_empty(m.received == 0)
        settings = self.ctx.settings
        c = self.cards
        waiting = m.received - m.read
        not_read = f" · {waiting:,} not read yet" if waiting else ""
        c["received"].set(f"{m.received:,}", f"{m.approved:,} approved{not_read}")
        c["touchless"].set(_percent(m.touchless_rate),
                           f"{m.touchless:,} of {m.read:,} with no correction and no exception")
        c["exceptions"].set(_percent(m.exception_rate), f"{_plural(m.with_exceptions, 'invoice')} raised an exception")
        average = describe_duration(m.average_cycle)
        c["cycle"].set(describe_duration(m.median_cycle),
                       f"from receipt to approval · average {average}" if m.approved else "nothing approved yet")
        c["hours"].set(f"{m.hours_saved:,.1f} h",
                       f"{settings.minutes_per_manual_invoice:g} min of typing saved per touchless invoice")
        c["savings"].set(
            f"{settings.home_currency} {m.money_saved:,.0f}",
            f"at {settings.home_currency} {settings.hourly_cost:,.2f} per hour of office time",
        )
        self.chart.set_weeks(m.per_week)
