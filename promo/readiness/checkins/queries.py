"""The check-in backlog as its owner sees it: due check-ins grouped by artifact."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import groupby

from django.conf import settings

from promo.models import ImpactCheckIn
from promo.readiness.calendar import local_today
from promo.web.lookups import CompiledQuery

UPCOMING_DAYS = 30


@dataclass
class ArtifactCheckIns:
    artifact: object
    checkins: list


@dataclass
class Backlog:
    """Due check-ins, recent ones apart from the "still open" ones older than
    CHECKIN_NUDGE_MAX_AGE_DAYS (which are no longer nudged), each grouped by artifact;
    plus snoozed and upcoming ones."""

    today: date
    still_open_before: date
    recent: list = field(default_factory=list)
    still_open: list = field(default_factory=list)
    snoozed: list = field(default_factory=list)
    upcoming: list = field(default_factory=list)

    @property
    def max_age_days(self):
        return (self.today - self.still_open_before).days

    @property
    def recent_count(self):
        return sum(len(group.checkins) for group in self.recent)

    @property
    def still_open_count(self):
        return sum(len(group.checkins) for group in self.still_open)

    @property
    def due_checkins(self):
        return [c for group in self.recent + self.still_open for c in group.checkins]


def still_open_before(today: date) -> date:
    """Check-ins due before this day are "still open": folded, not nudged one by one."""
    return today - timedelta(days=settings.CHECKIN_NUDGE_MAX_AGE_DAYS)


def _grouped(checkins):
    checkins = sorted(checkins, key=lambda c: (c.artifact.title.lower(), c.artifact_id, c.due_on))
    return [
        ArtifactCheckIns(artifact=rows[0].artifact, checkins=rows)
        for rows in (list(g) for _, g in groupby(checkins, key=lambda c: c.artifact_id))
    ]


def _backlog(person, last_day):
    return (
        ImpactCheckIn.objects.live()
        .pending()
        .filter(artifact__owner_id=person, due_on__lte=last_day)
        .select_related("artifact")
        .order_by("due_on", "id")
    )


# Compiled once: building and compiling it was 40 % of the check-ins page's view.
_BACKLOG = CompiledQuery(_backlog)
# The backlog's own query, reading only what its page shows of each check-in, as rows.
_BACKLOG_SHOWN = CompiledQuery(
    lambda person, last_day: _backlog(person, last_day).values_list(
        "pk",
        "offset_days",
        "due_on",
        "snoozed_until",
        "version",
        "artifact_id",
        "artifact__title",
        "artifact__shipped_on",
    )
)


def backlog_shown(person, *, now):
    """(today, rows): everything the backlog page shows of the person's check-ins on
    their today, as plain rows, in one query, to key the page's cached block."""
    today = local_today(now, person.zone)
    return today, _BACKLOG_SHOWN(person=person.pk, last_day=today + timedelta(days=UPCOMING_DAYS))


def backlog_for(person, *, now) -> Backlog:
    """The person's pending check-ins due in the next UPCOMING_DAYS or earlier, in one query."""
    today = local_today(now, person.zone)
    backlog = Backlog(today=today, still_open_before=still_open_before(today))
    rows = _BACKLOG(person=person.pk, last_day=today + timedelta(days=UPCOMING_DAYS))
    recent, old = [], []
    for checkin in rows:
        if checkin.is_snoozed(today):
            backlog.snoozed.append(checkin)
        elif checkin.due_on > today:
            backlog.upcoming.append(checkin)
        elif checkin.due_on < backlog.still_open_before:
            old.append(checkin)
        else:
            recent.append(checkin)
    backlog.recent, backlog.still_open = _grouped(recent), _grouped(old)
    return backlog


def checkins_posted_but_not_listed(person, data, *, listed) -> list:
    """The person's check-ins a backlog form was posted for that the backlog no longer
    lists (answered, snoozed or closed in another tab since the page was drawn), so what
    was typed for them is checked against their version instead of dropped."""
    posted = {
        int(key.split("-")[1])
        for key in data
        if key.startswith("checkin-")
        and key.endswith("-version")
        and key.count("-") == 2
        and key.split("-")[1].isdigit()
    }
    missing = posted - set(listed)
    if not missing:
        return []
    return _grouped(
        ImpactCheckIn.objects.live()
        .filter(artifact__owner_id=person.pk, pk__in=missing)
        .select_related("artifact")
    )


def still_open_count(person, *, today) -> int:
    """How many of the person's due check-ins are too old to be nudged one by one."""
    return (
        ImpactCheckIn.objects.live()
        .pending()
        .awake_on(today)
        .filter(artifact__owner_id=person.pk, due_on__lt=still_open_before(today))
        .count()
    )
