"""The one home for secrets: passwords and tokens live only in the operating system's keyring.

Nothing secret is ever written to the database, the settings file or the log. A secret is
addressed by a key such as "imap:office@example.com@mail.example.com:993#1f2e3d4c5b6a" (the last
part makes it one source's own: two mailboxes of one user on one server never share an entry);
the service name is "bodesk" so the user finds them together in their keychain. A backend that
keeps secrets in a plain file (keyrings.alt's PlaintextKeyring) is refused with a sentence.
"""

from __future__ import annotations

import logging

import keyring
import keyring.backend
from keyring.errors import KeyringError, NoKeyringError, PasswordDeleteError

from bodesk import APP_NAME
from bodesk.errors import EnvironmentProblem

log = logging.getLogger(__name__)

NO_KEYRING = (
    "No keyring is available to keep passwords safely on this computer. On Linux, install and unlock "
    "GNOME Keyring or KWallet; bodesk never stores passwords anywhere else."
)
PLAINTEXT_KEYRING = (
    "The only keyring on this computer ({name}) keeps passwords in a plain file, so bodesk did not store the "
    "password there. Install and unlock a real keyring: GNOME Keyring (package gnome-keyring) or KWallet on a "
    "Linux desktop; on a server without a desktop, the encrypted file keyring keyrings.cryptfile "
    "(pip install keyrings.cryptfile), which is unlocked with a master password you type."
)


def _plaintext(backend: object) -> bool:
    """A backend that writes secrets readable by anyone who can read the file (or drops them)."""
    name = type(backend).__name__.lower()
    module = type(backend).__module__
    return "plaintext" in name or module.startswith(("keyring.backends.null", "keyring.backends.fail"))


def _safe_backends() -> list[keyring.backend.KeyringBackend]:
    """The keyring backends that may hold a secret, best first; a sentence when there is none."""
    ring = keyring.get_keyring()
    backends = list(getattr(ring, "backends", None) or [ring])  # a chain tries each in turn
    safe = [b for b in backends if not _plaintext(b)]
    if not safe:
        unsafe = [b for b in backends if "plaintext" in type(b).__name__.lower()]
        if unsafe:
            raise EnvironmentProblem(PLAINTEXT_KEYRING.format(name=f"{type(unsafe[0]).__module__}.{type(unsafe[0]).__name__}"))
        raise EnvironmentProblem(NO_KEYRING)
    return safe


def set_secret(key: str, value: str) -> None:
    """Store a secret in the first keyring backend that keeps it safe; never in a plaintext file."""
    problem: Exception | None = None
    for backend in _safe_backends():
        try:
            backend.set_password(APP_NAME, key, value)
        except NoKeyringError as exc:
            problem = problem or exc
            continue
        except KeyringError as exc:
            problem = exc
            continue
        log.info("secret stored for %s", key)  # the key names the account, never the value
        return
    if isinstance(problem, KeyringError) and not isinstance(problem, NoKeyringError):
        raise EnvironmentProblem(f"The keyring refused to store the password ({type(problem).__name__}).") from problem
    raise EnvironmentProblem(NO_KEYRING) from problem


def get_secret(key: str) -> str | None:
    try:
        return keyring.get_password(APP_NAME, key)
    except NoKeyringError as exc:
        raise EnvironmentProblem(NO_KEYRING) from exc
    except KeyringError as exc:
        raise EnvironmentProblem(f"The keyring could not be read ({type(exc).__name__}).") from exc


def delete_secret(key: str) -> None:
    try:
        keyring.delete_password(APP_NAME, key)
    except PasswordDeleteError:
        pass  # already gone: what the caller wanted
    except NoKeyringError as exc:
        raise EnvironmentProblem(NO_KEYRING) from exc
