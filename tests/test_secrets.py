"""Secrets go to a real keyring backend (a file in a temp folder here), and nowhere else."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring
from keyrings.alt.file import PlaintextKeyring

from bodesk.errors import EnvironmentProblem
from bodesk.secrets import delete_secret, get_secret, set_secret



def test_round_trip_through_the_keyring(file_keyring: PlaintextKeyring, workspace) -> None:  # type: ignore[no-untyped-def]
    set_secret("imap:office@example.com", "s3cret-pass")
    assert get_secret("imap:office@example.com") == "s3cret-pass"
    assert Path(file_keyring.file_path).exists(), "stored by the keyring backend"
    for path in workspace.root.rglob("*"):
        if path.is_file():
            assert b"s3cret-pass" not in path.read_bytes()
    delete_secret("imap:office@example.com")
    delete_secret("imap:office@example.com")  # twice is fine
    assert get_secret("imap:office@example.com") is None


def test_no_keyring_is_a_sentence_not_a_fallback(tmp_path: Path) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(FailKeyring())
    try:
        with pytest.raises(EnvironmentProblem, match="never stores passwords anywhere else"):
            set_secret("imap:x", "pw")
    finally:
        keyring.set_keyring(previous)
