"""`bodesk mail setup|send|outbox|retry` against a real SMTP server; the password only in the keyring."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest

from bodesk.cli import main
from bodesk.mail import queue_mail
from bodesk.paths import Workspace
from bodesk.secrets import get_secret
from bodesk.store import open_store
from tests.smtpd import PASSWORD, USER


def _setup(home: str, server, password: str, monkeypatch: pytest.MonkeyPatch) -> int:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return main(["--home", home, "mail", "setup", "--host", server.host, "--port", str(server.port),
                 "--user", USER, "--from", "office@example.com", "--security", "none"])


def test_setup_keeps_the_password_in_the_keyring_and_send_delivers_the_outbox(
    tmp_path: Path, smtp_server, file_keyring, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]  # type: ignore[no-untyped-def]
) -> None:
    home = str(tmp_path / "ws")
    assert _setup(home, smtp_server, "wrong", monkeypatch) == 1
    assert "refused the user name or password" in capsys.readouterr().err
    assert _setup(home, smtp_server, PASSWORD, monkeypatch) == 0
    assert "password is in the keyring" in capsys.readouterr().out
    assert get_secret(f"smtp:{USER}@{smtp_server.host}:{smtp_server.port}") == PASSWORD
    db = Workspace.at(home).database
    assert not [f for f in Path(home).rglob("*") if f.is_file() and PASSWORD.encode() in f.read_bytes()]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT user, sender, security FROM mail_account").fetchall() == [(USER, "office@example.com", "none")]

    store = open_store(Workspace.at(home))
    queue_mail(store, key="k1", to=["it@example.com"], subject="Laptop for Ana", body="Please order one.")
    store.close()
    assert main(["--home", home, "mail", "send", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"sent": 1, "failed": 0, "waiting": 0, "error": None}
    assert main(["--home", home, "mail", "send"]) == 0
    assert [m["Subject"] for _, _, m in smtp_server.received] == ["Laptop for Ana"]
    capsys.readouterr()
    assert main(["--home", home, "mail", "outbox", "--json"]) == 0
    (rec,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rec["status"] == "sent" and rec["to"] == ["it@example.com"]


def test_setup_refuses_a_sender_that_is_not_an_address(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--home", str(tmp_path), "mail", "setup", "--host", "h", "--user", "u", "--from", "office"]) == 1
    assert "is not a mail address" in capsys.readouterr().err


def test_send_says_why_nothing_went_out(tmp_path: Path, smtp_server, file_keyring, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    home = str(tmp_path / "ws")
    assert _setup(home, smtp_server, PASSWORD, monkeypatch) == 0
    store = open_store(Workspace.at(home))
    queue_mail(store, key="k1", to=["it@example.com"], subject="Refused", body="x")
    store.close()
    smtp_server.mode = "refuse"
    capsys.readouterr()
    assert main(["--home", home, "mail", "send"]) == 1
    captured = capsys.readouterr()
    assert "1 refused by the server" in captured.out and "550" in captured.err
    smtp_server.mode = "accept"
    assert main(["--home", home, "mail", "retry", "--by", "Mia"]) == 0
    assert main(["--home", home, "mail", "send"]) == 0
    assert [m["Subject"] for _, _, m in smtp_server.received] == ["Refused"]
