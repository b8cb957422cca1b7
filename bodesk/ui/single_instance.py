"""One window per workspace: a second `bodesk` on the same workspace brings the first one forward.

The first instance listens on a local socket (a named pipe on Windows) whose name is derived from
the workspace path and the user; a second instance connects, sends `raise`, waits for `ok` and
exits. Two windows on one workspace would both write its database and import the same folders.

A crash leaves the socket file behind on Linux and macOS; it then refuses connections, so a
failed connection means "nobody is there" and the stale file is removed before listening.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import sys
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

RAISE = b"raise\n"
ACK = b"ok\n"
TIMEOUT_MS = 1500


def server_name(workspace_root: Path) -> str:
    """A short name (a Unix socket path has ~100 characters at most) unique to user and workspace."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name in a minimal container
        user = "?"
    key = f"{user}\0{workspace_root.resolve()}"
    if sys.platform == "win32":
        key = key.lower()  # paths are case-insensitive there
    return "bodesk-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


class SingleInstance(QObject):
    """The guard for one workspace: `forward_to_running()` in a second instance, `listen()` in the first."""

    raise_requested = Signal()

    def __init__(self, workspace_root: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(workspace_root)
        self.server: QLocalServer | None = None

    def forward_to_running(self) -> bool:
        """If an instance already has this workspace open, ask it to come forward; True if one does."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(TIMEOUT_MS):
            return False  # nobody listening (or only a stale socket file left by a crash)
        socket.write(RAISE)
        socket.waitForBytesWritten(TIMEOUT_MS)
        # The answer only tells us the first window is alive; it was asked either way.
        if not (socket.bytesAvailable() or socket.waitForReadyRead(TIMEOUT_MS)):
            log.warning("the running bodesk did not answer the request to come forward")
        socket.disconnectFromServer()
        return True

    def listen(self) -> bool:
        """Become the instance others forward to; False (and the app runs unguarded) if that fails."""
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            QLocalServer.removeServer(self.name)  # a stale socket file from a crashed instance
            if not server.listen(self.name):
                log.warning("single-instance guard unavailable: %s", server.errorString())
                return False
        server.newConnection.connect(self._accept)
        self.server = server
        return True

    def close(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None

    def _accept(self) -> None:
        assert self.server is not None
        while (socket := self.server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(RAISE.strip()):
            socket.write(ACK)
            socket.flush()
            self.raise_requested.emit()


def bring_forward(window) -> None:  # type: ignore[no-untyped-def]
    """Show `window` un-minimised and on top; the window manager may only flash it in the taskbar."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
