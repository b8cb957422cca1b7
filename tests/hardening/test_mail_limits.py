"""Reading a mail's body costs time in proportion to its size (capped), never quadratic time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import resource, sys
resource.setrlimit(resource.RLIMIT_CPU, (20, 20))  # quadratic scanning of these mails would need hours
from email.message import EmailMessage
from bodesk.ingest.mail import parse_mail, looks_like_invoice

def mail(body, subtype="plain"):
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "a@example.com", "office@example.com", "Hello"
    msg.set_content(body, subtype=subtype)
    return bytes(msg)

digits = "invoice total " + "1" * 2_000_000
spaced = "receipt amount " + "1 " * 1_000_000
html = "<p>invoice total</p>" + "<script>" * 200_000 + "1" * 100_000
for raw in (mail(digits), mail(spaced), mail(html, "html")):
    parsed = parse_mail(raw)
    print(len(parsed.documents), parsed.reason)
print(looks_like_invoice("Invoice 42, total due 1,234.50 EUR"), looks_like_invoice("see you at 12.30 tomorrow"))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_CPU is POSIX")
def test_huge_mail_bodies_are_scanned_in_bounded_cpu_time() -> None:
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, f"killed or failed (CPU limit 20 s): {done.returncode} {done.stderr[-500:]}"
    lines = done.stdout.splitlines()
    assert lines[-1] == "True False", "a bill in a mail is still recognised, a time of day is not an amount"
