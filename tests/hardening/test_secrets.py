"""Secrets: never in a plaintext file, one keyring entry per mailbox, never printed."""

from __future__ import annotations

import io
from pathlib import Path

import keyring
import pytest
from keyring.backends.chainer import ChainerBackend
from keyrings.alt.file import EncryptedKeyring, PlaintextKeyring

from bodesk import cli
from bodesk.errors import EnvironmentProblem
from bodesk.secrets import get_secret, set_secret
from bodesk.store import Store
from bodesk.store import sources as db


@pytest.fixture
def plaintext_only(tmp_path: Path):  # type: ignore[no-untyped-def]
    previous = keyring.get_keyring()
    ring = PlaintextKeyring()
    ring.file_path = str(tmp_path / "plain.cfg")
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


def test_a_plaintext_keyring_is_refused_with_what_to_install(plaintext_only: PlaintextKeyring) -> None:
    with pytest.raises(EnvironmentProblem) as info:
        set_secret("imap:office@mail.example.com:993#a", "s3cret-pass")
    message = str(info.value)
    assert "plain file" in message and "gnome-keyring" in message and "keyrings.cryptfile" in message
    assert "s3cret-pass" not in message
    assert not Path(plaintext_only.file_path).exists() or b"s3cret" not in Path(plaintext_only.file_path).read_bytes()


def test_a_chain_with_a_plaintext_backend_stores_in_the_safe_one(tmp_path: Path) -> None:
    plain, safe = PlaintextKeyring(), EncryptedKeyring()
    plain.file_path, safe.file_path = str(tmp_path / "plain.cfg"), str(tmp_path / "safe.cfg")
    safe.keyring_key = "master"
    chain = type("Chain", (ChainerBackend,), {"backends": [plain, safe]})()  # plaintext first
    previous = keyring.get_keyring()
    keyring.set_keyring(chain)
    try:
        set_secret("imap:a#1", "s3cret-pass")
    finally:
        keyring.set_keyring(previous)
    assert safe.get_password("bodesk", "imap:a#1") == "s3cret-pass"
    assert not Path(plain.file_path).exists()


def test_two_mailboxes_of_one_user_on_one_server_keep_their_own_passwords(
        store: Store, file_keyring, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    home = str(store.workspace.root)
    for folder, password in (("INBOX", "first-pass"), ("Invoices", "second-pass")):
        monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
        assert cli.main(["--home", home, "source", "add-imap", "--host", "127.0.0.1", "--port", "1", "--user", "office",
                         "--folder", folder, "--no-test"]) == 0
    first, second = db.list_sources(store)
    assert first.settings["secret_ref"] != second.settings["secret_ref"]
    assert get_secret(first.settings["secret_ref"]) == "first-pass"
    assert get_secret(second.settings["secret_ref"]) == "second-pass"
    assert cli.main(["--home", home, "source", "remove", str(first.id)]) == 0
    assert get_secret(second.settings["secret_ref"]) == "second-pass", "removing one keeps the other's password"
    out = capsys.readouterr()
    logs = "".join(p.read_text(errors="replace") for p in store.workspace.logs.glob("*.log"))
    for secret in ("first-pass", "second-pass"):
        assert secret not in out.out + out.err + logs
        assert secret.encode() not in store.workspace.database.read_bytes()
