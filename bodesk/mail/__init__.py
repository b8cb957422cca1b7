"""Outgoing mail: composing messages, the SMTP conversation, and delivering the outbox.

No Qt, no SQL (the outbox lives in `bodesk.store.outbox`). Onboarding and reminders queue their
messages with `queue_mail` and any run of bodesk delivers them with `deliver`; a message that could
not be sent stays queued and goes out on a later run.
"""

from bodesk.mail.delivery import DeliveryReport, Attachment, deliver, queue_mail
from bodesk.mail.smtp import SmtpAccount, try_connection

__all__ = ["Attachment", "DeliveryReport", "SmtpAccount", "deliver", "queue_mail", "try_connection"]
