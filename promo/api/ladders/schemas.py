"""What the ladder endpoint gives."""

from ninja import Schema


class LevelOut(Schema):
    code: str
    title: str


class CriterionOut(Schema):
    slug: str
    name: str
    description: str
    expectation_now: str  # at the person's level
    expectation_next: str  # at the level they are working towards
    # Shown only once this many other teams confirm adoption (an attestation each).
    needs_confirmation: bool
    min_confirming_teams: int


class LadderOut(Schema):
    ladder: str | None
    level: LevelOut | None
    next_level: LevelOut | None
    criteria: list[CriterionOut]
