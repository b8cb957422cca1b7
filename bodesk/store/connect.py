"""Connecting a desk to the office's shared database: one home for the command line and the window."""

from __future__ import annotations

from sqlalchemy.engine import URL, make_url

from bodesk.errors import BodeskError
from bodesk.paths import Workspace, remember_database
from bodesk.secrets import set_secret
from bodesk.store.db import database_secret_ref, open_store


def office_url(host: str, port: int, database: str, user: str) -> str:
    """The address of a PostgreSQL database, without a password."""
    return URL.create("postgresql", username=user or None, host=host, port=port,
                      database=database).render_as_string(hide_password=False)


def connect_office(workspace_root: str | None, url: str, password: str) -> None:
    """Test the office database (creating bodesk's tables in an empty one), then keep the password in the
    OS keyring and make this desk open that database from now on. The address must carry no password."""
    address = make_url(url)
    if address.password is not None:
        raise BodeskError("Leave the password out of the address; bodesk reads it separately and keeps it in the keyring.")
    full = address.set(password=password or None).render_as_string(hide_password=False)
    open_store(Workspace.at(workspace_root, full)).close()
    if password:
        set_secret(database_secret_ref(url), password)
    remember_database(Workspace.at(workspace_root).root, address.render_as_string(hide_password=False))
