"""The webhook: signed deliveries of merged pull requests and closed issues by a linked
account become drafts; everything else is acknowledged and leaves no draft."""

import json
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from evidence.models import Artifact
from promo.integrations.github.services import github_link_claim
from promo.models import GitHubDelivery, GitHubItem
from tests.promo.integrations.github.conftest import (
    closed_issue,
    deliver,
    merged_pull_request,
    payload,
    sign,
)

pytestmark = pytest.mark.usefixtures("webhook_secret")


def test_a_merged_pull_request_becomes_a_draft(db, linked_owner):
    # CSRF checks on, as in production: the webhook is exempt and needs no session.
    response = deliver(Client(enforce_csrf_checks=True), "pull_request", merged_pull_request())
    assert response.status_code == 200, response.content
    assert response.content == b"draft created"
    draft = Artifact.objects.get(owner=linked_owner)
    assert draft.is_draft
    assert draft.title == "Update the README with new information."
    assert draft.happened_on == date(2019, 5, 15)
    assert "**Codertocat/Hello-World**" in draft.body
    assert "+1 / −1" in draft.body and "Labels: bug." in draft.body
    link = draft.links.get()
    assert link.url == "https://github.com/Codertocat/Hello-World/pull/2"
    assert link.label == "Codertocat/Hello-World#2"
    assert GitHubItem.objects.get().artifact == draft
    assert GitHubDelivery.objects.get().outcome == "draft created"


def test_a_closed_issue_becomes_a_draft_for_who_closed_it(db, linked_owner):
    response = deliver(Client(), "issues", closed_issue())
    assert response.status_code == 200 and response.content == b"draft created"
    draft = Artifact.objects.get(owner=linked_owner)
    assert draft.title == "Spelling error in the README file"
    assert draft.happened_on == date(2019, 5, 16)
    assert "Closed issue in **Codertocat/Hello-World**" in draft.body


@pytest.mark.parametrize("signature", ["sha256=" + "0" * 64, "sha1=abc", "missing"])
def test_a_bad_or_missing_signature_is_refused_and_writes_nothing(db, linked_owner, signature):
    response = deliver(Client(), "pull_request", merged_pull_request(), signature=signature)
    assert response.status_code == 401
    assert not GitHubDelivery.objects.exists() and not Artifact.objects.exists()


def test_a_signature_with_another_secret_is_refused(db, linked_owner):
    body = json.dumps(merged_pull_request()).encode()
    response = deliver(Client(), "pull_request", body, signature=sign(body, "another secret"))
    assert response.status_code == 401 and not Artifact.objects.exists()


def test_without_a_configured_secret_every_delivery_is_refused(db, linked_owner, settings):
    settings.GITHUB_WEBHOOK_SECRET = ""
    response = deliver(Client(), "pull_request", merged_pull_request())
    assert response.status_code == 401 and not GitHubDelivery.objects.exists()


def test_a_redelivery_is_acknowledged_and_ignored(db, linked_owner):
    first = deliver(Client(), "pull_request", merged_pull_request(), delivery="d-1")
    again = deliver(Client(), "pull_request", merged_pull_request(), delivery="d-1")
    assert first.status_code == again.status_code == 200
    assert again.content == b"ignored: redelivery"
    assert Artifact.objects.count() == 1 and GitHubDelivery.objects.count() == 1


def test_the_same_pull_request_in_a_new_delivery_makes_no_second_draft(db, linked_owner):
    deliver(Client(), "pull_request", merged_pull_request(), delivery="d-1")
    response = deliver(Client(), "pull_request", merged_pull_request(), delivery="d-2")
    assert response.status_code == 200 and response.content == b"ignored: already a draft"
    assert Artifact.objects.count() == 1


def test_a_deleted_draft_is_not_brought_back(db, linked_owner):
    deliver(Client(), "pull_request", merged_pull_request())
    Artifact.objects.get().delete()
    response = deliver(Client(), "pull_request", merged_pull_request())
    assert response.content == b"ignored: already a draft" and not Artifact.objects.exists()


def test_events_of_an_unlinked_account_are_acknowledged_and_dropped(db, world):
    response = deliver(Client(), "pull_request", merged_pull_request())
    assert response.status_code == 200
    assert response.content.startswith(b"dropped")
    assert not Artifact.objects.exists() and not GitHubItem.objects.exists()


def test_an_account_without_an_id_matches_no_link_by_id(db, linked_owner):
    event = merged_pull_request()
    event["pull_request"]["user"] = {"login": "hubot"}  # linked_owner's link has no id
    assert deliver(Client(), "pull_request", event).content.startswith(b"dropped")
    assert not Artifact.objects.exists()


def test_a_pending_link_is_not_enough(db, world):
    github_link_claim(person=world.owner, login="Codertocat")
    response = deliver(Client(), "pull_request", merged_pull_request())
    assert response.content.startswith(b"dropped") and not Artifact.objects.exists()


def test_a_pull_request_closed_without_merging_is_ignored(db, linked_owner):
    response = deliver(Client(), "pull_request", payload("pull_request.closed"))
    assert response.status_code == 200
    assert response.content == b"ignored: closed without merging"
    assert not Artifact.objects.exists()


def test_other_pull_request_actions_are_ignored(db, linked_owner):
    event = merged_pull_request()
    event["action"] = "labeled"
    assert deliver(Client(), "pull_request", event).status_code == 200
    assert not Artifact.objects.exists()


def test_an_issue_closed_as_not_planned_is_ignored(db, linked_owner):
    event = closed_issue()
    event["issue"]["state_reason"] = "not_planned"
    assert deliver(Client(), "issues", event).content == b"ignored: closed as not planned"
    assert not Artifact.objects.exists()


def test_ping_answers_200(db):
    response = deliver(Client(), "ping", payload("ping"))
    assert response.status_code == 200 and response.content == b"pong"


def test_an_unknown_event_type_is_acknowledged_and_writes_no_draft(db, linked_owner):
    event = {"action": "created", "starred_at": "2019-05-15T15:20:40Z"}
    response = deliver(Client(), "star", event)
    assert response.status_code == 200
    assert not Artifact.objects.exists() and not GitHubItem.objects.exists()


def test_a_form_encoded_delivery_is_read_from_its_payload_field(db, linked_owner):
    from urllib.parse import urlencode

    body = urlencode({"payload": json.dumps(merged_pull_request())}).encode()
    response = Client().post(
        reverse("github_webhook"),
        body,
        content_type="application/x-www-form-urlencoded",
        headers={
            "X-GitHub-Event": "pull_request",
            "X-GitHub-Delivery": "form-1",
            "X-Hub-Signature-256": sign(body),
        },
    )
    assert response.status_code == 200 and Artifact.objects.count() == 1


def test_a_signed_body_that_is_not_json_is_a_bad_request(db):
    response = deliver(Client(), "pull_request", b"not json")
    assert response.status_code == 400 and not GitHubDelivery.objects.exists()


def test_get_is_not_allowed_and_needs_no_login(db):
    assert Client().get(reverse("github_webhook")).status_code == 405


def test_old_delivery_ids_are_forgotten_by_the_daily_purge(db):
    from datetime import UTC, datetime, timedelta

    from django_celery_beat.models import PeriodicTask

    from promo.integrations.github.webhook import webhook_deliveries_purge

    now = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    GitHubDelivery.objects.create(delivery_id="old", event="ping", received_at=now - timedelta(31))
    GitHubDelivery.objects.create(delivery_id="new", event="ping", received_at=now - timedelta(29))
    assert webhook_deliveries_purge(now=now) == 1
    assert list(GitHubDelivery.objects.values_list("delivery_id", flat=True)) == ["new"]
    schedule = PeriodicTask.objects.get(task="promo.github_purge_deliveries")
    assert (schedule.interval.every, schedule.interval.period) == (1, "days")
