"""The one home for settings: a typed schema saved as JSON in the workspace.

Secrets never live here (see `bodesk.secrets`); unknown keys are ignored and missing ones
take their defaults, so an older or newer settings file never stops the app.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

log = logging.getLogger(__name__)


def _default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name on some service accounts
        return "office"


@dataclass
class Settings:
    """What the user can set; each field has a safe default."""

    user_name: str = field(default_factory=_default_user)
    low_confidence_threshold: float = 0.6
    hourly_cost: float = 35.0  # for time-saved and ROI metrics
    home_currency: str = "EUR"  # the currency the office counts its costs in
    minutes_per_manual_invoice: float = 8.0

    @classmethod
    def load(cls, path: Path) -> Settings:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            log.warning("settings file %s unreadable (%s); using defaults", path, exc)
            return cls()
        known = {f.name for f in fields(cls)}
        settings = cls()
        for key, value in data.items() if isinstance(data, dict) else ():
            if key in known and isinstance(value, type(getattr(settings, key))):
                setattr(settings, key, value)
        return settings

    def save(self, path: Path) -> None:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
        os.replace(tmp, path)
