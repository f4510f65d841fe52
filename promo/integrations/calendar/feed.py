"""What a person's calendar feed says: their impact check-ins, the review rounds waiting
for their feedback and the target date of their case, as all-day events.

Each event carries only a title, a day and a link into promo: a feed is read by a
calendar app (often someone else's servers), so nothing is in it that the page behind the
link does not show the same person, and no body, note or verdict at all.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event

from promo.models import Candidacy, ImpactCheckIn
from reviews.access import rounds_shared_with
from reviews.models import ReviewRound

PRODID = "-//promo//calendar feed//EN"


@dataclass(frozen=True)
class FeedEvent:
    uid: str  # stable for the same thing, so a calendar updates it instead of adding one
    day: date
    title: str
    path: str


def _uid(kind, pk):
    host = urlsplit(settings.SITE_URL).hostname or "promo"
    return f"{kind}-{pk}@{host}"


def _checkin_events(person):
    """Pending check-ins of the person's evidence (not in the trash), on the day each is
    due, or the day its snooze ends."""
    checkins = (
        ImpactCheckIn.objects.live()
        .pending()
        .filter(artifact__owner_id=person.pk)
        .select_related("artifact")
        .only("pk", "due_on", "snoozed_until", "offset_days", "artifact__title")
    )
    return [
        FeedEvent(
            uid=_uid("checkin", c.pk),
            day=max(c.due_on, c.snoozed_until or c.due_on),
            title=f"Impact check-in: {c.artifact.title}",
            path=reverse("checkin_record", args=[c.pk]),
        )
        for c in checkins
    ]


def _review_events(person):
    """Rounds of other people's promo docs that the person may read now and that still
    wait for feedback (the home page's "drafts waiting for you"), on the day each opened."""
    rounds = rounds_shared_with(person).filter(status=ReviewRound.Status.OPEN)
    return [
        FeedEvent(
            uid=_uid("review-round", r.pk),
            day=r.opened_at.astimezone(person.zone).date(),
            title=f"Review {r.document.candidacy.person}'s promo doc (version {r.version.number})",
            path=reverse("reviews_round", args=[r.pk]),
        )
        for r in rounds
    ]


def _case_events(person):
    candidacy = Candidacy.objects.select_related("target_level").open_for(person)
    if candidacy is None or candidacy.target_date is None:
        return []
    return [
        FeedEvent(
            uid=_uid("case-target", candidacy.pk),
            day=candidacy.target_date,
            title=f"Target date of your case for {candidacy.target_level.code}",
            path=reverse("case"),
        )
    ]


def events_for(person):
    """Every event of the person's feed, by day; a fixed number of queries however many."""
    events = _checkin_events(person) + _review_events(person) + _case_events(person)
    return sorted(events, key=lambda e: (e.day, e.uid))


def ics_for(person, *, now):
    """The feed as iCalendar bytes. `now` stamps the events (DTSTAMP)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "promo")
    for item in events_for(person):
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", now)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + timedelta(days=1))
        event.add("summary", item.title)
        event.add("url", settings.SITE_URL + item.path)
        event.add("transp", "TRANSPARENT")  # a reminder, not a meeting: never "busy"
        calendar.add_component(event)
    return calendar.to_ical()
