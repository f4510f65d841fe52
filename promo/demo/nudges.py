"""Demo notifications for `seed_demo`. Idempotent: keyed by the (person, kind, period) claim."""

from datetime import timedelta

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from evidence.models import Artifact
from promo.demo.steps import TEAMS, email_for
from promo.models import Notification, NudgeClaim, User
from promo.nudges.planner import local_clock
from promo.nudges.registry import KINDS


@transaction.atomic
def seed_notifications():
    """Each Payments engineer who logged nothing last week gets that week's "log your
    wins" nudge (read), and this week's (unread) if still nothing is logged, as if beat
    and a worker had delivered them."""
    now = timezone.now()
    engineers = User.objects.filter(email__in=[email_for(name) for name in TEAMS["Payments"][1]])
    for person in engineers:
        for weeks_ago, read in ((1, True), (0, False)):
            when = now - timedelta(weeks=weeks_ago)
            clock = local_clock(person.time_zone, when)
            if _logged_between(person, clock["week_start"], when):
                continue  # the real nudge only goes to someone who logged nothing
            period = clock["week"]
            claim, created = NudgeClaim.objects.get_or_create(
                person=person,
                kind="log_wins",
                period=period,
                defaults={
                    "status": NudgeClaim.Status.SENT,
                    "attempts": 1,
                    "created_at": when,
                    "enqueued_at": when,
                    "finished_at": when,
                },
            )
            if created:
                Notification.objects.create(
                    recipient=person,
                    kind="log_wins",
                    claim=claim,
                    title="Log this week's wins",
                    body=f"You have not logged any evidence this week ({period}).",
                    url=reverse("this_week"),
                    created_at=when,
                    read_at=when if read else None,
                )


def _logged_between(person, start, end):
    return Artifact.objects.filter(owner=person, created_at__range=(start, end)).exists()


def _delivered(person, key, when):
    """This week's nudge of `key` for `person`, sent in-app, with what the kind says now."""
    period = local_clock(person.time_zone, when)["week"]
    claim, created = NudgeClaim.objects.get_or_create(
        person=person,
        kind=key,
        period=period,
        defaults={"status": NudgeClaim.Status.SENT, "attempts": 1, "finished_at": when},
    )
    if created:
        message = KINDS[key].message(claim)
        context = {**message.context, "claim": claim, "link": message.path}
        Notification.objects.create(
            recipient=person,
            kind=key,
            claim=claim,
            title=message.title,
            body=render_to_string(f"{message.template}.txt", context).strip(),
            url=message.path,
            created_at=when,
        )


@transaction.atomic
def seed_team_notifications():
    """The Payments manager's weekly digest and its first engineer's stale-criterion
    nudge, unread, as if the planner and a worker had delivered them."""
    manager_name, members = TEAMS["Payments"]
    now = timezone.now()
    for name, key in ((manager_name, "digest"), (members[0], "stale_criterion")):
        person = User.objects.filter(email=email_for(name)).first()
        if person is not None:
            _delivered(person, key, now)
