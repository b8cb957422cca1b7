"""The Metrics tab: the founder's numbers for a period, their trend, what changed since the first
month and what is worth a look, with a one-page PDF report and a CSV of the figures; and the
Processes page (what to automate next).

The figures are gathered on a worker thread (a couple of queries however many invoices). The
charts (QtCharts) are built the first time there is something to show.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QFileDialog, QGridLayout, QHBoxLayout, QLabel, QMessageBox, QPushButton, QScrollArea,
    QTabWidget, QVBoxLayout, QWidget,
)

from bodesk.core.metrics import describe_duration
from bodesk.core.report import write_csv
from bodesk.core.trends import is_monthly
from bodesk.jobs.runner import Job
from bodesk.store import Store
from bodesk.store.metrics import invoice_count
from bodesk.store.reporting import FounderFigures, founder_figures
from bodesk.ui.context import AppContext, Changes
from bodesk.ui.metrics.cards import MetricCard
from bodesk.ui.metrics.processes import ProcessesPage
from bodesk.ui.widgets import EmptyOr, EmptyState, TabView

__all__ = ["MetricsView", "PERIODS", "period_range"]

#: Sizes by object name: the application's stylesheet fixes every widget's font size, so setFont
#: would be overridden; a view's own stylesheet takes precedence over the application's.
STYLE = """
QLabel#secondaryText { color: palette(placeholder-text); }
QLabel#viewTitle { font-size: 15pt; font-weight: 600; }
QLabel#metricCaption, QLabel#chartTitle { font-weight: 600; }
QLabel#metricValue { font-size: 22pt; font-weight: 700; }
"""

EMPTY_TEXT = (
    "Once invoices come in, this tab shows how many bodesk handled without anyone touching "
    "them, how long approvals take, and how much office time that saved."
)
PERIODS = ("Last 30 days", "This month", "Last month", "This quarter", "This year", "All time", "Custom")
CARDS = (
    ("received", "Invoices received"),
    ("touchless", "Touchless"),
    ("exceptions", "Exception rate"),
    ("manual", "Manual intervention"),
    ("cycle", "Received → approved"),
    ("paid", "Received → paid"),
    ("hours", "Time saved"),
    ("savings", "Value of time saved"),
    ("cost", "Cost per invoice"),
    ("roi", "Return on investment"),
)


def period_range(period: str, today: date | None = None) -> tuple[date | None, date | None]:
    """The first and last day of a period chooser entry (None: unbounded)."""
    today = today or date.today()
    if period == "This month":
        return today.replace(day=1), today
    if period == "Last month":
        last = today.replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last
    if period == "This quarter":
        return today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1), today
    if period == "This year":
        return today.replace(month=1, day=1), today
    if period == "Last 30 days":
        return today - timedelta(days=29), today
    return None, None


def _gather(job: Job, request: int, store: Store, settings: object, start: date | None,
            end: date | None) -> tuple[int, FounderFigures, int]:
    return request, founder_figures(store, start, end, settings), invoice_count(store)


class MetricsView(TabView):
    """Figures and charts for a chosen period, and the Processes page."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setStyleSheet(STYLE)
        self.figures: FounderFigures | None = None
        self._request = 0
        self.loading = False
        self.charts: dict[str, object] = {}

        title = QLabel("Metrics")
        title.setObjectName("viewTitle")
        self.range_label = QLabel()
        self.range_label.setObjectName("secondaryText")
        self.period = QComboBox()
        self.period.addItems(PERIODS)
        self.period.setToolTip("Which invoices to count, by the day they were received")
        self.period.currentIndexChanged.connect(self._period_chosen)
        today = QDate.currentDate()
        self.custom_from = QDateEdit(today.addDays(-89), calendarPopup=True)
        self.custom_to = QDateEdit(today, calendarPopup=True)
        for edit in (self.custom_from, self.custom_to):
            edit.setVisible(False)
            edit.dateChanged.connect(lambda _d: self.refresh())
        self.report_button = QPushButton("Report (PDF)…")
        self.report_button.setToolTip("A one-page report for the founder")
        self.report_button.clicked.connect(self.save_report)
        self.csv_button = QPushButton("Export CSV…")
        self.csv_button.clicked.connect(self.save_csv)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addSpacing(12)
        header.addWidget(self.range_label, 0, Qt.AlignmentFlag.AlignBottom)
        header.addStretch(1)
        header.addWidget(QLabel("Period:"))
        header.addWidget(self.period)
        header.addWidget(self.custom_from)
        header.addWidget(self.custom_to)
        header.addSpacing(8)
        header.addWidget(self.report_button)
        header.addWidget(self.csv_button)

        self.cards = {key: MetricCard(caption) for key, caption in CARDS}
        grid = QGridLayout()
        grid.setSpacing(10)
        for i, card in enumerate(self.cards.values()):
            grid.addWidget(card, i // 5, i % 5)
        self.moves = QLabel()
        self.moves.setWordWrap(True)
        self.look_at = QLabel()
        self.look_at.setWordWrap(True)
        notes = QHBoxLayout()
        for caption, label in (("Since the first month", self.moves), ("Worth a look", self.look_at)):
            box = QVBoxLayout()
            heading = QLabel(caption)
            heading.setObjectName("chartTitle")
            box.addWidget(heading)
            box.addWidget(label)
            box.addStretch(1)
            notes.addLayout(box, 1)
        self.chart_grid = QGridLayout()
        self.chart_grid.setSpacing(10)
        self.chart_grid.setColumnStretch(0, 1)  # two charts side by side, the same width
        self.chart_grid.setColumnStretch(1, 1)

        figures = QWidget()
        fl = QVBoxLayout(figures)
        fl.setContentsMargins(0, 0, 8, 0)
        fl.addLayout(grid)
        fl.addSpacing(8)
        fl.addLayout(notes)
        fl.addSpacing(8)
        fl.addLayout(self.chart_grid)
        fl.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(figures)

        self.empty = EmptyState("No invoices yet", EMPTY_TEXT)
        self.stack = EmptyOr(self.empty, scroll)
        self.processes = ProcessesPage(ctx)
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.pages.addTab(self.stack, "Figures")
        self.pages.addTab(self.processes, "Processes")
        self.pages.currentChanged.connect(self._page_chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(header)
        layout.addSpacing(6)
        layout.addWidget(self.pages, 1)

        ctx.changed.connect(self._on_changed)

    # -- gathering -------------------------------------------------------------------------------
    def current_range(self) -> tuple[date | None, date | None]:
        if self.period.currentText() == "Custom":
            return self.custom_from.date().toPython(), self.custom_to.date().toPython()
        return period_range(self.period.currentText())

    def _period_chosen(self, _index: int) -> None:
        custom = self.period.currentText() == "Custom"
        self.custom_from.setVisible(custom)
        self.custom_to.setVisible(custom)
        self.refresh()

    def _page_chosen(self, index: int) -> None:
        if self.pages.widget(index) is self.processes:
            self.processes.refresh()

    def refresh(self) -> None:
        """Gather the chosen period's figures in the background; the newest request wins."""
        self._request += 1
        start, end = self.current_range()
        self.range_label.setText(self._describe_range(start, end))
        self.loading = True
        # bound methods, not lambdas: Qt drops the callback if the view is gone when the job ends
        self.ctx.runner.run(
            "Metrics", _gather, self._request, self.ctx.store, self.ctx.settings, start, end,
            on_done=self._gathered, on_error=self._failed,
        )
        if self.pages.currentWidget() is self.processes:
            self.processes.refresh()

    def _on_changed(self, changes: Changes) -> None:
        if changes.concerns("invoices", "exceptions", "payments", "onboarding", "settings"):
            self.request_refresh()

    def _describe_range(self, start: date | None, end: date | None) -> str:
        if start is None or end is None:
            return "everything received so far"
        return f"{self.ctx.fmt.date(start)} – {self.ctx.fmt.date(end)}"

    def _failed(self, text: str, _traceback: str) -> None:
        self.loading = False
        QMessageBox.warning(self, "Could not compute the metrics", text)

    # -- showing ---------------------------------------------------------------------------------
    def _gathered(self, result: tuple[int, FounderFigures, int]) -> None:
        request, figures, total_invoices = result
        if request != self._request:  # the period changed meanwhile; a newer answer is coming
            return
        self.loading = False
        self.figures = figures
        m = figures.metrics
        if total_invoices and not m.received:
            self.empty.title.setText("No invoices in this period")
            self.empty.text.setText("Choose a longer period to see the numbers.")
        else:
            self.empty.title.setText("No invoices yet")
            self.empty.text.setText(EMPTY_TEXT)
        self.stack.set_empty(m.received == 0)
        for button in (self.report_button, self.csv_button):
            button.setEnabled(m.received > 0)
        if not m.received:
            return
        self._fill_cards(figures)
        self.moves.setText("\n".join(move.sentence() for move in figures.moves))
        self.look_at.setText("\n".join(f"• {line}" for line in figures.look_at) or "Nothing stands out in this period.")
        self._fill_charts(figures)

    def _fill_cards(self, figures: FounderFigures) -> None:
        m, fmt, c = figures.metrics, self.ctx.fmt, self.cards
        pct = lambda value: fmt.percent(value, 0)  # noqa: E731
        waiting = m.received - m.read
        c["received"].set(fmt.number(m.received),
                          f"{fmt.count(m.approved, 'approved', 'approved')}" + (f" · {waiting} not read yet" if waiting else ""))
        c["touchless"].set(pct(m.touchless_rate), f"{m.touchless} of {m.read} with no correction and no exception")
        c["exceptions"].set(pct(m.exception_rate), f"{fmt.count(m.with_exceptions, 'invoice')} raised an exception")
        c["manual"].set(pct(m.manual_intervention_rate), f"rework (a field corrected): {pct(m.rework_rate)}")
        c["cycle"].set(describe_duration(m.median_cycle),
                       f"median · 90 % within {describe_duration(m.p90_cycle)}" if m.approved else "nothing approved yet")
        c["paid"].set(describe_duration(m.median_to_paid),
                      f"median · {fmt.count(m.paid, 'invoice')} paid, {pct(m.paid_on_time / m.paid)} on time"
                      if m.paid else "nothing paid yet")
        c["hours"].set(f"{fmt.number(round(m.hours_saved, 1))} h",
                       f"{fmt.number(round(m.fte_saved, 3))} FTE · {fmt.number(round(m.office_hours, 1))} h still spent")
        c["savings"].set(fmt.money(m.money_saved), f"discounts captured: {fmt.money(m.discounts_captured)}")
        c["cost"].set(fmt.money(m.cost_per_invoice), f"bodesk's cost: {fmt.money(m.running_cost)} in this period")
        c["roi"].set(pct(m.roi) if m.roi is not None else "—",
                     "savings against bodesk's cost" if m.roi is not None else "enter bodesk's monthly cost in Settings")

    def _fill_charts(self, figures: FounderFigures) -> None:
        from bodesk.ui.metrics.charts import BLUE, GREEN, RED, BarChart, TrendChart

        if not self.charts:
            self.charts = {
                "rates": TrendChart("Touchless and exception rates",
                                    (("touchless_rate", "Touchless", GREEN), ("exception_rate", "Exceptions", RED)),
                                    percent=True, parent=self),
                "cycle": TrendChart("Median time to approval", (("median_cycle_hours", "Hours", BLUE),),
                                    percent=False, parent=self),
                "kinds": BarChart("Exceptions by kind", RED, self),
                "fields": BarChart("Fields corrected", BLUE, self),
            }
            for i, chart in enumerate(self.charts.values()):
                self.chart_grid.addWidget(chart.view, i // 2, i % 2)  # type: ignore[attr-defined]
        start = figures.start or (figures.points[0].start if figures.points else date.today())
        end = figures.end or date.today()
        monthly = is_monthly(start, end)
        self.charts["rates"].set_points(figures.points, monthly)  # type: ignore[attr-defined]
        self.charts["cycle"].set_points(figures.points, monthly)  # type: ignore[attr-defined]
        m = figures.metrics
        self.charts["kinds"].set_counts(m.exceptions_by_kind, lambda k: k.replace("_", " "))  # type: ignore[attr-defined]
        self.charts["fields"].set_counts(m.corrected_fields, lambda k: k.replace("_", " "))  # type: ignore[attr-defined]

    # -- saving ----------------------------------------------------------------------------------
    def save_report(self) -> None:
        self._save("Save the report", "bodesk-report.pdf", "PDF (*.pdf)", lambda f, p: f.write_pdf(p))

    def save_csv(self) -> None:
        self._save("Export the figures", "bodesk-figures.csv", "CSV (*.csv)",
                   lambda f, p: write_csv(p, f.metrics, f.points))

    def _save(self, title: str, name: str, filters: str, write) -> None:  # type: ignore[no-untyped-def]
        if self.figures is None:
            return
        target, _ = QFileDialog.getSaveFileName(self, title, str(Path.home() / name), filters)
        if target:
            self.ctx.runner.run(title, _write, write, self.figures, Path(target),
                                on_done=self._written, on_error=self._failed)

    def _written(self, path: Path) -> None:
        self.ctx.status_message.emit(f"Saved {path.name}.")


def _write(job: Job, write, figures: FounderFigures, path: Path) -> Path:  # type: ignore[no-untyped-def]
    from bodesk.errors import EnvironmentProblem, describe_os_error

    try:
        write(figures, path)
    except OSError as exc:
        raise EnvironmentProblem(describe_os_error(exc, f"write {path}")) from exc
    return path
