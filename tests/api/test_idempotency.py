"""Idempotency-Key on the API's writes: a retried write is answered, not done twice."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from evidence.models import Artifact, ArtifactTag
from promo.api.idempotency import idempotency_keys_purge
from promo.api.tasks import purge_idempotency_keys
from promo.models import IdempotencyKey
from tests.api.conftest import api_url, bearer, token_for
from tests.conftest import require

BODY = {"title": "Shipped checkout", "kind": "project"}


def send(client, secret, key, body=BODY, url=None, method="post"):
    headers = {**bearer(secret), "Idempotency-Key": key}
    return getattr(client, method)(
        url or api_url("evidence"), body, content_type="application/json", headers=headers
    )


@pytest.mark.django_db
def test_the_same_key_twice_logs_one_artifact_and_answers_the_same(client, world):
    secret = token_for(world.owner)[1]
    first = send(client, secret, "k-1")
    again = send(client, secret, "k-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first
    assert Artifact.objects.filter(owner=world.owner).count() == 1
    # A new key is a new write.
    assert send(client, secret, "k-2").json()["id"] != first.json()["id"]
    assert Artifact.objects.filter(owner=world.owner).count() == 2


@pytest.mark.django_db
def test_the_same_key_with_another_body_or_path_is_refused(client, world):
    secret = token_for(world.owner)[1]
    assert send(client, secret, "k-1").status_code == 201
    other = send(client, secret, "k-1", {**BODY, "title": "Something else"})
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert other.json()["field"] == "Idempotency-Key"
    checkin_url = api_url("checkin", pk=1)
    assert send(client, secret, "k-1", {"version": 1}, url=checkin_url).status_code == 422
    assert Artifact.objects.filter(owner=world.owner).count() == 1


@pytest.mark.django_db
def test_keys_belong_to_their_owner(client, world):
    assert send(client, token_for(world.owner)[1], "shared-key").status_code == 201
    assert send(client, token_for(world.other_engineer)[1], "shared-key").status_code == 201
    assert Artifact.objects.filter(title=BODY["title"]).count() == 2


@pytest.mark.django_db
def test_a_failed_write_is_not_remembered(client, world):
    secret = token_for(world.owner)[1]
    refused = send(client, secret, "k-1", {"kind": "project"})
    assert refused.status_code == 422 and refused.json()["field"] == "title"
    assert not IdempotencyKey.objects.exists()
    assert send(client, secret, "k-1").status_code == 201  # corrected and sent again


@pytest.mark.django_db
def test_a_key_promo_cannot_store_is_refused(client, world):
    secret = token_for(world.owner)[1]
    for key in ("x" * 256, "  ", "clé"):
        response = send(client, secret, key)
        assert response.status_code == 422, key
        assert response.json()["field"] == "Idempotency-Key"
    assert not Artifact.objects.exists()


@pytest.mark.django_db
def test_a_tag_and_a_check_in_replay_their_first_answer(client, world):
    from tests.api.test_more_endpoints import _due_checkin

    secret = token_for(world.owner)[1]
    artifact_id = send(client, secret, "log").json()["id"]
    slug = world.owner.ladder.criteria.order_by("position").first().slug
    tag_url = api_url("artifact_tag", pk=artifact_id, criterion=slug)
    tag = {"strength": "strong", "rationale": "Led it"}
    first = send(client, secret, "tag", tag, url=tag_url, method="put")
    assert first.status_code == 200
    assert send(client, secret, "tag", tag, url=tag_url, method="put").json() == first.json()
    assert ArtifactTag.objects.filter(artifact_id=artifact_id).count() == 1

    checkin = _due_checkin(world)
    answer = {"version": 1, "outcome": "Conversion up 3%"}
    url = api_url("checkin", pk=checkin.pk)
    recorded = send(client, secret, "checkin", answer, url=url)
    assert recorded.status_code == 200 and recorded.json()["version"] == 2
    # Without the key this retry would be a 409: version 1 is stale now.
    replayed = send(client, secret, "checkin", answer, url=url)
    assert replayed.status_code == 200 and replayed.json() == recorded.json()


@pytest.mark.django_db
def test_keys_expire_after_a_day(client, world):
    secret = token_for(world.owner)[1]
    assert send(client, secret, "k-1").status_code == 201
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=25))
    # Expired: the key starts afresh, as it would after the daily purge.
    assert send(client, secret, "k-1").status_code == 201
    assert Artifact.objects.count() == 2
    assert "Idempotent-Replayed" not in send(client, secret, "k-2")
    IdempotencyKey.objects.filter(key="k-2").update(created_at=timezone.now() - timedelta(days=2))
    assert purge_idempotency_keys() == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["k-1"]
    assert idempotency_keys_purge(now=timezone.now() + timedelta(days=2)) == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_sends_of_one_key_log_one_artifact(world):
    """Released together, each from its own connection: the unique (owner, key) row makes
    all but one wait for the first transaction and replay it."""
    require(connection.vendor == "postgresql", "the unique index's wait needs PostgreSQL")
    secret = token_for(world.owner)[1]
    count = 8
    start = threading.Barrier(count)
    answers = [None] * count

    def post(index):
        try:
            start.wait(timeout=60)
            answers[index] = send(Client(), secret, "same-key")
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 60
    for thread in threads:
        thread.join(timeout=max(0, deadline - time.monotonic()))
    assert not any(thread.is_alive() for thread in threads), "sends still running after 60 s"
    assert [answer.status_code for answer in answers] == [201] * count
    assert len({answer.content for answer in answers}) == 1
    assert sum("Idempotent-Replayed" in answer for answer in answers) == count - 1
    assert Artifact.objects.filter(owner=world.owner).count() == 1
