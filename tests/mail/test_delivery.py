"""Outgoing mail through a real SMTP server (aiosmtpd on 127.0.0.1): sent once, never lost."""

from __future__ import annotations

import ssl
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bodesk.mail import Attachment, deliver, queue_mail
from bodesk.mail.delivery import message_id
from bodesk.mail.smtp import SmtpAccount, try_connection
from bodesk.errors import BodeskError
from bodesk.store import outbox
from tests.smtpd import PASSWORD, USER, free_port, start_server, use_server


@pytest.fixture
def account(store, smtp_server, file_keyring):  # type: ignore[no-untyped-def]
    use_server(store, smtp_server)
    return smtp_server


def test_a_queued_mail_is_sent_once_even_when_queued_and_delivered_again(store, account) -> None:  # type: ignore[no-untyped-def]
    ics = Attachment("week.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    row, new = queue_mail(store, key="hire:1:created", to=["mia@example.com"], subject="Ana starts Monday",
                          body="Her checklist is ready.", attachments=(ics,))
    assert new and row.status == "pending"
    report = deliver(store)
    assert [m.id for m in report.sent] == [row.id] and report.error is None
    (sender, rcpts, msg), = account.received
    assert (sender, rcpts) == ("office@example.com", ["mia@example.com"])
    assert msg["Subject"] == "Ana starts Monday" and msg["From"] == "office@example.com"
    assert [p.get_filename() for p in msg.iter_attachments()] == ["week.ics"]
    assert account.recorder.logins == [USER]

    again, new = queue_mail(store, key="hire:1:created", to=["mia@example.com"], subject="Ana starts Monday", body="x")
    assert not new and again.id == row.id and again.status == "sent"
    assert deliver(store).sent == []
    assert len(account.received) == 1
    (stored,) = outbox.messages(store)
    assert stored.status == "sent" and stored.sent_at is not None and stored.attempts == 1


def test_a_server_that_goes_away_mid_send_keeps_the_mail_for_the_next_run(store, account) -> None:  # type: ignore[no-untyped-def]
    first, _ = queue_mail(store, key="a", to=["a@example.com"], subject="First", body="1")
    second, _ = queue_mail(store, key="b", to=["b@example.com"], subject="Second", body="2")
    account.mode = "drop"
    report = deliver(store)
    assert report.sent == [] and report.waiting == 2
    assert "closed the connection while sending" in report.error
    assert [m.status for m in outbox.messages(store)] == ["pending", "pending"]
    assert outbox.messages(store)[0].last_error

    account.mode = "accept"
    report = deliver(store)
    assert sorted(m.subject for m in report.sent) == ["First", "Second"]
    assert sorted(m["Subject"] for _, _, m in account.received) == ["First", "Second"]
    assert deliver(store).sent == [] and len(account.received) == 2


def test_a_temporary_refusal_is_retried_and_a_permanent_one_is_kept_as_failed(store, account) -> None:  # type: ignore[no-untyped-def]
    queue_mail(store, key="t", to=["a@example.com"], subject="Later", body="1")
    account.mode = "refuse-temporary"
    report = deliver(store)
    assert report.sent == [] and report.waiting == 1 and report.failed == []
    (msg,) = outbox.messages(store)
    assert msg.status == "pending" and "451" in msg.last_error

    account.mode = "refuse"
    queue_mail(store, key="p", to=["b@example.com"], subject="Never", body="2")
    report = deliver(store)
    assert len(report.failed) == 2 and "550" in report.failed[0][1]
    assert {m.status for m in outbox.messages(store)} == {"failed"}
    assert deliver(store).failed == []  # a refused mail is not hammered at the server again

    account.mode = "accept"
    assert outbox.retry_failed(store, actor="Mia") == 2
    assert len(deliver(store).sent) == 2 and len(account.received) == 2


def test_an_unreachable_server_or_wrong_password_leaves_everything_queued(store, account) -> None:  # type: ignore[no-untyped-def]
    queue_mail(store, key="x", to=["a@example.com"], subject="Hello", body="1")
    report = deliver(store, password="wrong")
    assert report.waiting == 1 and "refused the user name or password" in report.error

    row = outbox.load_account(store)
    outbox.save_account(store, outbox.AccountRow(row.host, free_port(), row.user, row.sender, "none", None, row.secret_ref))
    report = deliver(store, timeout=5)
    assert report.waiting == 1 and "Could not reach the mail server" in report.error
    assert [m.status for m in outbox.messages(store)] == ["pending"] and account.received == []


def test_no_account_means_the_mail_waits(store) -> None:  # type: ignore[no-untyped-def]
    queue_mail(store, key="x", to=["a@example.com"], subject="Hello", body="1")
    report = deliver(store)
    assert report.waiting == 1 and "bodesk mail setup" in report.error
    with pytest.raises(BodeskError, match="no address"):
        queue_mail(store, key="y", to=[" "], subject="Nobody", body="1")


def test_a_claim_left_by_a_run_that_died_is_sent_again_later_with_the_same_message_id(store, account) -> None:  # type: ignore[no-untyped-def]
    row, _ = queue_mail(store, key="crash", to=["a@example.com"], subject="Once", body="1")
    assert outbox.claim(store, row.id)  # a run took it, then died before it could say what happened
    assert not outbox.claim(store, row.id)  # nobody else takes it while the claim is fresh
    assert deliver(store).sent == []
    later = datetime.now() + outbox.STALE_CLAIM + timedelta(minutes=1)
    assert [m.id for m in deliver(store, now=later).sent] == [row.id]
    (_, _, msg), = account.received
    assert msg["Message-ID"] == message_id("crash")


def _self_signed(tmp_path: Path) -> tuple[ssl.SSLContext, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    import ipaddress

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now().astimezone()
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    return context, cert_file


def test_starttls_checks_the_servers_certificate(tmp_path: Path) -> None:
    context, cert_file = _self_signed(tmp_path)
    server = start_server(tls_context=context)
    try:
        plain = SmtpAccount(server.host, server.port, USER, "office@example.com", "starttls")
        with pytest.raises(BodeskError, match="could not be verified"):
            try_connection(plain, PASSWORD, timeout=5)
        trusted = SmtpAccount(server.host, server.port, USER, "office@example.com", "starttls", str(cert_file))
        assert "Connected to" in try_connection(trusted, PASSWORD, timeout=5)
        assert server.recorder.logins == [USER]
    finally:
        server.controller.stop()
