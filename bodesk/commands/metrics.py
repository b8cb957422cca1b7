"""`bodesk metrics [report|export]` and `bodesk processes add|remove|rank`: the Metrics tab and its
Processes page, headless."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bodesk.commands import acting_person, emit, iso_day, open_workspace
from bodesk.errors import BodeskError



def _score(text: str) -> int:
    if text.strip() not in {"1", "2", "3", "4", "5"}:
        raise argparse.ArgumentTypeError(f"“{text}” is not a score; give a whole number from 1 (low) to 5 (high)")
    return int(text)


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a number") from None
    if not 0 <= value < 1e9:
        raise argparse.ArgumentTypeError(f"“{text}” must be a number from 0 up")
    return value


def _period(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="start", type=iso_day, metavar="D", help="first day received (YYYY-MM-DD)")
    p.add_argument("--to", dest="end", type=iso_day, metavar="D", help="last day received (YYYY-MM-DD)")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("metrics", help="the founder's numbers: touchless, exceptions, cycle time, savings, ROI")
    _period(p)
    p.add_argument("--json", action="store_true", help="one JSON record")
    p.set_defaults(handler=cmd_metrics)
    actions = p.add_subparsers(dest="metrics_command", metavar="ACTION")
    q = actions.add_parser("report", help="a one-page PDF report for the founder")
    q.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    _period(q)
    q.set_defaults(handler=cmd_report)
    q = actions.add_parser("export", help="the figures, and each week's or month's, as CSV")
    q.add_argument("--out", required=True, type=Path, metavar="FILE.csv")
    _period(q)
    q.set_defaults(handler=cmd_export)

    p = sub.add_parser("processes", help="the office's processes, scored: what to automate next")
    pr = p.add_subparsers(dest="processes_command", metavar="ACTION", required=True)
    q = pr.add_parser("add", help="add or rescore a process")
    q.add_argument("name")
    q.add_argument("--volume", required=True, type=_positive, metavar="N", help="occurrences a month")
    q.add_argument("--minutes", required=True, type=_positive, metavar="M", help="minutes each")
    q.add_argument("--error-cost", required=True, type=_score, metavar="1-5", help="cost and risk of mistakes")
    q.add_argument("--ease", required=True, type=_score, metavar="1-5", help="how easily it can be automated")
    q.add_argument("--pain", required=True, type=_score, metavar="1-5", help="how much staff dislike it")
    q.add_argument("--started", type=iso_day, metavar="D", help="when its automation started (reviews after 30 and 90 days)")
    q.add_argument("--by", help="who scores it (one of the office's people; default: the login)")
    q.set_defaults(handler=cmd_process_add)
    q = pr.add_parser("remove", help="remove a process")
    q.add_argument("name")
    q.add_argument("--by", help="who removes it")
    q.set_defaults(handler=cmd_process_remove)
    q = pr.add_parser("rank", help="the processes ranked, highest score first")
    q.add_argument("--json", action="store_true", help="one JSON record per process")
    q.set_defaults(handler=cmd_rank)


def _describe(record: dict[str, Any]) -> str:
    skip = {"per_week", "trend", "since_first_month", "look_at"}
    lines = [f"{k:28} {v}" for k, v in record.items() if k not in skip]
    lines += [f"{'look at':28} {text}" for text in record.get("look_at", [])]
    return "\n".join(lines)


def cmd_metrics(args: argparse.Namespace) -> int:
    from bodesk.store.reporting import founder_figures

    with open_workspace(args) as store:
        figures = founder_figures(store, args.start, args.end)
    emit([figures.to_json()], args.json, _describe)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from bodesk.store.reporting import founder_figures

    with open_workspace(args) as store:
        figures = founder_figures(store, args.start, args.end)
    _write(lambda: figures.write_pdf(args.out), args.out)
    print(f"Report written to {args.out}.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from bodesk.core.report import write_csv
    from bodesk.store.reporting import founder_figures

    with open_workspace(args) as store:
        figures = founder_figures(store, args.start, args.end)
    _write(lambda: write_csv(args.out, figures.metrics, figures.points), args.out)
    print(f"Figures written to {args.out}.")
    return 0


def _write(action: Any, target: Path) -> None:
    from bodesk.errors import describe_os_error

    try:
        action()
    except OSError as exc:
        raise BodeskError(describe_os_error(exc, f"write {target}")) from exc


def cmd_process_add(args: argparse.Namespace) -> int:
    from bodesk.core.processes import Process
    from bodesk.store.processes import save_process

    try:
        process = Process(args.name, args.volume, args.minutes, args.error_cost, args.ease, args.pain, args.started)
    except ValueError as exc:
        raise BodeskError(str(exc)) from exc
    with open_workspace(args) as store:
        save_process(store, process, by=acting_person(store, args.by))
    print(f"{process.name}: {process.total} of 25.")
    return 0


def cmd_process_remove(args: argparse.Namespace) -> int:
    from bodesk.store.processes import remove_process

    with open_workspace(args) as store:
        remove_process(store, args.name, by=acting_person(store, args.by))
    return 0


def cmd_rank(args: argparse.Namespace) -> int:
    from bodesk.store.reporting import ranked_processes

    with open_workspace(args) as store:
        ranked = ranked_processes(store)
    emit(
        [p.to_json(rank=i) for i, p in enumerate(ranked, 1)],
        args.json,
        lambda r: f"{r['rank']:>2}. {r['name']:32} {r['total']:>2}/25  "
        + " ".join(f"{k}={v}" for k, v in r["scores"].items()),
    )
    return 0
