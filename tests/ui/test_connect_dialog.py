"""The "Connect to office database" dialog: a wrong password is a sentence on the dialog; the right
one connects, keeps the password in the keyring only, and this desk opens the office database next."""

from __future__ import annotations

from pathlib import Path

from bodesk.paths import Workspace, remembered_database
from bodesk.ui.desks import ConnectDialog
from tests.pg.server import PASSWORD, pg_server  # noqa: F401  (a real PostgreSQL server)


def test_connecting_a_desk(qtbot, ctx, pg_server, file_keyring, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)  # the "connected" note
    database = pg_server.new_database()
    dialog = ConnectDialog(ctx.workspace, ctx.runner)
    qtbot.addWidget(dialog)
    dialog.host.setText("127.0.0.1")
    dialog.port.setValue(pg_server.port)
    dialog.database.setText(database)
    dialog.user.setText("bodesk")
    dialog.password.setText("wrong")
    dialog._connect()
    qtbot.waitUntil(lambda: dialog.connect_button.isEnabled(), timeout=20000)
    assert "refused the user name or password" in dialog.error.text()
    assert remembered_database(ctx.workspace.root) is None

    dialog.password.setText(PASSWORD)
    dialog._connect()
    qtbot.waitUntil(lambda: dialog.url is not None, timeout=20000)
    url = remembered_database(ctx.workspace.root)
    assert url == f"postgresql://bodesk@127.0.0.1:{pg_server.port}/{database}"
    assert PASSWORD not in Path(ctx.workspace.root / "desk.json").read_text(encoding="utf-8")
    desk = Workspace.at(ctx.workspace.root)
    assert desk.db_url == url  # opened with the password from the keyring
    from bodesk.store import open_store

    open_store(desk).close()
