"""Secrets go to a real keyring backend (a file in a temp folder here), and nowhere else."""

from __future__ import annotations

import io
import json
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring
from keyrings.alt.file import PlaintextKeyring

from bodesk.cli import main
from bodesk.errors import EnvironmentProblem
from bodesk.secrets import delete_secret, get_secret, set_secret



def test_round_trip_through_the_keyring(file_keyring: PlaintextKeyring) -> None:
    set_secret("imap:office@example.com", "s3cret-pass")
    assert get_secret("imap:office@example.com") == "s3cret-pass"
    assert Path(file_keyring.file_path).exists(), "stored by the keyring backend"
    delete_secret("imap:office@example.com")
    delete_secret("imap:office@example.com")  # twice is fine
    assert get_secret("imap:office@example.com") is None


def test_a_mailbox_password_is_nowhere_in_the_workspace(file_keyring: PlaintextKeyring, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """Adding a mailbox as a person does (password on standard input) and using the workspace after:
    the password is in the keyring file and in no file of the workspace (database, WAL, settings, logs)."""
    home = tmp_path / "ws"
    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-pass\n"))
    assert main(["--home", str(home), "source", "add-imap", "--host", "mail.example.com", "--port", "993",
                 "--user", "office@example.com", "--no-test"]) == 0
    capsys.readouterr()
    assert main(["--home", str(home), "source", "list", "--json"]) == 0
    (source,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert main(["--home", str(home), "settings", "set", "office.name", "Acme", "--by", "Founder"]) == 0
    files = [p for p in home.rglob("*") if p.is_file()]
    assert any(p.suffix == ".sqlite3" for p in files) and any(p.suffix == ".log" for p in files)
    assert [p.name for p in files if b"s3cret-pass" in p.read_bytes()] == []
    assert get_secret(source["settings"]["secret_ref"]) == "s3cret-pass"


def test_no_keyring_is_a_sentence_not_a_fallback(tmp_path: Path) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(FailKeyring())
    try:
        with pytest.raises(EnvironmentProblem, match="never stores passwords anywhere else"):
            set_secret("imap:x", "pw")
    finally:
        keyring.set_keyring(previous)
