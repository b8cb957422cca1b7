"""`bodesk settings show|set|unset`: the workspace's typed settings by dotted key, every change audited."""

from __future__ import annotations

import argparse
import sys

from bodesk.commands import acting_person, emit, open_workspace


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("settings", help="the office's settings: show them or change one")
    actions = p.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    q = actions.add_parser("show", help="every setting with its value, grouped")
    q.add_argument("--json", action="store_true", help="one JSON record per setting")
    q.set_defaults(handler=cmd_show)
    q = actions.add_parser("set", help="change one setting (a bad key or value exits 2 and changes nothing)")
    q.add_argument("key", metavar="KEY", help="a dotted key such as rules.auto_approve_limit or rates.USD")
    q.add_argument("value", metavar="VALUE")
    q.add_argument("--by", required=True, metavar="NAME", help="who changes it (for the audit trail)")
    q.add_argument("--note", metavar="T", help="why (kept in the audit trail)")
    q.set_defaults(handler=cmd_set)
    q = actions.add_parser("unset", help="put a setting back to its default (or remove a rate or override)")
    q.add_argument("key", metavar="KEY")
    q.add_argument("--by", required=True, metavar="NAME", help="who changes it (for the audit trail)")
    q.set_defaults(handler=cmd_unset)


def cmd_show(args: argparse.Namespace) -> int:
    from bodesk.core.authority import RATE_STALE_DAYS, rate_is_stale  # Babel: not for every command's start

    with open_workspace(args) as store:
        settings = store.settings
        records = [
            {"key": key, "value": settings.dump(key), "default": is_default, "type": setting.type.name,
             "group": setting.group, "label": setting.label, "help": setting.help,
             "text": settings.text(key), "stale": rate_is_stale(getattr(value, "as_of", None))}
            for key, setting, value, is_default in settings.shown()
        ]
    width = max(len(r["key"]) for r in records)
    group = None

    def describe(r: dict) -> str:  # type: ignore[type-arg]
        nonlocal group
        head = f"\n{r['group']}\n" if r["group"] != group else ""
        group = r["group"]
        mark = "" if r["default"] else "  (set)"
        if r["stale"]:
            mark += f"  older than {RATE_STALE_DAYS} days: check it"
        return f"{head}  {r['key']:<{width}}  {r['text'] or '—'}{mark}"

    emit(records, args.json, describe)
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    return _change(args, args.value)


def cmd_unset(args: argparse.Namespace) -> int:
    return _change(args, None)


def _change(args: argparse.Namespace, value: str | None) -> int:
    from bodesk.settings import SettingError, Settings, setting_for
    from bodesk.store.settings import change

    try:
        setting_for(args.key)
        if value is not None:
            Settings.parse(args.key, value)  # a usage error, before the workspace is opened
        with open_workspace(args) as store:
            before = store.settings.text(args.key) if store.settings.get(args.key) is not None else None
            after = change(store, {args.key: value}, by=acting_person(store, args.by), note=getattr(args, "note", None))
            now = after.text(args.key) if after.get(args.key) is not None else "removed"
    except SettingError as exc:
        print(f"bodesk: {exc}", file=sys.stderr)
        return 2
    was = f" (was {before})" if before is not None else ""
    print(f"{args.key} = {now}{was}")
    return 0
