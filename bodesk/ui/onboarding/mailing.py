"""Sending what onboarding queued, off the GUI thread; the outcome goes to the status bar."""

from __future__ import annotations

from bodesk.ui.context import AppContext


def _deliver(_job, store):  # type: ignore[no-untyped-def]
    from bodesk.mail import deliver

    return deliver(store)


def send_queued(ctx: AppContext) -> None:
    """Deliver the outbox in the background when a mail account is set; a problem is a status
    message and the mails wait for the next try."""
    from bodesk.store.outbox import load_account

    if load_account(ctx.store) is None:
        return

    def done(report) -> None:  # type: ignore[no-untyped-def]
        if report.sent or report.error:
            ctx.status_message.emit(report.sentence())

    def failed(sentence: str, _trace: str) -> None:
        ctx.status_message.emit(f"Mail not sent: {sentence}")

    ctx.runner.run("Send mail", _deliver, ctx.store, on_done=done, on_error=failed)
