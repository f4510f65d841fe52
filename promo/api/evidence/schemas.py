"""What the evidence endpoints take and give."""

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict, field_validator

from evidence.models import Artifact, ArtifactTag

Kind = Literal[tuple(Artifact.Kind.values)]
Visibility = Literal[tuple(Artifact.Visibility.values)]
Strength = Literal[tuple(ArtifactTag.Strength.values)]


class Strict(Schema):
    """An input schema that refuses fields it does not know, so a typo ("titel") is an
    error the sender sees, not a change silently dropped."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def no_nul_characters(cls, value):
        # PostgreSQL cannot store NUL in text, and the pages' forms refuse it too.
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("Null characters are not allowed.")
        return value


class TagOut(Schema):
    criterion: str  # the criterion's slug
    criterion_name: str
    strength: Strength
    rationale: str


class LinkIn(Strict):
    label: str = Field(..., min_length=1, max_length=120)
    url: str = Field(..., max_length=500, description="An http(s) address.")


class LinkOut(Schema):
    label: str
    url: str


class ArtifactOut(Schema):
    id: int
    owner_id: int
    title: str
    happened_on: date
    kind: Kind
    body: str
    impact: str
    metrics: str
    metric_before: str
    metric_after: str
    shipped_on: date | None
    visibility: Visibility
    is_draft: bool
    version: int
    created_at: datetime
    updated_at: datetime
    tags: list[TagOut]


class ArtifactDetailOut(ArtifactOut):
    links: list[LinkOut]


class ArtifactPage(Schema):
    items: list[ArtifactOut]
    next_cursor: str | None = Field(
        None, description="Pass as ?cursor= for the next page; null on the last page."
    )


class ArtifactFields(Strict):
    happened_on: date | None = None
    kind: Kind | None = None
    body: str | None = None
    impact: str | None = None
    metrics: str | None = None
    metric_before: str | None = Field(None, max_length=60)
    metric_after: str | None = Field(None, max_length=60)
    shipped_on: date | None = None
    visibility: Visibility | None = None
    is_draft: bool | None = None
    links: list[LinkIn] | None = Field(None, max_length=50)

    def service_data(self):
        """The fields that were sent, as artifact_create / artifact_update take them."""
        data = self.model_dump(exclude_unset=True, exclude={"version"})
        # null clears a date it may lack; for any other field it means "not sent".
        data = {k: v for k, v in data.items() if v is not None or k == "shipped_on"}
        if "links" in data:
            data["links"] = [(link["label"], link["url"]) for link in data["links"]]
        return data


class ArtifactCreate(ArtifactFields):
    title: str = Field(..., min_length=1, max_length=200)


class ArtifactUpdate(ArtifactFields):
    version: int = Field(..., description="The version you read; a newer one gets 409.")
    title: str | None = Field(None, min_length=1, max_length=200)


class TagIn(Strict):
    strength: Strength = "signal"
    rationale: str = Field("", max_length=200, description="One line: why this work shows it.")


class ArtifactFilters(Schema):
    """The evidence page's filters."""

    person: int | None = Field(None, description="Whose evidence; yours when left out.")
    q: str = Field("", max_length=200)
    criterion: str = ""
    kind: Kind | Literal[""] = ""
    since: date | None = None
    until: date | None = None
    visibility: Visibility | Literal[""] = ""
    impact: Literal["yes", "no", ""] = ""
    draft: Literal["yes", "no", ""] = ""
    cursor: str = ""
    limit: int = Field(25, ge=1, le=100)
