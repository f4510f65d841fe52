"""The backfill against the loopback GitHub: pagination, rate limits, bad gateways, ETags,
and no duplicate drafts whichever way a pull request arrives."""

from datetime import UTC, date, datetime, timedelta

import pytest
from celery.signals import before_task_publish
from django.test import Client

from evidence.models import Artifact
from promo.integrations.github.backfill import MAX_BAD_GATEWAYS, backfill_step
from promo.integrations.github.models import GitHubBackfill
from promo.integrations.github.services import github_backfill_request, github_token_forget
from promo.integrations.github.tasks import github_backfill
from tests.promo.integrations.github.conftest import deliver, merged_pull_request

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
SINCE = date(2026, 10, 1)
Status = GitHubBackfill.Status


def new_job(person, since=SINCE):
    return GitHubBackfill.objects.create(person=person, since=since)


def test_it_follows_link_pagination_across_three_pages(db, importer, fake_github):
    job = new_job(importer)
    assert backfill_step(job_id=job.pk, now=NOW) is None
    job.refresh_from_db()
    assert (job.status, job.pages_read, job.found, job.created) == (Status.DONE, 3, 5, 5)
    pages = [call[1].get("page", "1") for call in fake_github.calls_to("/search/issues")]
    assert pages == ["1", "2", "3"]
    query = fake_github.calls_to("/search/issues")[0][1]["q"]
    assert query == "is:pr is:merged author:Codertocat merged:>=2026-10-01"
    drafts = Artifact.objects.filter(owner=importer, is_draft=True)
    assert sorted(drafts.values_list("title", flat=True)) == [
        f"Pull request {n}" for n in range(1, 6)
    ]
    third = drafts.get(title="Pull request 3")
    assert third.happened_on == date(2026, 10, 3)
    assert "+30 / −3" in third.body and "**Codertocat/Hello-World**" in third.body


def test_a_rate_limit_pauses_until_the_reset_and_the_next_step_resumes(db, importer, fake_github):
    reset = int((NOW + timedelta(seconds=60)).timestamp())
    headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)}
    fake_github.answer_next("/repos/Codertocat/Hello-World/pulls/2", 403, headers)
    job = new_job(importer)
    assert backfill_step(job_id=job.pk, now=NOW) == 60
    job.refresh_from_db()
    assert job.status == Status.PAUSED and job.resume_at == NOW + timedelta(seconds=60)
    assert (job.pages_read, job.created) == (0, 1)
    assert backfill_step(job_id=job.pk, now=NOW + timedelta(seconds=61)) is None
    job.refresh_from_db()
    assert (job.status, job.pages_read, job.found, job.created) == (Status.DONE, 3, 5, 5)
    assert Artifact.objects.filter(owner=importer).count() == 5


def test_the_task_reschedules_itself_with_the_countdown_github_asks_for(db, importer, fake_github):
    fake_github.answer_next("/search/issues", 429, {"Retry-After": "30"})
    job = new_job(importer)
    published = []

    def record(sender=None, headers=None, body=None, **kwargs):
        published.append((sender, headers.get("eta"), body[0]))

    before_task_publish.connect(record)
    try:
        github_backfill(job.pk)
    finally:
        before_task_publish.disconnect(record)
    assert len(published) == 1
    name, eta, args = published[0]
    assert name == "promo.github_backfill" and list(args) == [job.pk]
    countdown = datetime.fromisoformat(eta) - datetime.now(UTC)
    assert timedelta(seconds=20) < countdown <= timedelta(seconds=30)
    job.refresh_from_db()
    assert job.status == Status.PAUSED and job.pauses == 1
    github_backfill(job.pk)  # the rescheduled step, run when its countdown is over
    job.refresh_from_db()
    assert job.status == Status.DONE and job.created == 5


def test_a_redelivered_step_of_a_finished_job_does_nothing(db, importer, fake_github):
    job = new_job(importer)
    backfill_step(job_id=job.pk, now=NOW)
    calls = len(fake_github.requests)
    assert backfill_step(job_id=job.pk, now=NOW) is None
    assert len(fake_github.requests) == calls


def test_a_502_is_retried(db, importer, fake_github):
    fake_github.answer_next("/search/issues", 502, times=2)
    job = new_job(importer)
    assert backfill_step(job_id=job.pk, now=NOW) == 2
    assert backfill_step(job_id=job.pk, now=NOW) == 4
    assert backfill_step(job_id=job.pk, now=NOW) is None
    job.refresh_from_db()
    assert (job.status, job.created, job.bad_gateways) == (Status.DONE, 5, 0)


def test_a_502_that_does_not_clear_fails_the_job_with_a_message(db, importer, fake_github):
    fake_github.answer_next("/search/issues", 502, times=MAX_BAD_GATEWAYS + 1)
    job = new_job(importer)
    for _ in range(MAX_BAD_GATEWAYS):
        assert backfill_step(job_id=job.pk, now=NOW) is not None
    assert backfill_step(job_id=job.pk, now=NOW) is None
    job.refresh_from_db()
    assert job.status == Status.FAILED and "did not recover" in job.message
    assert not Artifact.objects.exists()


def test_a_rerun_sends_the_etag_and_makes_no_new_draft(db, importer, fake_github):
    backfill_step(job_id=new_job(importer).pk, now=NOW)
    rerun = new_job(importer)
    assert backfill_step(job_id=rerun.pk, now=NOW) is None
    rerun.refresh_from_db()
    assert (rerun.status, rerun.created) == (Status.DONE, 0)
    assert rerun.message == "Nothing new since the last import."
    last_search = fake_github.calls_to("/search/issues")[-1]
    assert last_search[2].get("If-None-Match", "").startswith('W/"')
    assert Artifact.objects.filter(owner=importer).count() == 5


def test_a_rerun_after_a_new_merge_imports_only_the_new_one(db, importer, fake_github):
    backfill_step(job_id=new_job(importer).pk, now=NOW)
    fake_github.numbers.append(6)
    rerun = new_job(importer)
    backfill_step(job_id=rerun.pk, now=NOW)
    rerun.refresh_from_db()
    assert (rerun.status, rerun.found, rerun.created) == (Status.DONE, 6, 1)
    details = [call[0] for call in fake_github.calls_to("/repos/")]
    assert details.count("/repos/Codertocat/Hello-World/pulls/6") == 1
    assert len(details) == 6  # five on the first run, only the new one on the rerun


def test_a_pull_request_the_webhook_brought_is_not_imported_again(
    db, importer, fake_github, webhook_secret
):
    event = merged_pull_request()
    event["pull_request"] = fake_github.pull(2)
    assert deliver(Client(), "pull_request", event).content == b"draft created"
    job = new_job(importer)
    backfill_step(job_id=job.pk, now=NOW)
    job.refresh_from_db()
    assert (job.found, job.created) == (5, 4)
    assert Artifact.objects.filter(owner=importer).count() == 5


def test_a_removed_token_stops_the_import(db, importer, fake_github):
    job = new_job(importer)
    github_token_forget(person=importer, by=importer)
    backfill_step(job_id=job.pk, now=NOW)
    job.refresh_from_db()
    assert job.status == Status.FAILED and "token was removed" in job.message
    assert not fake_github.requests


def test_a_refused_token_fails_with_a_message(db, importer, fake_github):
    fake_github.answer_next("/search/issues", 401)
    job = new_job(importer)
    backfill_step(job_id=job.pk, now=NOW)
    job.refresh_from_db()
    assert job.status == Status.FAILED and "refused the token" in job.message


def test_an_import_needs_a_verified_link_and_a_token(db, world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Link and verify"):
        github_backfill_request(person=world.owner, since=SINCE)


def test_the_token_never_follows_a_link_outside_the_api(db, importer, fake_github):
    elsewhere = '<http://127.0.0.2:9/search/issues?page=2>; rel="next"'
    fake_github.answer_next("/search/issues", 200, {"Link": elsewhere})
    job = new_job(importer)
    backfill_step(job_id=job.pk, now=NOW)
    job.refresh_from_db()
    assert job.status == Status.FAILED and "outside GITHUB_API_URL" in job.message
