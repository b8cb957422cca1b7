"""Bookkeeping in the window: the booking panel of the inbox, the Export… dialog, the chart of accounts."""

from bodesk.ui.books.booking_panel import BookingPanel

__all__ = ["BookingPanel"]
