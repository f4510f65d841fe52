"""The demo's readiness, counted by hand from the rows, agrees with My team.

The hand count reads the tables directly and applies the rule as docs/readiness.md states
it, without promo.readiness: if the code and the documented rule drift apart, this fails.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from evidence.models import Artifact, ArtifactTag
from promo.demo.close_case import CLOSE_CASE
from promo.demo.steps import DIRECTOR, TEAMS, email_for
from promo.models import Attestation, Candidacy, Gap, ImpactCheckIn, User
from reviews.models import Verdict
from tests.promo.dashboards.shown import rows_shown

STRONG = {"strong", "exemplary"}


def _quarter(day):
    return day.year * 4 + (day.month - 1) // 3


def _call(candidacy, criterion_id):
    """(value, given_at) of the latest call My team may weigh (rounds that include the
    manager), or None."""
    if candidacy is None:
        return None
    rows = list(
        Verdict.objects.filter(
            round__document__candidacy=candidacy,
            round__includes_manager=True,
            criterion_id=criterion_id,
        )
        .order_by("-round__opened_at", "-round_id")
        .values_list("round_id", "value", "given_at")
    )
    if not rows:
        return None
    latest = [(value, given) for round_id, value, given in rows if round_id == rows[0][0]]
    values = {value for value, _ in latest}
    value = "not_yet" if "not_yet" in values else values.pop() if len(values) == 1 else "mixed"
    return value, max(given for _, given in latest)


def _criterion_shown(person, criterion, *, ladder, today, candidacy, zone):
    shared = Artifact.objects.filter(
        owner=person, visibility="mentors_and_manager", is_draft=False, happened_on__lte=today
    )
    tags = ArtifactTag.objects.filter(artifact__in=shared, criterion=criterion).select_related(
        "artifact"
    )
    window = range(_quarter(today) - ladder.quarters_window + 1, _quarter(today) + 1)
    strong_quarters = {
        _quarter(t.artifact.happened_on) for t in tags if t.strength in STRONG
    } & set(window)
    offset = min(ladder.checkin_offsets)
    matured = 0
    for tag in tags:
        shipped = tag.artifact.shipped_on
        if shipped is None:
            continue
        recorded = ImpactCheckIn.objects.filter(artifact=tag.artifact, recorded_at__isnull=False)
        if any(
            c.recorded_at.astimezone(zone).date() >= shipped + timedelta(days=offset)
            for c in recorded
        ):
            matured += 1
    overdue = ImpactCheckIn.objects.filter(
        artifact__in=[t.artifact for t in tags], recorded_at__isnull=True, due_on__lt=today
    ).count()
    call = _call(candidacy, criterion.pk)
    held = (
        call is not None
        and call[0] == "not_yet"
        and not any(
            t.strength in STRONG and t.artifact.happened_on > call[1].astimezone(zone).date()
            for t in tags
        )
    )
    return (
        len(strong_quarters) >= ladder.quarters_needed
        and (not ladder.needs_matured_impact or matured >= ladder.matured_impact_needed)
        and overdue <= ladder.overdue_checkins_allowed
        and not held
        and _confirmed_enough(person, criterion, [t.artifact for t in tags])
    )


def _confirmed_enough(person, criterion, artifacts):
    """Distinct other teams that confirmed adoption: not the owner's team, nobody above
    the owner, "my team adopted it" ticked."""
    if not criterion.needs_confirmation:
        return True
    above, boss = set(), person.manager
    while boss is not None:
        above.add(boss.pk)
        boss = boss.manager
    teams = {
        a.attester.team_id
        for a in Attestation.objects.filter(
            artifact__in=artifacts, status="confirmed", adopted=True
        ).select_related("attester")
        if a.attester.team_id not in (None, person.team_id) and a.attester_id not in above
    }
    return len(teams) >= criterion.min_confirming_teams


def _ready_by_hand(person):
    ladder, zone = person.ladder, person.zone
    today = timezone.now().astimezone(zone).date()
    candidacy = Candidacy.objects.open_for(person)
    if candidacy and Gap.objects.filter(candidacy=candidacy, closed_at__isnull=True).exists():
        return False
    return all(
        _criterion_shown(person, c, ladder=ladder, today=today, candidacy=candidacy, zone=zone)
        for c in ladder.criteria.all()
    )


def test_the_ready_count_matches_a_hand_count_of_the_rule(demo, db, client):
    everyone = User.objects.filter(manager__isnull=False, ladder__isnull=False)
    by_hand = sorted(p.email for p in everyone if _ready_by_hand(p))
    assert by_hand, "the demo shows someone honestly Ready"
    client.force_login(User.objects.get(email=email_for(DIRECTOR)))
    page = client.get(reverse("team"), {"scope": "org", "status": "ready"})
    assert sorted(row.person.email for row in rows_shown(page)) == by_hand


def test_the_demo_team_has_every_state_and_close_finds_someone(demo, db, client):
    manager, members = TEAMS["Payments"]
    client.force_login(User.objects.get(email=email_for(manager)))
    rows = rows_shown(client.get(reverse("team")))
    assert {row.status for row in rows} >= {"ready", "close", "building"}
    close = rows_shown(client.get(reverse("team"), {"status": "close"}))
    assert email_for(CLOSE_CASE) in [row.person.email for row in close]
    # The demo engineer's story: the mentor's "Not yet" on every criterion holds each back.
    liam = next(row for row in rows if row.person.email == email_for(members[0]))
    assert liam.status == "building"
    assert all("mentor said Not yet" in cell["short"] for cell in liam.snapshot.cells)


def test_every_report_not_ready_has_a_forecast_line_and_the_page_says_when(demo, db, client):
    manager, members = TEAMS["Payments"]
    client.force_login(User.objects.get(email=email_for(manager)))
    rows = rows_shown(client.get(reverse("team")))
    waiting = [row for row in rows if row.status != "ready"]
    assert waiting and all(row.forecast_line.startswith("Forecast: ") for row in waiting)
    client.force_login(User.objects.get(email=email_for(members[0])))
    page = client.get(reverse("readiness")).content.decode()
    assert "<strong>When?</strong>" in page
    assert "At the current pace" in page or "Not enough history to forecast" in page
