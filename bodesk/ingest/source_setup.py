"""Setting up intake sources: the one place that adds, changes, tests and removes watched folders and
mailboxes, for the command line and the window alike.

It owns the rules around them: a watched folder may not hold the workspace; a mailbox's password goes
to the OS keyring first (never a source without its password, never a password anywhere else), follows
the source when its server or user changes, and leaves the keyring with it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bodesk.errors import BodeskError
from bodesk.ingest.folders import FolderScanner, FolderSettings, refuse_self_watch
from bodesk.ingest.imap import MailboxSettings, try_connection
from bodesk.secrets import delete_secret, get_secret, set_secret
from bodesk.store import Store
from bodesk.store import sources as db


def _checked(store: Store, kind: str, settings: dict[str, Any]) -> None:
    if kind == "folder":
        refuse_self_watch(FolderSettings.from_json(settings), store.workspace.root)


def add_folder(store: Store, settings: FolderSettings, name: str | None = None) -> db.SourceInfo:
    folder = Path(settings.path)
    if not folder.is_dir():
        raise BodeskError(f"{folder} is not a folder (or does not exist).")
    _checked(store, "folder", settings.to_json())
    return db.add_source(store, "folder", name or folder.name or str(folder), settings.to_json())


def add_mailbox(store: Store, settings: MailboxSettings, secret: str, name: str | None = None) -> db.SourceInfo:
    if not secret:
        raise BodeskError("A mailbox needs its password (or access token).")
    set_secret(settings.secret_ref, secret)  # the keyring first: never a source without its password
    return db.add_source(store, "imap", name or settings.label, settings.to_json())


def add(store: Store, kind: str, name: str, settings: dict[str, Any], secret: str | None = None) -> db.SourceInfo:
    """A source as the window's form gives it (settings as JSON)."""
    if kind == "imap":
        return add_mailbox(store, MailboxSettings.from_json(settings), secret or "", name)
    return add_folder(store, FolderSettings.from_json(settings), name)


def change(store: Store, source: db.SourceInfo, name: str, settings: dict[str, Any], secret: str | None = None) -> db.SourceInfo:
    """Save a source's new name and settings; a new password replaces the old one, and the password
    moves with the source when its keyring entry's name changes (another user or server)."""
    _checked(store, source.kind, settings)
    new_ref, old_ref = settings.get("secret_ref"), source.settings.get("secret_ref")
    if secret and new_ref:
        set_secret(new_ref, secret)
    elif new_ref and old_ref and old_ref != new_ref:
        existing = get_secret(old_ref)
        if existing:
            set_secret(new_ref, existing)
    info = db.update_source(store, source.id, name=name, settings=settings)
    if old_ref and new_ref and old_ref != new_ref:
        delete_secret(old_ref)
    return info


def remove(store: Store, source_id: int) -> db.SourceInfo:
    """Remove a source and its ledger (its documents stay) and its password from the keyring."""
    info = db.remove_source(store, source_id)
    if info.settings.get("secret_ref"):
        delete_secret(info.settings["secret_ref"])
    return info


def test(kind: str, settings: dict[str, Any], secret: str | None = None) -> str:
    """Try a source: a sentence saying what was found (an `EnvironmentProblem` says what is wrong)."""
    if kind == "folder":
        scanner = FolderScanner(FolderSettings.from_json(settings))
        ready = scanner.scan()
        return f"The folder can be read: {len(ready)} document(s) ready, {scanner.waiting} still being written."
    mailbox = MailboxSettings.from_json(settings)
    return try_connection(mailbox, secret if secret is not None else get_secret(mailbox.secret_ref))
