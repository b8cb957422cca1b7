"""The office's settings as rows: one per dotted key that differs from its default (see `bodesk.settings`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from bodesk.store.schema import Base


class SettingRow(Base):
    """A setting's value as JSON (money as a decimal string), with who changed it last and when."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(256), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    updated_by: Mapped[str] = mapped_column(String(128))
