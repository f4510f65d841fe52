"""Readiness, check-ins, notifications, promo docs, the ladder and My team through the API:
the same facts the pages show, through the same access rules."""

from datetime import date

import pytest

from evidence.models import Artifact
from evidence.services import artifact_create
from promo.dashboards.snapshots import snapshot_refresh
from promo.models import AuditEntry, Notification
from promo.readiness.checkins.services import checkins_plan_for
from promo.readiness.queries import readiness_for
from tests.api.conftest import ALL_SCOPES, api_url, bearer, token_for
from tests.reviews.factories import shared_round

pytestmark = pytest.mark.django_db


def get(client, url, secret):
    return client.get(url, headers=bearer(secret))


def test_my_readiness_says_what_the_page_says(client, world):
    artifact = artifact_create(owner=world.owner, data={"title": "Checkout"})
    criterion = world.owner.ladder.criteria.order_by("position").first()
    artifact.tags.create(criterion=criterion, strength="strong")
    _, secret = token_for(world.owner, ["readiness:read"])
    body = get(client, api_url("readiness"), secret).json()
    facts = readiness_for(world.owner, viewer=world.owner)
    assert body["sentence"] == facts.sentence and body["target"] == facts.target_label
    first = body["criteria"][0]
    assert first["slug"] == criterion.slug and first["counts"]["strong"] == 1
    assert [row["sentence"] for row in body["criteria"]] == [r.sentence for r in facts.criteria]


def test_the_ladder_gives_my_level_and_the_next(client, world):
    _, secret = token_for(world.owner, ["evidence:read"])
    body = get(client, api_url("ladder"), secret).json()
    assert (body["level"]["code"], body["next_level"]["code"]) == ("L5", "L6")
    assert body["criteria"] and all(c["expectation_next"] for c in body["criteria"])


def test_the_ladder_says_which_criteria_wait_for_other_teams(client, world):
    criterion = world.owner.ladder.criteria.order_by("position").first()
    criterion.needs_confirmation, criterion.min_confirming_teams = True, 3
    criterion.save(update_fields=["needs_confirmation", "min_confirming_teams"])
    _, secret = token_for(world.owner, ["evidence:read"])
    rows = {c["slug"]: c for c in get(client, api_url("ladder"), secret).json()["criteria"]}
    assert (
        rows[criterion.slug]["needs_confirmation"],
        rows[criterion.slug]["min_confirming_teams"],
    ) == (True, 3)


def _due_checkin(world):
    shipped = date(2025, 1, 6)
    artifact = Artifact.objects.create(
        owner=world.owner, title="Shipped work", happened_on=shipped, shipped_on=shipped
    )
    checkins_plan_for(artifact)
    return artifact.checkins.order_by("offset_days").first()


def test_check_ins_due_and_recording_one_with_its_version(client, world):
    checkin = _due_checkin(world)
    _, secret = token_for(world.owner)
    due = get(client, api_url("checkins"), secret).json()
    assert checkin.pk in [row["id"] for row in due]
    url = api_url("checkin", pk=checkin.pk)
    answer = {"version": 1, "outcome": "Conversion up 3%"}
    recorded = client.post(url, answer, content_type="application/json", headers=bearer(secret))
    assert recorded.status_code == 200 and recorded.json()["version"] == 2
    stale = client.post(
        url, answer | {"outcome": "Other"}, content_type="application/json", headers=bearer(secret)
    )
    assert stale.status_code == 409 and stale.json()["current"]["outcome"] == "Conversion up 3%"
    checkin.refresh_from_db()
    assert checkin.outcome == "Conversion up 3%"


def test_a_check_in_link_must_be_http(client, world):
    checkin = _due_checkin(world)
    _, secret = token_for(world.owner)
    response = client.post(
        api_url("checkin", pk=checkin.pk),
        {"version": 1, "outcome": "x", "link": "javascript:alert(1)"},
        content_type="application/json",
        headers=bearer(secret),
    )
    assert response.status_code == 422 and response.json()["field"] == "link"


def test_notifications_list_and_mark_read(client, world):
    first = Notification.objects.create(recipient=world.owner, kind="log_wins", title="One")
    Notification.objects.create(recipient=world.owner, kind="log_wins", title="Two")
    Notification.objects.create(recipient=world.manager, kind="log_wins", title="Not yours")
    _, secret = token_for(world.owner, ["readiness:read"])
    page = get(client, api_url("notifications") + "?limit=1", secret).json()
    assert [n["title"] for n in page["items"]] == ["Two"] and page["unread"] == 2
    rest = get(client, api_url("notifications") + f"?cursor={page['next_cursor']}", secret).json()
    assert [n["title"] for n in rest["items"]] == ["One"] and rest["next_cursor"] is None
    client.post(api_url("notification_read", pk=first.pk), headers=bearer(secret))
    assert get(client, api_url("notifications") + "?unread=true", secret).json()["unread"] == 1
    marked = client.post(api_url("notifications_read_all"), headers=bearer(secret)).json()
    assert marked == {"marked": 1}


def test_docs_shared_with_me_and_their_versions(client, world):
    review_round = shared_round(world)
    _, secret = token_for(world.mentor, ["reviews:read"])
    listed = get(client, api_url("docs"), secret).json()
    assert [(d["id"], [v["number"] for v in d["versions"]]) for d in listed] == [
        (review_round.document_id, [1])
    ]
    version = get(client, api_url("doc_version", pk=review_round.document_id, number=1), secret)
    assert version.status_code == 200 and version.json()["sections"]
    viewed = AuditEntry.objects.views_of(world.owner).filter(actor=world.mentor)
    assert viewed.filter(detail="Version 1").exists()
    _, manager_secret = token_for(world.manager, ["reviews:read"])
    assert get(client, api_url("docs"), manager_secret).json() == []


def test_my_team_rows_are_the_dashboards_snapshots(client, world):
    snapshot_refresh(person_id=world.owner.pk)
    _, secret = token_for(world.manager, ["team:read"])
    body = get(client, api_url("team"), secret).json()
    rows = {row["person_id"]: row for row in body["rows"]}
    assert world.owner.pk in rows and world.other_engineer.pk not in rows
    snapshot = world.owner.snapshot
    assert rows[world.owner.pk]["status"] == snapshot.status
    assert rows[world.owner.pk]["criteria"] == snapshot.cells


def test_team_read_is_refused_to_an_engineers_token(client, world):
    _, secret = token_for(world.owner, ALL_SCOPES)
    response = get(client, api_url("team"), secret)
    assert response.status_code == 403 and "team:read" in response.json()["message"]
