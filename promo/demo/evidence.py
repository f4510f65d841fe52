"""A year of weekly evidence for the demo engineers. Idempotent: an engineer's entry is
matched by (title, date), and the same seed always produces the same entries."""

import random
from datetime import UTC, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from evidence.models import Artifact, ArtifactRevision, ArtifactTag
from evidence.revisions import M2M_FIELDS, SCALAR_FIELDS
from evidence.services import taggable_criteria
from promo.demo.steps import TEAMS, email_for
from promo.models import Team, User

K = Artifact.Kind
SYSTEMS = [
    "checkout",
    "ledger",
    "search indexer",
    "query planner",
    "deploy pipeline",
    "feature-flag service",
    "billing API",
    "rate limiter",
    "event bus",
    "auth gateway",
]
WORK = {
    K.PROJECT: ["Shipped the new {s} flow", "Migrated {s} to the shared platform"],
    K.DESIGN_DOC: ["Design doc: sharding the {s}", "Design doc: retries in {s}"],
    K.VISION_DOC: ["Vision: the {s} in two years"],
    K.MECHANISM: ["Shared library for {s} clients", "Lint rule that catches {s} misuse"],
    K.CODE_REVIEW: ["Deep review of the {s} rewrite", "Caught a data race in {s} review"],
    K.MENTORING: ["Unblocked a new hire on {s}", "Paired weekly with a junior on {s}"],
    K.INCIDENT: ["Led the {s} outage response", "Wrote the {s} incident postmortem"],
    K.TALK: ["Tech talk: lessons from {s}", "Blog post on {s} performance"],
    K.OTHER: ["Ran the {s} on-call retro"],
}
IMPACT = [
    ("p99 latency", "420 ms", "180 ms"),
    ("failed payments per day", "1,200", "310"),
    ("deploy time", "45 min", "12 min"),
    ("pages per week", "14", "3"),
    ("teams on the library", "1", "6"),
]
# consistent: evidence every week; flashes: two bursts; the others sit in between.
PROFILES = ["consistent", "flashes", "steady", "consistent", "flashes", "steady", "quiet"]
STRENGTHS = [
    ArtifactTag.Strength.SIGNAL,
    ArtifactTag.Strength.STRONG,
    ArtifactTag.Strength.EXEMPLARY,
]


def _active_week(profile, week, rng):
    if profile == "consistent":
        return rng.random() < 0.9
    if profile == "flashes":
        return 8 <= week <= 15 or 36 <= week <= 41
    if profile == "steady":
        return rng.random() < 0.55
    return rng.random() < 0.25


def _entry(rng, week_monday, profile, today):
    kind = rng.choice(list(WORK))
    system = rng.choice(SYSTEMS)
    happened = min(week_monday + timedelta(days=rng.randint(0, 4)), today)
    entry = {
        "title": rng.choice(WORK[kind]).format(s=system),
        "happened_on": happened,
        "kind": kind,
        "body": f"**Context:** the {system} needed attention.\n\n- What I did\n- Who it helped",
        "visibility": rng.choice(
            [Artifact.Visibility.MENTORS_AND_MANAGER] * 6
            + [Artifact.Visibility.MENTORS, Artifact.Visibility.PRIVATE]
        ),
    }
    if kind in {K.PROJECT, K.MECHANISM} and rng.random() < 0.7:
        entry["shipped_on"] = happened
        if (today - happened).days > 60 and rng.random() < 0.8:
            metric, before, after = rng.choice(IMPACT)
            entry.update(
                impact=f"Took {metric} from {before} to {after}; other teams now build on it.",
                metrics=metric,
                metric_before=before,
                metric_after=after,
            )
    if (today - happened).days < 10 and rng.random() < 0.3:
        entry["is_draft"] = True
    return entry


def _plan(engineer, profile, today):
    rng = random.Random(engineer.email)  # noqa: S311 - demo data, reproducible on purpose
    this_monday = today - timedelta(days=today.weekday())
    entries = []
    for week in range(52, -1, -1):
        monday = this_monday - timedelta(weeks=week)
        if week and not _active_week(profile, 52 - week, rng):
            continue
        if not week and profile not in {"consistent", "steady"}:
            continue  # some people have not logged anything yet this week
        for _ in range(rng.choice([1, 1, 2, 3] if profile != "quiet" else [1])):
            entries.append(_entry(rng, monday, profile, today))
    return rng, entries


def _snapshot(artifact):
    data = {name: getattr(artifact, name) for name in SCALAR_FIELDS}
    for name in ("happened_on", "shipped_on"):
        data[name] = data[name].isoformat() if data[name] else None
    data.update({name: [] for name in M2M_FIELDS}, links=[])
    return data


def _evening(entry):
    """Logged at the end of the day it happened, as a weekly habit would."""
    return datetime.combine(entry["happened_on"], time(17, 30), tzinfo=UTC)


def _seed_engineer(engineer, profile, today, teams):
    rng, entries = _plan(engineer, profile, today)
    existing = set(Artifact.all_objects.filter(owner=engineer).values_list("title", "happened_on"))
    new = [
        Artifact(owner=engineer, created_at=_evening(entry), updated_at=_evening(entry), **entry)
        for entry in entries
        if (entry["title"], entry["happened_on"]) not in existing
    ]
    if not new:
        return 0
    Artifact.objects.bulk_create(new)
    new = list(
        Artifact.all_objects.filter(
            owner=engineer, title__in=[a.title for a in new], version=1
        ).exclude(revisions__isnull=False)
    )
    ArtifactRevision.objects.bulk_create(
        ArtifactRevision(artifact=a, version=1, snapshot=_snapshot(a), edited_by=engineer)
        for a in new
    )
    criteria = list(taggable_criteria(engineer))
    tags = []
    for artifact in new:
        for criterion in rng.sample(criteria, k=min(len(criteria), rng.randint(0, 3))):
            strength = rng.choice(STRENGTHS if profile != "quiet" else STRENGTHS[:1])
            tags.append(
                ArtifactTag(
                    artifact=artifact,
                    criterion=criterion,
                    strength=strength,
                    rationale=f"{artifact.get_kind_display()} that shows {criterion.name.lower()}",
                )
            )
        if artifact.impact:
            artifact.teams_adopted.set(rng.sample(teams, k=min(len(teams), 2)))
    ArtifactTag.objects.bulk_create(tags, ignore_conflicts=True)
    return len(new)


@transaction.atomic
def seed_evidence():
    """A year of evidence for every demo engineer, in several patterns."""
    today = timezone.localdate()
    teams = list(Team.objects.filter(name__in=TEAMS))
    names = [name for _, members in TEAMS.values() for name in members]
    engineers = User.objects.filter(email__in=[email_for(n) for n in names]).select_related(
        "level", "ladder"
    )
    by_email = {e.email: e for e in engineers}
    created = 0
    for i, name in enumerate(names):
        engineer = by_email.get(email_for(name))
        if engineer is not None:
            created += _seed_engineer(engineer, PROFILES[i % len(PROFILES)], today, teams)
    return created
