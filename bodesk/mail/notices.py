"""The mails a checklist sends by itself: the manager told at its milestones, requests to the
people who prepare equipment and accounts, and first-week meetings as calendar invitations.

Each mail is queued under a key naming the checklist and the occasion, so a milestone seen again
(every refresh of the window, every run of a command) never queues a second mail. The outbox
sends them (`bodesk.mail.deliver`).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bodesk.core.invites import Invitation, calendar
from bodesk.core.onboarding import FIRST_WEEK_DAYS, OFFBOARDING, ONBOARDING, REQUEST_CATEGORIES
from bodesk.core.people import name_key
from bodesk.mail.delivery import Attachment, queue_mail
from bodesk.store import Store, outbox
from bodesk.store import onboarding as repo
from bodesk.store.people import people


def _emails(store: Store) -> dict[str, str]:
    return {p.key: p.email for p in people(store) if p.email}


def _day(d: date) -> str:
    return f"{d:%A} {d.day} {d:%B %Y}"


def _task_lines(tasks: list[repo.TaskRow]) -> str:
    return "\n".join(f"- {t.title} (due {_day(t.due_date)}" + (f", {t.owner}" if t.owner else "") + ")" for t in tasks)


def first_week_meetings(hire: repo.HireRow) -> list[repo.TaskRow]:
    end = hire.start_date + timedelta(days=6)
    return [t for t in hire.tasks if t.meeting and hire.start_date <= t.due_date <= end]


def invitations(store: Store, hire: repo.HireRow) -> bytes:
    """The hire's first-week meetings as one .ics file, the hire and the manager invited."""
    emails = _emails(store)
    attendees = []
    if hire.email:
        attendees.append((hire.name, hire.email))
    if hire.manager and name_key(hire.manager) in emails:
        attendees.append((hire.manager, emails[name_key(hire.manager)]))
    events = []
    for t in first_week_meetings(hire):
        assert t.meeting is not None
        hours, minutes = (int(x) for x in t.meeting.time.split(":"))
        start = datetime(t.due_date.year, t.due_date.month, t.due_date.day, hours, minutes)
        events.append(Invitation(f"bodesk-onboarding-task-{t.id}@bodesk", t.title, start, t.meeting.minutes,
                                 tuple(attendees), f"{hire.name}'s {'first' if hire.kind == ONBOARDING else 'last'} week"))
    account = outbox.load_account(store)
    organizer = ("bodesk", account.sender) if account else None
    return calendar(events, organizer)


def on_start(store: Store, hire: repo.HireRow) -> list[str]:
    """Queue what a new checklist sends; returns sentences about anyone who could not be written to."""
    emails = _emails(store)
    problems: list[str] = []
    leaving = hire.kind == OFFBOARDING
    manager_mail = emails.get(name_key(hire.manager or ""))
    if manager_mail:
        verb = "leaves; the last day is" if leaving else "starts on"
        queue_mail(store, key=f"onboarding:{hire.id}:created", to=[manager_mail],
                   subject=f"{hire.name} {'leaves' if leaving else 'starts'} {_day(hire.start_date)}: the checklist is ready",
                   body=f"Hello {hire.manager},\n\n{hire.name} ({hire.role}) {verb} {_day(hire.start_date)}. "
                        f"bodesk has made the {hire.kind} checklist; your tasks:\n\n"
                        + (_task_lines([t for t in hire.tasks if t.owner == hire.manager]) or "- none") + "\n")
    elif hire.manager:
        problems.append(f"{hire.manager} has no mail address; add one (bodesk users change) to send them notices.")
    by_owner: dict[str, list[repo.TaskRow]] = {}
    for t in hire.tasks:
        if t.category in REQUEST_CATEGORIES and t.owner and not t.done:
            by_owner.setdefault(t.owner, []).append(t)
    for owner, tasks in by_owner.items():
        address = emails.get(name_key(owner))
        if not address:
            problems.append(f"{owner} has no mail address; the request for {hire.name}'s "
                            f"{'returns' if leaving else 'equipment and accounts'} was not sent.")
            continue
        what = "close and collect" if leaving else "prepare"
        queue_mail(store, key=f"onboarding:{hire.id}:request:{name_key(owner)}", to=[address],
                   subject=f"{'Leaving' if leaving else 'Joining'}: {hire.name} ({hire.role}), {_day(hire.start_date)}",
                   body=f"Hello {owner},\n\nFor {hire.name}, {hire.role}, {'last' if leaving else 'first'} day "
                        f"{_day(hire.start_date)}, please {what}:\n\n"
                        + _task_lines(tasks) + "\n\nTick each one in bodesk's Onboarding tab when it is done.\n")
    meetings = first_week_meetings(hire)
    to = [a for a in (hire.email, manager_mail) if a]
    if meetings and to and not leaving:
        queue_mail(store, key=f"onboarding:{hire.id}:invites", to=to,
                   subject=f"{hire.name}'s first week: {len(meetings)} meeting(s)",
                   body="The first week's meetings are in the attached calendar file.\n\n" + _task_lines(meetings) + "\n",
                   attachments=(Attachment("first-week.ics", invitations(store, hire), "text/calendar"),))
    return problems


def milestones(store: Store, today: date | None = None) -> int:
    """Queue the manager's notices for milestones reached (day-one blockers all done; the first
    week over); returns how many new ones were queued. Safe to call as often as one likes."""
    today = today or date.today()
    emails = _emails(store)
    queued = 0
    for hire in repo.hires(store):
        address = emails.get(name_key(hire.manager or ""))
        if hire.kind != ONBOARDING or not address:
            continue
        if hire.day_one_ready:
            _, new = queue_mail(store, key=f"onboarding:{hire.id}:day_one_ready", to=[address],
                                subject=f"{hire.name} is ready for day one",
                                body=f"Everything that had to be ready for {hire.name}'s first day "
                                     f"({_day(hire.start_date)}) is done:\n\n"
                                     + _task_lines([t for t in hire.tasks if t.blocks_day_one]) + "\n")
            queued += new
        if today >= hire.start_date + timedelta(days=FIRST_WEEK_DAYS):
            open_tasks = [t for t in hire.tasks if not t.done and t.due_date <= today]
            _, new = queue_mail(store, key=f"onboarding:{hire.id}:first_week", to=[address],
                                subject=f"{hire.name}'s first week", body=(
                                    f"{hire.name}'s first week is over: {hire.done_count} of {len(hire.tasks)} tasks done."
                                    + (f"\n\nStill open:\n\n{_task_lines(open_tasks)}\n" if open_tasks else "\n")))
            queued += new
    return queued
