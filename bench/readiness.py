"""Benchmark: readiness for one person with 3 years of weekly evidence.

Builds a throwaway test database (test_<name> on PostgreSQL, in memory on SQLite),
156 weekly artifacts tagged on 2-3 criteria each, every 4th shipped with its check-ins
planned and the first one recorded, an open candidacy with two gaps; then times
`readiness_for` (the computation) and `readiness_context` (plus the heatmap SVG).

    DEBUG=1 .venv/bin/python bench/readiness.py [--runs 50]
"""

import argparse
import os
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "promo.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)
WEEKS = 156
STRENGTHS = ["signal", "strong", "exemplary", "strong"]


def build():
    from evidence.models import Artifact, ArtifactTag
    from promo.demo.steps import ensure_default_ladder
    from promo.models import Candidacy, Gap, ImpactCheckIn, User
    from promo.readiness.checkins.services import checkins_plan

    ladder = ensure_default_ladder()
    person = User.objects.create_user(
        "bench@example.com",
        display_name="Bench Person",
        ladder=ladder,
        level=ladder.levels.get(code="L5"),
        time_zone="Europe/Berlin",
    )
    criteria = list(ladder.criteria.all())
    candidacy = Candidacy.objects.create(
        person=person,
        ladder=ladder,
        from_level=person.level,
        target_level=ladder.levels.get(code="L6"),
    )
    Gap.objects.bulk_create(
        Gap(candidacy=candidacy, criterion=criteria[i], text="Show more") for i in (1, 4)
    )
    artifacts = Artifact.objects.bulk_create(
        Artifact(
            owner=person,
            title=f"Week {week} work",
            happened_on=NOW.date() - timedelta(weeks=week),
            shipped_on=NOW.date() - timedelta(weeks=week) if week % 4 == 0 else None,
        )
        for week in range(WEEKS)
    )
    ArtifactTag.objects.bulk_create(
        ArtifactTag(
            artifact=item,
            criterion=criteria[(index + k) % len(criteria)],
            strength=STRENGTHS[(index + k) % len(STRENGTHS)],
        )
        for index, item in enumerate(artifacts)
        for k in range(2 + index % 2)
    )
    checkins_plan(artifact_ids=[a.pk for a in artifacts])
    ImpactCheckIn.objects.filter(offset_days=30, due_on__lt=date(2026, 11, 1)).update(
        outcome="It held up", recorded_at=NOW - timedelta(days=1)
    )
    return person


def measure(label, call, runs, baseline=None):
    """Median and p90 of `runs` calls; with `baseline` (a median in ms from this same run),
    also the ratio to it, the figure to compare across runs on a noisy machine."""
    with CaptureQueriesContext(connection) as queries:
        call()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    ratio = f"  = {median / baseline:5.1f}x the baseline" if baseline else ""
    print(
        f"{label:<22} queries={len(queries):<3} median={median:6.2f} ms  "
        f"p90={sorted(times)[int(runs * 0.9) - 1]:6.2f} ms  (runs={runs}){ratio}"
    )
    return median


def _one_artifact_page(person):
    """The baseline: what the cheapest evidence read costs, one query for a page of 20."""
    from evidence.models import Artifact

    return list(Artifact.objects.filter(owner=person).order_by("-happened_on")[:20])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    runs = parser.parse_args().runs
    from promo.readiness.context import readiness_context
    from promo.readiness.queries import readiness_for

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        person = build()
        print(f"{connection.vendor}: {WEEKS} weekly artifacts over 3 years for one person")
        result = readiness_for(person, now=NOW)
        print(f"  {result.sentence}")
        base = measure("baseline: 20 artifacts", lambda: _one_artifact_page(person), runs)
        measure("readiness_for", lambda: readiness_for(person, now=NOW), runs, base)
        measure(
            "readiness_context+svg",
            lambda: readiness_context(person, person, now=NOW),
            runs,
            base,
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
