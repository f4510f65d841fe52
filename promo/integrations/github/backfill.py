"""The backfill: someone's merged pull requests since a date, read from GitHub's search API
page by page, each new one made a draft.

Why search (`GET /search/issues?q=is:pr is:merged author:<login> merged:>=<date>`) and not
each repository's pull list: it finds a person's pull requests in every repository their
token can read, without knowing the repositories, and GitHub filters by author and merge
date, so only their pull requests travel. Its limit (the first 1,000 results of a query) is
far beyond what a person merges in the periods people import.

A step runs until the search is read, or until GitHub says to wait: then it returns how long,
and the task (tasks.py) publishes itself again with that countdown instead of sleeping in a
worker. What a step has read is kept in the job, so the next step resumes at its page; the
pull requests of a page read twice are skipped by the GitHubItem constraint.
"""

import re
from datetime import timedelta
from urllib.parse import urlencode

from django.utils import timezone

from promo.integrations.github.client import GitHubUnavailable, api_url, github_get
from promo.integrations.github.drafts import github_draft_create, pull_request_facts
from promo.integrations.github.models import GitHubBackfill, GitHubItem, GitHubLink
from promo.integrations.github.tokens import token_decrypt

PER_PAGE = 100
# Bounds: a rate limit or a bad gateway that does not clear ends the job with a message.
MAX_PAUSES = 12
MAX_BAD_GATEWAYS = 3
# No countdown longer than this: a countdown past the broker's visibility timeout (an hour
# on Redis) is delivered again and again. A longer reset is waited for in several steps.
LONGEST_WAIT = 900
RETRIED_STATUSES = {502, 503, 504}
NEXT_LINK = re.compile(r'<([^>]+)>\s*;\s*rel="next"')

Status = GitHubBackfill.Status


class _Wait(Exception):
    def __init__(self, seconds, message):
        super().__init__(message)
        self.seconds, self.message = seconds, message


class _Stop(Exception):
    """The job cannot go on; the message tells the person why."""


def search_query(login, since):
    return f"is:pr is:merged author:{login} merged:>={since.isoformat()}"


def first_page_url(login, since):
    params = urlencode({"q": search_query(login, since), "per_page": PER_PAGE})
    return f"{api_url('search/issues')}?{params}"


def next_page_url(response):
    match = NEXT_LINK.search(response.headers.get("Link", ""))
    return match.group(1) if match else ""


def _rate_limit_wait(response, now):
    """Seconds GitHub asks us to wait (Retry-After, or X-RateLimit-Reset once
    X-RateLimit-Remaining is 0), or None when it does not."""
    retry_after = response.headers.get("Retry-After", "")
    if retry_after.isdigit():
        return int(retry_after)
    if response.headers.get("X-RateLimit-Remaining") == "0":
        reset = response.headers.get("X-RateLimit-Reset", "")
        if reset.isdigit():
            return max(int(reset) - int(now.timestamp()), 1)
        return 60
    return None


def _checked(job, url, token, now, *, etag=""):
    """GET `url`; the 200 or 304 response, or _Wait / _Stop saying what to do instead.
    The token goes only to GITHUB_API_URL, whatever address an answer points at."""
    if not url.startswith(api_url("")):
        raise _Stop("GitHub pointed outside GITHUB_API_URL, so the import stopped.")
    try:
        response = github_get(url, token=token, etag=etag)
    except GitHubUnavailable as error:
        return _bad_gateway(job, str(error))
    if response.status_code in (200, 304):
        return response
    if response.status_code in (403, 429):
        wait = _rate_limit_wait(response, now)
        if wait is not None:
            raise _Wait(wait, "Paused by GitHub's rate limit; it resumes by itself.")
    if response.status_code in RETRIED_STATUSES:
        return _bad_gateway(job, f"GitHub answered {response.status_code}.")
    if response.status_code == 401:
        raise _Stop("GitHub refused the token (401). Remove it and give a new one.")
    raise _Stop(f"GitHub answered {response.status_code}; the import stopped.")


def _bad_gateway(job, what):
    job.bad_gateways += 1
    if job.bad_gateways > MAX_BAD_GATEWAYS:
        raise _Stop(f"{what} It did not recover after {MAX_BAD_GATEWAYS} tries; try later.")
    raise _Wait(2**job.bad_gateways, f"{what} Trying again shortly.")


def _claim(job_id, now):
    """The job, now running, or None when it is not waiting to run (done, failed, or
    taken by another worker after a redelivered message)."""
    claimed = GitHubBackfill.objects.filter(
        pk=job_id, status__in=[Status.QUEUED, Status.PAUSED]
    ).update(status=Status.RUNNING, resume_at=None, updated_at=now)
    if not claimed:
        return None
    return GitHubBackfill.objects.select_related("person").get(pk=job_id)


PROGRESS = ["status", "next_url", "first_page_etag", "pages_read", "found", "created"]
PROGRESS += ["pauses", "bad_gateways", "resume_at", "message", "updated_at"]


def _save(job, **changes):
    """Keep the job's progress; updated_at is the real time, which tells a stalled job
    (services.STALLED_AFTER) from a long one."""
    for name, value in changes.items():
        setattr(job, name, value)
    job.updated_at = timezone.now()
    job.save(update_fields=PROGRESS)


def _import_item(job, item, token, now):
    """Make a draft of one search result unless it already is one."""
    url = item["pull_request"]["html_url"]
    if GitHubItem.objects.filter(person_id=job.person_id, url=url).exists():
        return
    pull = _checked(job, item["pull_request"]["url"], token, now).json()
    facts = pull_request_facts(pull, pull["base"]["repo"]["full_name"])
    if github_draft_create(person=job.person, facts=facts) is not None:
        job.created += 1


def _read_pages(job, link, now):
    """Read pages from where the job stands until the last; raises _Wait or _Stop."""
    query = search_query(link.login, job.since)
    while True:
        token = token_decrypt(
            GitHubLink.objects.filter(pk=link.pk).values_list("token_encrypted", flat=True).first()
        )
        if not token:
            raise _Stop("The token was removed, so the import stopped.")
        first = job.pages_read == 0
        url = job.next_url or first_page_url(link.login, job.since)
        etag = link.search_etags.get(query, "") if first else ""
        response = _checked(job, url, token, now, etag=etag)
        if response.status_code == 304:
            return "Nothing new since the last import."
        if first:
            job.first_page_etag = response.headers.get("ETag", "")[:200]
        items = response.json().get("items", [])
        for item in items:
            _import_item(job, item, token, now)
        next_url = next_page_url(response)
        _save(
            job,
            pages_read=job.pages_read + 1,
            found=job.found + len(items),
            next_url=next_url,
            bad_gateways=0,
        )
        if not next_url:
            link.search_etags = {**link.search_etags, query: job.first_page_etag}
            link.save(update_fields=["search_etags"])
            return f"Finished: {job.created} new draft{'s' if job.created != 1 else ''}."
        wait = _rate_limit_wait(response, now)
        if wait is not None:  # the last call of this window: wait before the next
            raise _Wait(wait, "Paused by GitHub's rate limit; it resumes by itself.")


def backfill_step(*, job_id, now=None):
    """Run a backfill job until it is done, fails, or GitHub asks to wait. Returns the
    seconds after which the next step should run, or None when there is none."""
    now = now or timezone.now()
    job = _claim(job_id, now)
    if job is None:
        return None
    link = GitHubLink.objects.filter(person_id=job.person_id, verified_at__isnull=False).first()
    try:
        if link is None:
            raise _Stop("The GitHub account was unlinked, so the import stopped.")
        message = _read_pages(job, link, now)
    except _Wait as wait:
        if job.pauses >= MAX_PAUSES:
            _save(job, status=Status.FAILED, message="GitHub kept asking to wait; try later.")
            return None
        seconds = min(wait.seconds, LONGEST_WAIT)
        _save(
            job,
            status=Status.PAUSED,
            pauses=job.pauses + 1,
            resume_at=now + timedelta(seconds=seconds),
            message=wait.message,
        )
        return seconds
    except _Stop as stop:
        _save(job, status=Status.FAILED, message=str(stop))
        return None
    _save(job, status=Status.DONE, next_url="", message=message)
    return None
