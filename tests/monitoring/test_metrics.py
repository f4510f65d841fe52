"""/metrics: who may scrape it, what each process measures, and the database gauges."""

import ipaddress
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from promo.celery import app
from promo.models import Heartbeat, NudgeClaim, ReadinessSnapshot, SnapshotRefreshRequest
from promo.monitoring.queries import operations_figures
from promo.web.tasks import heartbeat
from reviews.models import ExportJob
from tests.factories import engineer
from tests.reviews.factories import shared_round

OUTSIDER = "203.0.113.9"
QUERIES_PER_SCRAPE = 6


@app.task(name="tests.monitoring.always_fails")
def always_fails():
    raise RuntimeError("a task that fails, to be counted")


def scrape(client, **extra):
    response = client.get(reverse("metrics"), **extra)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def sample(text, name, **labels):
    """The value of the sample `name` with exactly these labels (0 when absent)."""
    for family in text_string_to_metric_families(text):
        for found in family.samples:
            if found.name == name and found.labels == labels:
                return found.value
    return 0


def test_loopback_may_scrape_by_default(client, db):
    response = client.get(reverse("metrics"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")


def test_anyone_else_gets_404_signed_in_or_not(client, world):
    assert client.get(reverse("metrics"), REMOTE_ADDR=OUTSIDER).status_code == 404
    client.force_login(world.staff)
    assert client.get(reverse("metrics"), REMOTE_ADDR=OUTSIDER).status_code == 404


def test_a_bearer_token_opens_it_from_anywhere(client, db, settings):
    settings.METRICS_TOKEN = "scrape-secret-0123456789"
    bearer = {"REMOTE_ADDR": OUTSIDER, "HTTP_AUTHORIZATION": "Bearer scrape-secret-0123456789"}
    assert client.get(reverse("metrics"), **bearer).status_code == 200
    for wrong in ("Bearer scrape-secret", "Basic scrape-secret-0123456789", ""):
        headers = {"REMOTE_ADDR": OUTSIDER, "HTTP_AUTHORIZATION": wrong}
        assert client.get(reverse("metrics"), **headers).status_code == 404


def test_no_token_configured_means_no_token_opens_it(client, db, settings):
    settings.METRICS_TOKEN = ""
    headers = {"REMOTE_ADDR": OUTSIDER, "HTTP_AUTHORIZATION": "Bearer "}
    assert client.get(reverse("metrics"), **headers).status_code == 404


def test_configured_networks_replace_loopback(client, db, settings):
    settings.METRICS_ALLOWED_NETWORKS = [ipaddress.ip_network("10.0.0.0/8")]
    assert client.get(reverse("metrics"), REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get(reverse("metrics"), REMOTE_ADDR="127.0.0.1").status_code == 404
    assert client.get(reverse("metrics"), REMOTE_ADDR="::ffff:10.1.2.3").status_code == 200


def test_behind_a_proxy_the_client_s_address_counts_not_the_proxy_s(client, db, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    forwarded = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": OUTSIDER}
    assert client.get(reverse("metrics"), **forwarded).status_code == 404


def test_only_get(client, db):
    assert client.post(reverse("metrics")).status_code == 405


def label_values(text):
    """Every label value of every sample: where a path, had it leaked, would show."""
    return {
        value
        for family in text_string_to_metric_families(text)
        for found in family.samples
        for value in found.labels.values()
    }


def test_request_latency_is_by_route_name_never_by_path(client, db):
    labels = {"view": "candidacy_detail", "method": "GET", "status": "3xx"}
    before = sample(scrape(client), "promo_http_request_duration_seconds_count", **labels)
    for pk in (987654, 987655):
        client.get(reverse("candidacy_detail", args=[pk]))  # anonymous: sent to log in
    text = scrape(client)
    assert sample(text, "promo_http_request_duration_seconds_count", **labels) == before + 2
    assert not [value for value in label_values(text) if "98765" in value]


def test_task_latency_and_failures_by_task(client, db):
    name = "tests.monitoring.always_fails"
    before = sample(scrape(client), "promo_task_failures_total", task=name)
    always_fails.apply()
    heartbeat.apply()
    text = scrape(client)
    assert sample(text, "promo_task_failures_total", task=name) == before + 1
    assert sample(text, "promo_task_duration_seconds_count", task=name, state="FAILURE") >= 1
    count = sample(text, "promo_task_duration_seconds_count", task="promo.heartbeat",
                   state="SUCCESS")  # fmt: skip
    assert count >= 1


@pytest.fixture
def busy_outboxes(world):
    """A day of nudges, and work waiting in each outbox, at known ages."""
    version = shared_round(world).version
    NudgeClaim.objects.all().delete()  # the round's own review requests
    now = timezone.now()
    people = [engineer("L4") for _ in range(4)]

    def claim(person, kind, **fields):
        return NudgeClaim.objects.create(person=person, kind=kind, period="2026-W48", **fields)

    claim(people[0], "digest", status="sent", emailed=True, finished_at=now)
    claim(people[1], "digest", status="sent", emailed=False, finished_at=now)
    claim(people[2], "digest", status="failed", finished_at=now)
    claim(people[0], "log_wins", created_at=now - timedelta(hours=2), enqueued_at=None)
    claim(people[1], "log_wins", status="retrying", not_before=now + timedelta(minutes=5),
          enqueued_at=now)  # fmt: skip
    claim(people[3], "mention", created_at=now - timedelta(days=3), status="sent",
          finished_at=now - timedelta(days=3))  # fmt: skip
    ExportJob.objects.create(version=version, requested_by=world.owner, enqueued_at=None)
    ExportJob.objects.create(version=version, requested_by=world.owner, enqueued_at=now)
    SnapshotRefreshRequest.objects.create(
        person=people[0], requested_at=now - timedelta(minutes=5), published_at=None
    )
    SnapshotRefreshRequest.objects.create(person=people[1], requested_at=now, published_at=now)
    ReadinessSnapshot.objects.filter(person__in=people).delete()
    ReadinessSnapshot.objects.update(computed_at=now - timedelta(minutes=10))
    ReadinessSnapshot.objects.create(person=people[2], computed_at=now - timedelta(minutes=30))
    Heartbeat.objects.update_or_create(name="worker", defaults={"beat_at": now})
    return now


def test_the_database_gauges(client, busy_outboxes):
    text = scrape(client)
    assert sample(text, "promo_nudges_claimed_last_24h", kind="digest") == 3
    assert sample(text, "promo_nudges_sent_last_24h", kind="digest") == 2
    assert sample(text, "promo_nudges_emailed_last_24h", kind="digest") == 1
    assert sample(text, "promo_nudges_failed_last_24h", kind="digest") == 1
    assert sample(text, "promo_nudges_claimed_last_24h", kind="log_wins") == 2
    assert sample(text, "promo_nudges_claimed_last_24h", kind="mention") == 0  # 3 days old
    assert sample(text, "promo_nudges_open") == 2
    assert sample(text, "promo_outbox_depth", outbox="nudges") == 1
    assert sample(text, "promo_outbox_depth", outbox="pdf_exports") == 1
    assert sample(text, "promo_outbox_depth", outbox="snapshot_refreshes") == 1
    assert sample(text, "promo_pdf_exports_queued") == 2
    assert sample(text, "promo_snapshot_refreshes_pending") == 2
    # The retrying claim waits for its not_before on purpose: the pending one is older.
    assert 7190 < sample(text, "promo_nudge_oldest_unsent_age_seconds") < 7300
    assert 290 < sample(text, "promo_snapshot_refresh_lag_seconds") < 400
    assert 1790 < sample(text, "promo_snapshot_oldest_age_seconds") < 1900
    assert sample(text, "promo_worker_heartbeat_age_seconds") < 60


def test_with_nothing_waiting_the_ages_are_zero_and_a_missing_heartbeat_infinite(client, db):
    text = scrape(client)
    assert sample(text, "promo_nudge_oldest_unsent_age_seconds") == 0
    assert sample(text, "promo_snapshot_refresh_lag_seconds") == 0
    assert sample(text, "promo_worker_heartbeat_age_seconds") == float("inf")
    assert sample(text, "promo_nudges_claimed_last_24h", kind="digest") == 0  # still a series


def test_a_scrape_costs_a_fixed_number_of_queries(client, busy_outboxes):
    with CaptureQueriesContext(connection) as few:
        operations_figures(now=timezone.now())
    people = [engineer("L4") for _ in range(30)]
    NudgeClaim.objects.bulk_create(
        NudgeClaim(person=person, kind=kind, period="2026-W49")
        for person in people
        for kind in ("digest", "log_wins", "mention")
    )
    with CaptureQueriesContext(connection) as many:
        scrape(client)
    queries = "\n".join(query["sql"] for query in many.captured_queries)
    assert len(few) == QUERIES_PER_SCRAPE, queries
    assert len(many) == QUERIES_PER_SCRAPE, queries


def test_the_last_day_s_claims_are_read_through_a_brin_index(db):
    """operations_figures' one read that is not a small table or a B-tree's range."""
    from tests.nudges.conftest import require_postgres

    require_postgres()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'nudge_claim_created_brin'"
        )
        [(definition,)] = cursor.fetchall()
    assert "USING brin (created_at)" in definition
