"""The founder's figures for a period, gathered once for the Metrics tab, `bodesk metrics`, the
PDF report and the CSV export: the period's metrics, its trend, the first month beside it, and
the few things worth a look; and the processes ranked with invoice processing measured."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bodesk.core import report, trends
from bodesk.core.formatting import OfficeFormat
from bodesk.core.metrics import Metrics
from bodesk.core.processes import Process
from bodesk.core.summary import Summary
from bodesk.settings import Settings
from bodesk.store import Store
from bodesk.store.facts_cache import first_month, summaries
from bodesk.store.metrics import metrics
from bodesk.store.processes import processes


@dataclass(frozen=True)
class FounderFigures:
    """Everything the Metrics tab and the report show for one period."""

    start: date | None
    end: date | None
    metrics: Metrics
    points: list[trends.Point]
    moves: list[trends.Change]
    look_at: list[str]
    office: str
    fmt: OfficeFormat

    def to_json(self) -> dict[str, Any]:
        record = self.metrics.to_json()
        record["from"] = self.start.isoformat() if self.start else None
        record["to"] = self.end.isoformat() if self.end else None
        record["trend"] = [p.to_json() for p in self.points]
        record["since_first_month"] = {m.name: m.to_json() for m in self.moves}
        record["look_at"] = list(self.look_at)
        return record

    def write_pdf(self, path: Path) -> None:
        report.write_pdf(
            path, office=self.office, start=self.start, end=self.end, metrics=self.metrics,
            moves=self.moves, look_at=self.look_at, points=self.points, fmt=self.fmt,
        )


def load_settings(store: Store) -> Settings:
    return store.settings


def founder_figures(store: Store, start: date | None = None, end: date | None = None,
                    settings: Any = None) -> FounderFigures:
    """The period's figures; an open-ended period runs from the first document to today."""
    settings = settings or load_settings(store)
    first_days = first_month(store)
    summary, *baseline = summaries(store, [(start, end)] + ([first_days] if first_days else []))
    figures = metrics(store, settings, start, end, summary=summary)
    low = start or (first_days[0] if first_days else None) or date.today()
    high = end or date.today()
    points = trends.series(summary, low, high) if low <= high else []
    moves = trends.changes(baseline[0] if baseline else Summary(), summary)
    fmt = OfficeFormat.from_settings(settings)
    office = settings["office.name"] or "Your office"
    return FounderFigures(start, end, figures, points, moves, trends.things_to_look_at(figures, moves), office, fmt)


def ranked_processes(store: Store, settings: Any = None) -> list[Process]:
    settings = settings or load_settings(store)
    return processes(store, minutes_per_invoice=float(settings["metrics.minutes_per_manual_invoice"]))
