"""The headless commands, one module per group; each module's `register(sub)` adds its parsers.

A command handler takes the parsed arguments and returns the exit status (0 all well, 1 some
input failed). None of these modules imports Qt. `COMMAND_MODULES` lists them in help order.
"""

from __future__ import annotations

import argparse
from datetime import date
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bodesk.store import Store

COMMAND_MODULES = (
    "bodesk.commands.extract",
    "bodesk.commands.documents",
    "bodesk.commands.intake",
    "bodesk.commands.ap",
    "bodesk.commands.onboarding",
    "bodesk.commands.people",
    "bodesk.commands.mail",
    "bodesk.commands.books",
    "bodesk.commands.metrics",
    "bodesk.commands.payments",
    "bodesk.commands.remind",
    "bodesk.commands.settings",
    "bodesk.commands.desks",
)


def iso_day(text: str) -> date:
    """An argparse type for dates written YYYY-MM-DD, or a sentence (exit 2)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a date; write it as YYYY-MM-DD") from None


def record_id(text: str) -> int:
    """An argparse type for ids: a whole number in the range the database stores, or a sentence (exit 2)."""
    from bodesk.core.validate import InvalidValue
    from bodesk.core.validate import record_id as check

    try:
        return check(text, "The id")
    except InvalidValue as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


@contextmanager
def open_workspace(args: argparse.Namespace) -> Iterator[Store]:
    """The workspace store named by --home (or BODESK_HOME, or the default), logging to its folder;
    closed when the block ends."""
    from bodesk import log as logsetup
    from bodesk.paths import Workspace
    from bodesk.store import open_store

    workspace = Workspace.at(args.home, getattr(args, "db", None))
    store = open_store(workspace)
    if not store.read_only:  # a workspace on a read-only disk keeps no log there
        logsetup.setup(workspace.logs)
    try:
        yield store
    finally:
        store.close()


def emit(records: Iterable[dict[str, Any]], as_json: bool, describe: Callable[[dict[str, Any]], str]) -> None:
    """Print records as JSON Lines, or as text for a person."""
    for rec in records:
        print(json.dumps(rec, ensure_ascii=False) if as_json else describe(rec), flush=True)


def acting_person(store: Store, name: str | None) -> str:
    """The one resolver of `--by NAME` for every command: the person's name as the office's people
    table spells it, or a `BodeskError` sentence (unknown, removed, or bodesk's own name). No name
    given: the computer's login, which is the first person of a new workspace."""
    from bodesk.settings import login_name
    from bodesk.store.people import resolve

    return resolve(store, name if name is not None else login_name()).name


def print_table(records: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str]], *,
                right: frozenset[str] = frozenset(), widest: int = 40) -> None:
    """Records as a table for a person: a header, then one row each, columns aligned (numbers to the
    right); a cell longer than `widest` is cut with "…" (`--json` has every value whole)."""
    def cell(value: Any) -> str:
        text = "—" if value is None or value == "" else str(value)
        text = " ".join(text.split())
        return text if len(text) <= widest else text[: widest - 1] + "…"

    rows = [[cell(rec.get(key)) for key, _ in columns] for rec in records]
    widths = [max([len(header), *(len(r[i]) for r in rows)]) for i, (_, header) in enumerate(columns)]

    def line(cells: Sequence[str]) -> str:
        parts = [c.rjust(w) if key in right else c.ljust(w) for c, w, (key, _) in zip(cells, widths, columns, strict=True)]
        return "  ".join(parts).rstrip()

    print(line([header for _, header in columns]))
    for r in rows:
        print(line(r))
    sys.stdout.flush()
