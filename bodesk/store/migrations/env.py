"""Alembic environment: migrations run on the connection bodesk hands over (see store/db.py)."""

from alembic import context
from sqlalchemy import create_engine

from bodesk.store import schema_books  # noqa: F401  (its tables belong to the metadata)
from bodesk.store import schema_settings  # noqa: F401  (its table belongs to the metadata)
from bodesk.store.schema import Base
import bodesk.store.schema_people  # noqa: F401,E402  (every table in the metadata)
import bodesk.store.schema_mail  # noqa: F401,E402
import bodesk.store.schema_learning  # noqa: F401,E402
import bodesk.store.schema_onboarding  # noqa: F401,E402

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    # Developer use (`alembic revision --autogenerate`): a URL from the config.
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


run()
