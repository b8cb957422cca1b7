"""What every view is handed: the workspace's store, the job runner and the settings.

There is no global app object; a view gets an `AppContext` and announces what it changed
with `ctx.changed.emit(Changes(...))`, and each view decides whether that concerns it.
"""

from __future__ import annotations



from PySide6.QtCore import QByteArray, QObject, QSettings, Signal
from PySide6.QtWidgets import QSplitter

from bodesk.core import formatting
from bodesk.core.changes import Changes
from bodesk.core.formatting import OfficeFormat
from bodesk.jobs.runner import JobRunner
from bodesk.paths import Workspace
from bodesk.settings import Settings
from bodesk.store import Store

__all__ = ["AppContext", "Changes"]  # Changes lives in core (no Qt); views import it from here too


class AppContext(QObject):
    changed = Signal(object)  # Changes
    status_message = Signal(str)

    def __init__(self, workspace: Workspace, store: Store, runner: JobRunner) -> None:
        super().__init__()
        self.workspace = workspace
        self.store = store
        self.runner = runner
        self.fmt = OfficeFormat.from_settings(store.settings)
        formatting.set_default(self.fmt)  # table models format through the workspace's locale too
        self.changed.connect(self._settings_changed)  # first connected: views redraw with the new format
        self.signed_in: str | None = self._initial_person()

    def _settings_changed(self, changes: Changes) -> None:
        if changes.concerns("settings"):
            self.fmt = OfficeFormat.from_settings(self.settings)
            formatting.set_default(self.fmt)

    @property
    def desk_user(self) -> str:
        """This desk's own person: the computer's login unless the settings name another."""
        from bodesk.settings import login_name

        return str(self.settings.values.get("desk.user_name") or login_name())

    @property
    def settings(self) -> Settings:
        """The workspace's settings, as the store holds them (read once, replaced when changed)."""
        return self.store.settings

    @property
    def user(self) -> str:
        """The signed-in person, whom every action is recorded under ("" until someone signs in)."""
        return self.signed_in or ""

    @property
    def currency(self) -> str:
        """The office currency: approval limits and converted amounts are in it."""
        return self.fmt.currency

    def sign_in(self, name: str) -> None:
        self.signed_in = name
        self.changed.emit(Changes.of("people", "invoices"))

    def _initial_person(self) -> str | None:
        """The window opens signed in as the desk's own person when they have no password of their
        own (the computer's login vouches for them); else nobody until someone signs in."""
        from bodesk.errors import BodeskError
        from bodesk.store.people import resolve

        try:
            person = resolve(self.store, self.desk_user)
        except BodeskError:
            return None
        return None if person.has_password else person.name

    def window_state(self) -> QSettings:
        """Where the window keeps its size and splitter positions for this workspace."""
        return QSettings(str(self.workspace.window_state_file), QSettings.Format.IniFormat)

    def remember_splitter(self, splitter: QSplitter, key: str) -> bool:
        """Restore `splitter`'s positions saved under `key` (True when there were some) and save
        them whenever the person moves it."""
        state = self.window_state()
        saved = state.value(f"splitters/{key}")
        restored = isinstance(saved, QByteArray) and splitter.restoreState(saved)

        def save(*_args: object) -> None:
            self.window_state().setValue(f"splitters/{key}", splitter.saveState())

        splitter.splitterMoved.connect(save)
        return bool(restored)
