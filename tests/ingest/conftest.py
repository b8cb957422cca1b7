"""A real Dovecot IMAP server on 127.0.0.1 for the intake tests, and a keyring in a temp file.

Dovecot (Debian package `dovecot-imapd`, installed by `make test`) runs from a config in a temp
folder readable by its `dovecot` user, with passwd-file users, Maildir under the temp folder,
mail owned by nobody/nogroup (it refuses uid 0), plain IMAP (with STARTTLS) and IMAPS on free
high ports, and a self-signed certificate made here with IP:127.0.0.1 as alternative name.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from imapclient import IMAPClient

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"


@dataclass
class Dovecot:
    """A running server: where to reach it and how to put mail into it."""

    root: Path
    plain_port: int
    ssl_port: int
    cafile: Path
    users: dict[str, str]

    def client(self, user: str) -> IMAPClient:
        client = IMAPClient("127.0.0.1", port=self.plain_port, ssl=False, timeout=10)
        client.login(user, self.users[user])
        return client

    def append(self, user: str, messages: list[bytes], folder: str = "INBOX") -> None:
        client = self.client(user)
        try:
            if not client.folder_exists(folder):
                client.create_folder(folder)
            for raw in messages:
                client.append(folder, raw)
        finally:
            client.logout()

    def reset(self, user: str) -> None:
        """Empty the user's mailbox: a fresh Maildir (and so a new UIDVALIDITY)."""
        shutil.rmtree(self.root / "mail" / user, ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(port: int, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    text = log.read_text(errors="replace") if log.exists() else ""
    raise RuntimeError(f"Dovecot did not start on port {port}:\n{text[-3000:]}")


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    if not Path(DOVECOT).exists():
        pytest.fail("Dovecot is not installed (Debian package dovecot-imapd); `make test` installs it.", pytrace=False)
    root = Path(tempfile.mkdtemp(prefix="bodesk-dovecot-"))
    root.chmod(0o755)
    as_root = os.geteuid() == 0
    me = pwd.getpwuid(os.geteuid()).pw_name
    mail_user, mail_group = ("nobody", "nogroup") if as_root else (me, me)
    users = {"office": "office-pass-1", "other": "other-pass-2"}
    (root / "passwd").write_text("".join(f"{u}:{{PLAIN}}{p}::::::\n" for u, p in users.items()))
    mail = root / "mail"
    mail.mkdir()
    mail.chmod(0o777)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(root / "key.pem"), "-out", str(root / "cert.pem")],
        check=True, capture_output=True,
    )
    for name in ("passwd", "key.pem", "cert.pem"):
        (root / name).chmod(0o644)
    plain_port, ssl_port = _free_port(), _free_port()
    internal = "" if as_root else f"default_internal_user = {me}\ndefault_login_user = {me}\n"
    (root / "dovecot.conf").write_text(f"""
{internal}base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
listen = 127.0.0.1
protocols = imap
ssl = yes
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
disable_plaintext_auth = no
auth_failure_delay = 0
login_trusted_networks = 127.0.0.0/8
auth_mechanisms = plain login
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={mail_user} gid={mail_group} home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {plain_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {ssl_port}
    ssl = yes
  }}
}}
service anvil {{
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
""")
    (root / "dovecot.conf").chmod(0o644)
    log = root / "dovecot.log"
    with open(root / "stderr.log", "wb") as errors:
        proc = subprocess.Popen([DOVECOT, "-F", "-c", str(root / "dovecot.conf")], stdout=subprocess.DEVNULL, stderr=errors)
    try:
        _wait_for(plain_port, proc, root / "stderr.log")
        _wait_for(ssl_port, proc, log)
        yield Dovecot(root, plain_port, ssl_port, root / "cert.pem", users)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(root, ignore_errors=True)

