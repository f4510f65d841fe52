"""My team: the rows of the dashboard, from the same snapshots, for managers and staff."""

from ninja import Query, Router

from promo.api.auth import auth_for
from promo.api.schemas import ERRORS
from promo.api.team.schemas import TeamFilters, TeamOut
from promo.dashboards.team import dashboard

router = Router(tags=["team"])


def _case(candidacy):
    if candidacy is None:
        return None
    return {
        "id": candidacy.pk,
        "status": candidacy.status,
        "target_level": str(candidacy.target_level),
    }


def _row(row):
    person, snapshot = row.person, row.snapshot
    return {
        "person_id": person.pk,
        "name": str(person),
        "level": person.level.code if person.level else "",
        "manager": str(person.manager) if person.manager else "",
        "team": person.team.name if person.team else "",
        "status": row.status,
        "computed_at": snapshot.computed_at if snapshot else None,
        "sentence": snapshot.sentence if snapshot else "",
        "shown_count": snapshot.shown_count if snapshot else 0,
        "is_stale": snapshot.is_stale if snapshot else False,
        "last_evidence_on": snapshot.last_evidence_on if snapshot else None,
        "overdue_checkins": snapshot.overdue_checkins if snapshot else 0,
        "open_gaps": snapshot.open_gaps if snapshot else [],
        "criteria": snapshot.cells if snapshot else [],
        "case": _case(row.candidacy),
    }


@router.get(
    "/team/", response={200: TeamOut, **ERRORS}, auth=auth_for("team:read"), url_name="team"
)
def my_team(request, filters: Query[TeamFilters]):
    """The people below you (direct reports, or everyone below with scope=org), 50 to a
    page, with the filters and sorts of the My team page. Empty for someone with nobody
    below them."""
    data = dashboard(request.auth, filters.model_dump())
    return {
        "rows": [_row(row) for row in data["rows"]],
        "total": data["total"],
        "matching": data["matching"],
        "page": data["page"],
        "pages": data["pages"],
    }
