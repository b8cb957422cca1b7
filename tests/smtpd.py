"""A real SMTP server for tests: aiosmtpd on 127.0.0.1, recording what it accepts.

`server.mode` says how it answers the next mails: "accept", "refuse-temporary" (451),
"refuse" (550) or "drop" (closes the connection in the middle of the DATA step, after the
message was transferred but before the answer).
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from email.policy import default

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER, PASSWORD = "office@example.com", "s3cret-pass"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Recorder:
    mode: str = "accept"
    received: list[tuple[str, list[str], Message]] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        if self.mode == "refuse-temporary":
            return "451 4.3.0 Try again later"
        if self.mode == "refuse":
            return "550 5.7.1 Message rejected"
        if self.mode == "drop":
            server.transport.close()
            return "421 closing"
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=default)))
        return "250 OK"

    def authenticate(self, server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
        ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == USER and auth_data.password.decode() == PASSWORD
        if ok:
            self.logins.append(USER)
        return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535 itself

    def to(self, address: str) -> list[Message]:
        return [m for _, rcpts, m in self.received if address in rcpts]


@dataclass
class SmtpServer:
    host: str
    port: int
    recorder: Recorder
    controller: Controller

    @property
    def received(self) -> list[tuple[str, list[str], Message]]:
        return self.recorder.received

    @property
    def mode(self) -> str:
        return self.recorder.mode

    @mode.setter
    def mode(self, value: str) -> None:
        self.recorder.mode = value


def start_server(tls_context=None) -> SmtpServer:  # type: ignore[no-untyped-def]
    recorder = Recorder()
    kwargs = {"tls_context": tls_context, "require_starttls": True} if tls_context else {}
    controller = Controller(
        recorder, hostname="127.0.0.1", port=free_port(), authenticator=recorder.authenticate,
        auth_require_tls=tls_context is not None, **kwargs,
    )
    controller.start()
    return SmtpServer("127.0.0.1", controller.port, recorder, controller)


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A plain SMTP server that asks for USER / PASSWORD (AUTH offered without TLS: loopback only)."""
    server = start_server()
    yield server
    server.controller.stop()


def use_server(store, server: SmtpServer, sender: str = "office@example.com", password: str = PASSWORD) -> None:  # type: ignore[no-untyped-def]
    """Make `server` the workspace's sending account, its password in the (test) keyring."""
    from bodesk.secrets import set_secret
    from bodesk.store.outbox import AccountRow, save_account

    ref = f"smtp:{USER}@{server.host}:{server.port}"
    set_secret(ref, password)
    save_account(store, AccountRow(server.host, server.port, USER, sender, "none", None, ref))
