"""The local store: SQLAlchemy models, sessions, repositories and Alembic migrations. No Qt."""

from bodesk.store.db import Store, open_store

__all__ = ["Store", "open_store"]
