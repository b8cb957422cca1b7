"""The Inbox tab: every document and invoice, with its extracted fields beside the page."""

from bodesk.ui.inbox.model import InboxModel
from bodesk.ui.inbox.view import InboxView

__all__ = ["InboxModel", "InboxView"]
