"""First-week meetings as an iCalendar file (RFC 5545) that any calendar can import or accept.

Each meeting is a VEVENT with a stable UID (the checklist task it comes from), so a file sent
again after the start date moved updates the events instead of adding new ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from icalendar import Calendar, Event, vCalAddress, vText

from bodesk import __version__


@dataclass(frozen=True)
class Invitation:
    uid: str
    title: str
    start: datetime  # local time of the office
    minutes: int
    attendees: tuple[tuple[str, str], ...]  # (name, email)
    description: str = ""


def calendar(invitations: list[Invitation], organizer: tuple[str, str] | None = None, *, method: str = "REQUEST") -> bytes:
    """The invitations as one .ics file."""
    cal = Calendar()
    cal.add("prodid", f"-//bodesk//bodesk {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("method", method)
    stamp = datetime.now().astimezone()
    for inv in invitations:
        event = Event()
        event.add("uid", inv.uid)
        event.add("dtstamp", stamp)
        event.add("summary", inv.title)
        event.add("dtstart", inv.start)
        event.add("dtend", inv.start + timedelta(minutes=inv.minutes))
        if inv.description:
            event.add("description", inv.description)
        if organizer:
            org = vCalAddress(f"mailto:{organizer[1]}")
            org.params["cn"] = vText(organizer[0])
            event["organizer"] = org
        for name, email in inv.attendees:
            who = vCalAddress(f"mailto:{email}")
            who.params["cn"] = vText(name)
            who.params["role"] = vText("REQ-PARTICIPANT")
            who.params["rsvp"] = vText("TRUE")
            event.add("attendee", who, encode=0)
        cal.add_component(event)
    return cal.to_ical()
