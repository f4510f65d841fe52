"""The check-in backlog: grouped by artifact, answered several at once, snoozed, closed as
unmeasurable, and older check-ins folded into one "still open" line."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from promo.models import ImpactCheckIn
from promo.readiness.checkins.queries import backlog_for
from promo.readiness.checkins.services import (
    checkin_mark_unmeasurable,
    checkin_snooze,
    checkins_due_for,
    checkins_plan_for,
)
from tests.promo.readiness.helpers import artifact


def shipped(owner, days_ago, title):
    """An artifact shipped `days_ago + 30` days ago, so its 30-day check-in fell due
    `days_ago` days ago; returns that check-in."""
    on = timezone.localdate() - timedelta(days=days_ago + 30)
    item = artifact(owner, on, shipped_on=on, title=title)
    checkins_plan_for(item)
    return item.checkins.get(offset_days=30)


def row(checkin, **fields):
    """One check-in's fields as the backlog form posts them."""
    prefix = f"checkin-{checkin.pk}-"
    data = {f"{prefix}version": checkin.version}
    data.update({prefix + name: value for name, value in fields.items()})
    return data


def post(client, *rows):
    data = {}
    for fields in rows:
        data.update(fields)
    return client.post(reverse("checkins_due"), data)


def test_due_checkins_are_grouped_by_artifact_and_old_ones_folded(client, world, settings):
    settings.CHECKIN_NUDGE_MAX_AGE_DAYS = 14
    recent = shipped(world.owner, 3, "Retry budget")
    ninety_days_on = ImpactCheckIn.objects.get(artifact=recent.artifact, offset_days=90)
    old = shipped(world.owner, 100, "Old migration")  # its 90-day one fell due 40 days ago
    backlog = backlog_for(world.owner, now=timezone.now())
    assert [g.artifact.title for g in backlog.recent] == ["Retry budget"]
    assert [g.artifact.title for g in backlog.still_open] == ["Old migration"]
    assert backlog.still_open_count == 2 and old in backlog.due_checkins
    assert ninety_days_on not in backlog.due_checkins
    client.force_login(world.owner)
    page = client.get(reverse("checkins_due")).content.decode()
    assert "<legend>Retry budget</legend>" in page
    assert "2 older check-ins still open" in page
    assert "no longer nudged" in page


def test_several_checkins_are_answered_snoozed_and_closed_in_one_save(client, world):
    first = shipped(world.owner, 2, "Retry budget")
    second = shipped(world.owner, 5, "Cache warmer")
    third = shipped(world.owner, 8, "Search v2")
    untouched = shipped(world.owner, 9, "Billing export")
    snooze_to = timezone.localdate() + timedelta(days=10)
    client.force_login(world.owner)
    response = post(
        client,
        row(first, outcome="p99 down 40%", metric_before="900 ms", metric_after="540 ms"),
        row(second, snooze_until=snooze_to.isoformat()),
        row(third, unmeasurable_reason="Folded into the platform rewrite; no separate metric."),
        row(untouched),
    )
    assert response.status_code == 302 and response["Location"] == reverse("checkins_due")
    first, second, third, untouched = (
        ImpactCheckIn.objects.get(pk=c.pk) for c in (first, second, third, untouched)
    )
    assert first.status == ImpactCheckIn.Status.RECORDED and first.metric_after == "540 ms"
    assert second.status == ImpactCheckIn.Status.PENDING and second.snoozed_until == snooze_to
    assert third.status == ImpactCheckIn.Status.UNMEASURABLE
    assert third.unmeasurable_reason.startswith("Folded into") and not third.is_recorded
    assert untouched.status == ImpactCheckIn.Status.PENDING and untouched.version == 1
    page = client.get(reverse("checkins_due")).content.decode()
    assert "1 answered, 1 snoozed, 1 closed as unmeasurable" in page
    assert "Snoozed" in page and f"back on {snooze_to:%Y-%m-%d}" in page
    assert list(checkins_due_for(world.owner)) == [untouched]


def test_one_refusal_saves_nothing_and_keeps_every_answer_typed(client, world):
    first = shipped(world.owner, 2, "Retry budget")
    second = shipped(world.owner, 5, "Cache warmer")
    client.force_login(world.owner)
    response = post(
        client,
        row(first, outcome="Adopted by three teams"),
        row(second, outcome="Half the cache misses", snooze_until="2020-01-01"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose one: write what happened, snooze it" in page
    assert "Adopted by three teams" in page and "Half the cache misses" in page
    assert not ImpactCheckIn.objects.filter(pk__in=[first.pk, second.pk]).recorded().exists()


def test_a_service_refusal_rolls_back_the_answers_already_applied(client, world):
    first = shipped(world.owner, 2, "Retry budget")
    second = shipped(world.owner, 5, "Cache warmer")
    client.force_login(world.owner)
    yesterday = timezone.localdate() - timedelta(days=1)
    response = post(
        client,
        row(first, outcome="Adopted by three teams"),
        row(second, snooze_until=yesterday.isoformat()),
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Choose a day after today." in page
    assert "Adopted by three teams" in page
    assert not ImpactCheckIn.objects.get(pk=first.pk).is_recorded


def test_an_answer_given_in_another_tab_is_not_silently_replaced(client, world):
    checkin = shipped(world.owner, 2, "Retry budget")
    mine = row(checkin, outcome="Mine, typed in the first tab")
    client.force_login(world.owner)
    assert post(client, row(checkin, outcome="Theirs, from the second tab")).status_code == 302
    response = post(client, mine)
    page = response.content.decode()
    assert response.status_code == 200 and "Changed since you opened this page" in page
    assert "answered in another tab" in page and "Mine, typed in the first tab" in page
    assert ImpactCheckIn.objects.get(pk=checkin.pk).outcome == "Theirs, from the second tab"
    # Saving again, knowingly, replaces the other answer.
    again = row(ImpactCheckIn.objects.get(pk=checkin.pk), outcome="Mine, typed in the first tab")
    assert post(client, again).status_code == 302
    assert ImpactCheckIn.objects.get(pk=checkin.pk).outcome == "Mine, typed in the first tab"


def test_unmeasurable_needs_a_reason_and_the_database_insists(world):
    checkin = shipped(world.owner, 2, "Retry budget")
    with pytest.raises(ValidationError):
        checkin_mark_unmeasurable(
            checkin=checkin, by=world.owner, reason="  ", expected_version=checkin.version
        )
    with pytest.raises(IntegrityError):
        ImpactCheckIn.objects.filter(pk=checkin.pk).update(unmeasurable_at=timezone.now())


def test_a_snoozed_checkin_is_not_due_or_overdue_until_its_day(world):
    checkin = shipped(world.owner, 2, "Retry budget")
    until = timezone.localdate() + timedelta(days=7)
    checkin_snooze(checkin=checkin, by=world.owner, until=until, expected_version=1)
    assert not checkins_due_for(world.owner).exists()
    later = timezone.now() + timedelta(days=8)
    assert list(checkins_due_for(world.owner, now=later)) == [checkin]
    with pytest.raises(ValidationError):
        checkin_snooze(
            checkin=checkin,
            by=world.owner,
            until=timezone.localdate() + timedelta(days=400),
            expected_version=2,
        )


def test_replanning_keeps_a_checkin_closed_as_unmeasurable(world):
    checkin = shipped(world.owner, 2, "Retry budget")
    checkin_mark_unmeasurable(
        checkin=checkin, by=world.owner, reason="No metric exists", expected_version=1
    )
    item = checkin.artifact
    item.shipped_on = date(2026, 3, 1)
    item.save(update_fields=["shipped_on"])
    checkins_plan_for(item)
    kept = ImpactCheckIn.objects.get(pk=checkin.pk)
    assert kept.is_unmeasurable and kept.due_on == checkin.due_on


def test_only_the_owner_sees_their_backlog(client, world):
    shipped(world.owner, 2, "Retry budget")
    client.force_login(world.manager)
    assert "Retry budget" not in client.get(reverse("checkins_due")).content.decode()


def test_the_backlog_runs_constant_queries_in_both_halves(client, world):
    client.force_login(world.owner)
    url = reverse("checkins_due")
    client.get(url)  # warm the session
    counts = []
    for count in (1, 25):
        for index in range(count):
            shipped(world.owner, 2 + index % 5, f"Recent {index}")
            shipped(world.owner, 40 + index, f"Old {index}")
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert "26 older check-ins still open" in page
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="checkins">')


def test_the_single_checkin_page_says_it_was_closed_and_leads_to_the_backlog(client, world):
    checkin = shipped(world.owner, 2, "Retry budget")
    checkin_mark_unmeasurable(
        checkin=checkin, by=world.owner, reason="No metric exists.", expected_version=1
    )
    client.force_login(world.owner)
    page = client.get(reverse("checkin_record", args=[checkin.pk])).content.decode()
    assert "as “impact can't be measured”: No metric exists." in page
    assert f'href="{reverse("checkins_due")}"' in page


def test_htmx_gets_the_backlog_back_on_a_refusal_and_a_redirect_on_success(client, world):
    checkin = shipped(world.owner, 2, "Retry budget")
    client.force_login(world.owner)
    htmx = {"HX-Request": "true"}
    refused = client.post(
        reverse("checkins_due"),
        row(checkin, outcome="Typed", unmeasurable_reason="And a reason"),
        headers=htmx,
    )
    body = refused.content.decode()
    assert refused.status_code == 200 and body.lstrip().startswith('<div id="checkins">')
    assert "Typed" in body and "And a reason" in body
    saved = client.post(reverse("checkins_due"), row(checkin, outcome="Typed"), headers=htmx)
    assert saved["HX-Redirect"] == reverse("checkins_due")
    assert ImpactCheckIn.objects.get(pk=checkin.pk).is_recorded
