"""Shared test setup: Qt offscreen, an isolated workspace per test, a keyring in a temp file."""

from __future__ import annotations

import os

# Without a display Qt would abort the whole run; offscreen is the default for tests.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from collections.abc import Callable, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from bodesk.paths import HOME_ENV, Workspace  # noqa: E402
from bodesk.store import Store, open_store  # noqa: E402
from tests.smtpd import smtp_server  # noqa: E402,F401  (a real SMTP server for any test that asks)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test ever touches the developer's own workspace."""
    monkeypatch.setenv(HOME_ENV, str(tmp_path_factory.mktemp("home")))
    # A new workspace's first person is named after the login: "Founder" (founder and admin) in tests.
    for variable in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.setenv(variable, "Founder")


@pytest.fixture(autouse=True)
def _no_modal_message_boxes(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A message box nobody expected fails the test with its text instead of waiting for a click that
    never comes on the offscreen screen. A test that expects one patches it itself (after this)."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []

    def record(kind: str) -> Callable[..., QMessageBox.StandardButton]:
        def box(_parent: object, title: str, text: str, *_args: object, **_kw: object) -> QMessageBox.StandardButton:
            shown.append(f"{kind} «{title}»: {text}")
            return QMessageBox.StandardButton.Cancel if kind == "question" else QMessageBox.StandardButton.Ok

        return box

    for kind in ("warning", "critical", "information", "question"):
        monkeypatch.setattr(QMessageBox, kind, record(kind))

    def execute(box: QMessageBox) -> int:
        shown.append(f"message box «{box.windowTitle()}»: {box.text()}")
        return int(QMessageBox.StandardButton.Cancel)

    monkeypatch.setattr(QMessageBox, "exec", execute)
    yield
    if shown:
        pytest.fail("unexpected message box: " + " | ".join(shown))


#: The shared test corpus: ../shared/corpus beside the checkout, or $BODESK_CORPUS.
CORPUS = Path(os.environ.get("BODESK_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpus"))


@pytest.fixture
def corpus() -> Callable[[str], Path]:
    """A folder of the shared test corpus of real documents. Where it is missing the test is skipped on a
    developer's machine, and fails in CI (`CI` set): a green CI must have read the real documents."""

    def folder(name: str) -> Path:
        path = CORPUS / name
        if not path.exists():
            message = f"the shared corpus {path} is missing"
            if os.environ.get("CI"):
                pytest.fail(message + " (CI must run the corpus tests)")
            pytest.skip(message)
        return path

    return folder


@pytest.fixture
def file_keyring(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A real keyring backend writing to a temp file; the developer's own keychain is never touched."""
    import keyring
    from keyrings.alt.file import EncryptedKeyring

    previous = keyring.get_keyring()
    ring = EncryptedKeyring()  # encrypted with a master password, as bodesk requires of a file keyring
    ring.file_path = str(tmp_path / "keyring.cfg")
    ring.keyring_key = "the master password a person would type"
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace.at(tmp_path / "ws").ensure()


@pytest.fixture
def store(workspace: Workspace):
    s: Store = open_store(workspace)
    yield s
    s.close()
