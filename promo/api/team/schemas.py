from datetime import date, datetime
from typing import Any, Literal

from ninja import Field, Schema


class TeamFilters(Schema):
    """My team's filters, as on the page."""

    scope: Literal["direct", "org"] = "direct"
    status: Literal["", "ready", "close", "stale"] = ""
    level: str = Field("", max_length=20)
    manager: int | None = Field(None, ge=1)
    sort: Literal["name", "readiness", "last_evidence", "level"] = "name"
    page: int = Field(1, ge=1)


class CaseOut(Schema):
    id: int
    status: str
    target_level: str


class TeamRowOut(Schema):
    person_id: int
    name: str
    level: str
    manager: str
    team: str
    status: str
    computed_at: datetime | None
    sentence: str
    shown_count: int
    is_stale: bool
    last_evidence_on: date | None
    overdue_checkins: int
    open_gaps: list[str]
    criteria: list[dict[str, Any]]
    case: CaseOut | None


class TeamOut(Schema):
    rows: list[TeamRowOut]
    total: int
    matching: int
    page: int
    pages: int
