"""Where a workspace's settings are kept: the office's in the database, this desk's in the settings file.

`load` reads them once (the store holds the result: `Store.settings`); a workspace opened for the
first time by this version takes the values of its old settings file. `change` checks new values,
writes them in one transaction with an audit entry each (old and new value), and hands the store the
new `Settings`. A stored value that is no longer valid is logged and replaced by its default: a bad
setting never stops the app.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from bodesk.core.vocabulary import AuditAction
from bodesk.errors import EnvironmentProblem, describe_os_error
from bodesk.settings import Settings, from_legacy, setting_for
from bodesk.store import audit
from bodesk.store.schema_settings import SettingRow

if TYPE_CHECKING:
    from bodesk.store.db import Store

log = logging.getLogger(__name__)
#: The audit trail's entity for a setting (its key goes in `field`).
ENTITY = "setting"


def _read_file(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("settings file %s unreadable (%s); using defaults", path, exc)
        return {}
    return data if isinstance(data, dict) else {}


def _write_file(path: Path, data: Mapping[str, Any]) -> None:
    tmp = path.with_suffix(".tmp")
    try:
        tmp.write_text(json.dumps(dict(data), indent=2, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        raise EnvironmentProblem(describe_os_error(exc, f"save the settings file {path}")) from exc


def load(store: Store) -> Settings:
    """The workspace's settings; on the first open by this version, those of its old settings file."""
    local_file = _read_file(store.workspace.settings_file)
    with store.session() as session:
        rows = {row.key: row.value for row in session.scalars(select(SettingRow))}
        if not rows:
            legacy = {k: v for k, v in from_legacy(local_file).items() if not setting_for(k).local}
            imported, problems = Settings.tolerant(legacy)
            for problem in problems:
                log.warning("old settings file: %s", problem)
            now = datetime.now()
            for key in imported.values:
                value = imported.dump(key)
                session.add(SettingRow(key=key, value=value, updated_at=now, updated_by=audit.SYSTEM_ACTOR))
                rows[key] = value
    local = {k: v for k, v in from_legacy(local_file).items() if setting_for(k).local}
    settings, problems = Settings.tolerant({**rows, **local})
    for problem in problems:
        log.warning("settings: %s", problem)
    return settings


def change(store: Store, changes: Mapping[str, Any], *, by: str, note: str | None = None) -> Settings:
    """Set several settings at once (all or none); None resets a key to its default. Audited.

    Values are typed (`Decimal("500")`, `True`) or as a person typed them (`"500"`, `"yes"`): both are
    checked; a bad key or value raises `SettingError` naming it, and nothing is saved."""
    old = store.settings
    new = old.replace({key: (None if value is None else _typed(key, value)) for key, value in changes.items()})
    office = [k for k in changes if not setting_for(k).local]
    local = [k for k in changes if setting_for(k).local]
    now = datetime.now()
    with store.session() as session:
        for key in changes:
            before, after = old.get(key), new.get(key)
            if before == after:
                continue
            if key in office:
                row = session.get(SettingRow, key)
                if key not in new.values:
                    if row is not None:
                        session.delete(row)
                elif row is None:
                    session.add(SettingRow(key=key, value=new.dump(key), updated_at=now, updated_by=by))
                else:
                    row.value, row.updated_at, row.updated_by = new.dump(key), now, by
            audit.record(session, actor=by, action=AuditAction.SETTING_CHANGED, entity=ENTITY, entity_id=0, field=key,
                         old=_shown(old, key), new=_shown(new, key), note=note, at=now)
        if local:
            path = store.workspace.settings_file
            data = {k: v for k, v in _read_file(path).items() if "." in k}  # drop the old version's names
            for key in local:
                if key in new.values:
                    data[key] = new.dump(key)
                else:
                    data.pop(key, None)
            _write_file(path, data)
    store.settings = new
    return new


def _typed(key: str, value: Any) -> Any:
    return Settings.parse(key, value) if isinstance(value, str) else value


def _shown(settings: Settings, key: str) -> str | None:
    value = settings.get(key)
    return None if value is None else setting_for(key).type.show(value)
