"""A webhook and a backfill making a draft of the same pull request at the same moment:
the second waits on the first's GitHubItem row and then makes nothing."""

import threading
import time

import pytest
from django.db import connection, transaction

from evidence.models import Artifact
from promo.integrations.github.drafts import github_draft_create, pull_request_facts
from tests.conftest import require
from tests.promo.integrations.github.conftest import merged_pull_request


@pytest.mark.django_db(transaction=True)
def test_two_writers_of_one_pull_request_make_one_draft(world):
    # SQLite has no second writer waiting on a row: its in-memory test database locks.
    require(connection.vendor == "postgresql", "two writers waiting on one index need PostgreSQL")
    event = merged_pull_request()
    facts = pull_request_facts(event["pull_request"], event["repository"]["full_name"])
    first_wrote, release = threading.Event(), threading.Event()
    results = {}

    def first():
        try:
            with transaction.atomic():  # held open until the second is waiting on it
                results["first"] = github_draft_create(person=world.owner, facts=facts)
                first_wrote.set()
                release.wait(10)
        finally:
            connection.close()

    def second():
        try:
            results["second"] = github_draft_create(person=world.owner, facts=facts)
        finally:
            connection.close()

    one = threading.Thread(target=first)
    one.start()
    assert first_wrote.wait(10)
    two = threading.Thread(target=second)
    two.start()
    time.sleep(0.5)  # the second is now blocked on the unique index
    assert two.is_alive()
    release.set()
    one.join(10)
    two.join(10)
    assert results["first"] is not None and results["second"] is None
    assert Artifact.objects.filter(owner=world.owner).count() == 1
