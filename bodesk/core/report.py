"""The founder's one-page report (PDF, reportlab) and the figures as CSV. No SQL, no Qt.

The page: the office and the period, the headline figures, what changed since the first month,
the top three things to look at, and the touchless and exception rates week by week (or month by
month) as a small chart. Amounts and dates are written in the office's locale.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from bodesk.core import csvsafe
from bodesk.core.formatting import OfficeFormat
from bodesk.core.metrics import Metrics, describe_duration
from bodesk.core.trends import Change, Point


def headline(metrics: Metrics, fmt: OfficeFormat) -> list[tuple[str, str]]:
    """The report's and the CSV's figures, in the order a founder reads them."""

    def pct(value: float | None) -> str:
        return fmt.percent(value, 0)

    return [
        ("Invoices received", fmt.count(metrics.received, "invoice")),
        ("Touchless (no one had to touch them)", pct(metrics.touchless_rate)),
        ("Exception rate", pct(metrics.exception_rate)),
        ("Manual intervention rate", pct(metrics.manual_intervention_rate)),
        ("Rework rate (a field corrected)", pct(metrics.rework_rate)),
        ("Received → approved (median / 90 %)",
         f"{describe_duration(metrics.median_cycle)} / {describe_duration(metrics.p90_cycle)}"),
        ("Received → paid (median / 90 %)",
         f"{describe_duration(metrics.median_to_paid)} / {describe_duration(metrics.p90_to_paid)}"),
        ("Office time saved", f"{fmt.number(round(metrics.hours_saved, 1))} h ({fmt.number(round(metrics.fte_saved, 3))} FTE)"),
        ("Value of the time saved", fmt.money(metrics.money_saved)),
        ("Cost per invoice", fmt.money(metrics.cost_per_invoice)),
        ("Return on investment", "enter bodesk's monthly cost" if metrics.roi is None else pct(metrics.roi)),
        ("Early-payment discounts captured", fmt.money(metrics.discounts_captured)),
        ("Overrides of bodesk's flags", fmt.number(metrics.overrides)),
    ]


def write_csv(path: Path, metrics: Metrics, points: Sequence[Point]) -> None:
    """The figures as CSV: one row per figure, then one row per week or month."""
    record = metrics.to_json()
    rows: list[list[object]] = [["figure", "value"]]
    for key, value in record.items():
        if isinstance(value, dict):
            rows.extend([f"{key}.{k}", v] for k, v in value.items())
        elif not isinstance(value, list):
            rows.append([key, "" if value is None else value])
    rows.append([])
    rows.append(["period_start", "received", "touchless_rate", "exception_rate", "rework_rate", "median_cycle_hours"])
    for p in points:
        rows.append([p.start.isoformat(), p.received, *("" if v is None else round(v, 4) for v in (
            p.touchless_rate, p.exception_rate, p.rework_rate, p.median_cycle_hours))])
    tmp = path.with_name(path.name + ".part")
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        csvsafe.writer(handle).writerows(rows)
    tmp.replace(path)


def write_pdf(
    path: Path,
    *,
    office: str,
    start: date | None,
    end: date | None,
    metrics: Metrics,
    moves: Sequence[Change],
    look_at: Sequence[str],
    points: Sequence[Point],
    fmt: OfficeFormat,
) -> None:
    """Write the one-page report to `path` (written beside it, then moved into place)."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    tmp = path.with_name(path.name + ".part")
    width, height = A4
    c = Canvas(str(tmp), pagesize=A4, pageCompression=1)
    c.setTitle(f"bodesk report — {office}")
    left, y = 56, height - 64
    c.setFont("Helvetica-Bold", 18)
    c.drawString(left, y, f"{office}: the back office in figures")
    y -= 20
    c.setFont("Helvetica", 10)
    period = "all time" if start is None and end is None else f"{fmt.date(start) if start else '…'} – {fmt.date(end) if end else '…'}"
    c.drawString(left, y, f"Period: {period} · made by bodesk on {fmt.date(date.today())}")
    y -= 28
    for label, value in headline(metrics, fmt):
        c.setFont("Helvetica", 10.5)
        c.drawString(left, y, label)
        c.setFont("Helvetica-Bold", 10.5)
        c.drawRightString(width - 56, y, value)
        y -= 16
    y -= 10
    y = _section(c, left, y, "Since the first month", [m.sentence() for m in moves])
    y = _section(c, left, y, "Worth a look", list(look_at) or ["Nothing stands out in this period."])
    if points:
        _chart(c, left, max(y - 150, 60), width - 2 * left, 130, points, HexColor)
    c.showPage()
    c.save()
    tmp.replace(path)


def _section(c: object, left: float, y: float, title: str, lines: Sequence[str]) -> float:
    c.setFont("Helvetica-Bold", 12)  # type: ignore[attr-defined]
    c.drawString(left, y, title)  # type: ignore[attr-defined]
    y -= 16
    c.setFont("Helvetica", 10)  # type: ignore[attr-defined]
    for line in lines:
        for part in _wrap(line, 95):
            c.drawString(left + 8, y, part)  # type: ignore[attr-defined]
            y -= 13
        y -= 2
    return y - 10


def _wrap(text: str, width: int) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + ([line] if line else [])


def _chart(c: object, x: float, y: float, w: float, h: float, points: Sequence[Point], color: object) -> None:
    """Touchless (green) and exception (red) rates per period as two lines over 0–100 %."""
    c.setFont("Helvetica-Bold", 12)  # type: ignore[attr-defined]
    c.drawString(x, y + h + 10, "Touchless and exception rates")  # type: ignore[attr-defined]
    c.setFont("Helvetica", 9)  # type: ignore[attr-defined]
    for i, (label, hexcode) in enumerate((("touchless", "#2e7d32"), ("exceptions", "#c62828"))):
        c.setFillColor(color(hexcode))  # type: ignore[attr-defined,operator]
        c.rect(x + 200 + i * 90, y + h + 10, 9, 9, stroke=0, fill=1)  # type: ignore[attr-defined]
        c.setFillColor(color("#212121"))  # type: ignore[attr-defined,operator]
        c.drawString(x + 213 + i * 90, y + h + 11, label)  # type: ignore[attr-defined]
    c.setStrokeColor(color("#9e9e9e"))  # type: ignore[attr-defined,operator]
    c.rect(x, y, w, h)  # type: ignore[attr-defined]
    step = w / max(len(points) - 1, 1)
    for attr, hexcode in (("touchless_rate", "#2e7d32"), ("exception_rate", "#c62828")):
        c.setStrokeColor(color(hexcode))  # type: ignore[attr-defined,operator]
        c.setLineWidth(1.6)  # type: ignore[attr-defined]
        prev = None
        for i, p in enumerate(points):
            value = getattr(p, attr)
            if value is None:
                prev = None
                continue
            here = (x + i * step, y + value * h)
            if prev is not None:
                c.line(*prev, *here)  # type: ignore[attr-defined]
            else:
                c.circle(*here, 1.5)  # type: ignore[attr-defined]
            prev = here
    c.setFont("Helvetica", 8)  # type: ignore[attr-defined]
    c.setFillColor(color("#424242"))  # type: ignore[attr-defined,operator]
    c.drawString(x, y - 11, points[0].start.isoformat())  # type: ignore[attr-defined]
    c.drawRightString(x + w, y - 11, points[-1].start.isoformat())  # type: ignore[attr-defined]
    c.drawString(x + w + 4, y + h - 4, "100 %")  # type: ignore[attr-defined]
    c.drawString(x + w + 4, y, "0 %")  # type: ignore[attr-defined]
