"""My readiness per criterion, my check-ins due, and recording one."""

from django.utils import timezone
from ninja import Router

from promo.api.auth import auth_for
from promo.api.idempotency import idempotent
from promo.api.readiness.schemas import CheckInIn, CheckInOut, ReadinessOut
from promo.api.schemas import ERRORS
from promo.readiness.checkins.access import checkin_for_viewer
from promo.readiness.checkins.services import checkin_record, checkins_due_for
from promo.readiness.queries import readiness_for

READ = auth_for("readiness:read")
router = Router(tags=["readiness"])


def _quarter(quarter):
    return f"{quarter.year}-Q{quarter.number}"


def _row(row):
    return {
        "slug": row.criterion.slug,
        "name": row.criterion.name,
        "expectation": row.criterion.expectation,
        "shown": row.shown,
        "sentence": row.sentence,
        "counts": dict(row.counts),
        "strong_quarters": [_quarter(q) for q in row.strong_quarters],
        "quarters": [_quarter(q) for q in row.quarters],
        "latest_on": row.latest_on,
        "days_since_latest": row.days_since_latest,
        "impact": row.impact,
        "open_gaps": [gap.text for gap in row.gaps],
        "mentor_verdicts": list(row.mentor_verdicts),
    }


@router.get("/readiness/", response={200: ReadinessOut, **ERRORS}, auth=READ, url_name="readiness")
def my_readiness(request):
    """Your readiness for your case's target (or the next level), per criterion: the
    facts the readiness page shows. Someone on no ladder has no criteria."""
    result = readiness_for(request.auth, viewer=request.auth)
    if result is None:
        return {
            "today": timezone.localdate(),
            "target": "",
            "ready": False,
            "sentence": "You are on no ladder yet, so there is nothing to be ready for.",
            "shown_count": 0,
            "criteria": [],
        }
    return {
        "today": result.today,
        "target": result.target_label,
        "ready": result.ready,
        "sentence": result.sentence,
        "shown_count": result.shown_count,
        "criteria": [_row(row) for row in result.criteria],
    }


@router.get(
    "/checkins/", response={200: list[CheckInOut], **ERRORS}, auth=READ, url_name="checkins"
)
def my_checkins_due(request):
    """Your impact check-ins whose day has come, oldest first."""
    return checkins_due_for(request.auth)


@router.post(
    "/checkins/{int:pk}/",
    response={200: CheckInOut, **ERRORS},
    auth=auth_for("evidence:write"),
    url_name="checkin",
)
@idempotent(schema=CheckInOut)
def record_checkin(request, pk: int, payload: CheckInIn):
    """Record what happened after your work shipped, if nobody recorded it since
    `version` (409 otherwise). Refused (422) before the check-in is due."""
    checkin = checkin_for_viewer(request.auth, pk, write=True)
    answers = payload.model_dump(exclude={"version"})
    return checkin_record(
        checkin=checkin, by=request.auth, expected_version=payload.version, **answers
    )
