"""The one home for secrets: passwords and tokens live only in the operating system's keyring.

Nothing secret is ever written to the database, the settings file or the log. A secret is
addressed by a key such as "imap:office@example.com@mail.example.com"; the service name is
"bodesk" so the user finds them together in their keychain.
"""

from __future__ import annotations

import logging

import keyring
from keyring.errors import KeyringError, NoKeyringError, PasswordDeleteError

from bodesk import APP_NAME
from bodesk.errors import EnvironmentProblem

log = logging.getLogger(__name__)

NO_KEYRING = (
    "No keyring is available to keep passwords safely on this computer. On Linux, install and unlock "
    "GNOME Keyring or KWallet; bodesk never stores passwords anywhere else."
)


def set_secret(key: str, value: str) -> None:
    try:
        keyring.set_password(APP_NAME, key, value)
    except NoKeyringError as exc:
        raise EnvironmentProblem(NO_KEYRING) from exc
    except KeyringError as exc:
        raise EnvironmentProblem(f"The keyring refused to store the password ({type(exc).__name__}).") from exc
    log.info("secret stored for %s", key)  # the key names the account, never the value


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
