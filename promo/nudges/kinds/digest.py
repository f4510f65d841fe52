"""Weekly digest for managers: whose criteria went untended this week, who became ready,
whose check-ins are overdue.

Planning stays set-based: the claim picks every active manager with an active report
once a week. What the digest says is computed at delivery for that one manager, with the
readiness code, over only the evidence the manager may see.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from evidence.access import artifacts_visible_to
from promo.models import User
from promo.nudges.kinds import Due, Message, NudgeKind, Threshold
from promo.nudges.kinds.stale_criterion import QUIET_WEEKS
from promo.readiness.checkins.services import checkins_due_for
from promo.readiness.queries import readiness_for

KEY = "digest"
WEEKDAY = f"{KEY}.weekday"
HOUR = f"{KEY}.local_hour"


def claim_sql(planning):
    """Active managers of active people, from their chosen local weekday and hour on (a
    planner that was down on the day catches up later in the week). The period is their
    local ISO week."""
    where = f"""
        (z.weekday > %s OR (z.weekday = %s AND z.local_hour >= %s))
        AND EXISTS (SELECT 1 FROM {User._meta.db_table} rep
                    WHERE rep.manager_id = u.id AND rep.is_active)
    """  # noqa: S608 - names come from model _meta; every value is a parameter
    weekday = planning.thresholds[WEEKDAY]
    return Due(
        where=where,
        params=[weekday, weekday, planning.thresholds[HOUR]],
        period="z.week",
        claimed_since=planning.week_claims_since,
    )


@dataclass
class ReportDigest:
    person: object
    went_untended: list = field(default_factory=list)  # criterion names
    became_ready: bool = False
    overdue_checkins: list = field(default_factory=list)

    @property
    def has_news(self):
        return bool(self.went_untended or self.became_ready or self.overdue_checkins)


def report_digest(manager, report, *, untended_days, now):
    """One report's week, as the manager may see it.

    Went untended: a criterion whose newest evidence turned `untended_days` old in the
    last seven days. Became ready: ready now, and not ready a week ago (judged on the evidence
    dated up to then). Overdue check-ins: due and not recorded, of evidence the manager
    may see."""
    visible = artifacts_visible_to(manager, report)
    now_readiness = readiness_for(report, artifacts=visible, now=now)
    digest = ReportDigest(person=report)
    if now_readiness is not None:
        digest.went_untended = [
            row.criterion.name
            for row in now_readiness.criteria
            if row.days_since_latest is not None
            and untended_days <= row.days_since_latest < untended_days + 7
        ]
        if now_readiness.ready:
            before = readiness_for(report, artifacts=visible, now=now - timedelta(days=7))
            digest.became_ready = not before.ready
    digest.overdue_checkins = list(
        checkins_due_for(report, now=now).filter(artifact__in=visible.values("pk"))
    )
    return digest


def digest_for(manager, *, now=None):
    """Every active direct report's digest, in name order."""
    now = now or timezone.now()
    untended_days = QUIET_WEEKS.current() * 7
    reports = User.objects.filter(manager_id=manager.pk, is_active=True).order_by(
        "display_name", "email"
    )
    return [
        report_digest(manager, report, untended_days=untended_days, now=now) for report in reports
    ]


def message(claim):
    reports = digest_for(claim.person)
    return Message(
        title="Your team this week",
        path=reverse("team"),
        template="nudges/digest",
        context={"reports": reports, "news": [r for r in reports if r.has_news]},
    )


DIGEST = NudgeKind(
    key=KEY,
    label="Weekly digest (managers)",
    description="Once a week: whose evidence went stale, who became ready, "
    "and whose impact check-ins are overdue.",
    claim_sql=claim_sql,
    message=message,
    frequencies=("weekly", "fortnightly"),
    thresholds=(
        Threshold(WEEKDAY, 0, "Weekly digest: weekday (0 = Monday … 6 = Sunday)", maximum=6),
        Threshold(HOUR, 9, "Weekly digest: earliest local hour (0–23)", maximum=23),
    ),
)
