"""What the readiness and check-in endpoints take and give."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from ninja import Field, Schema
from pydantic import field_validator

from promo.api.evidence.schemas import Strict


class ImpactOut(Schema):
    matured: int
    awaiting: int
    too_recent: int


class VerdictOut(Schema):
    mentor_name: str
    verdict: str
    note: str
    hidden: bool


class CriterionReadinessOut(Schema):
    slug: str
    name: str
    expectation: str
    shown: bool
    sentence: str
    counts: dict[str, int]
    strong_quarters: list[str]
    quarters: list[str]
    latest_on: date | None
    days_since_latest: int | None
    impact: ImpactOut
    open_gaps: list[str]
    mentor_verdicts: list[VerdictOut]


class ReadinessOut(Schema):
    today: date
    target: str
    ready: bool
    sentence: str
    shown_count: int
    criteria: list[CriterionReadinessOut]


class CheckInOut(Schema):
    id: int
    artifact_id: int
    artifact_title: str = Field(..., alias="artifact.title")
    offset_days: int
    due_on: date
    outcome: str
    metric_before: str
    metric_after: str
    link: str
    recorded_at: datetime | None
    version: int


class CheckInIn(Strict):
    version: int = Field(..., description="The version you read; a newer one gets 409.")
    outcome: str = Field(..., min_length=1, description="What actually happened since it shipped.")
    metric_before: str = Field("", max_length=60)
    metric_after: str = Field("", max_length=60)
    link: str = Field("", max_length=500, description="An http(s) address, or empty.")

    @field_validator("link")
    @classmethod
    def link_is_http(cls, value):
        if value:
            try:
                URLValidator(schemes=["http", "https"])(value)
            except ValidationError:
                raise ValueError("Give an http(s) address.") from None
        return value
