"""Changing the id in a URL to another person's object of the same kind never reveals or
changes anything.

For every object URL the matrix guards (another engineer is told 404), the owner persona
asks for the same kind of object belonging to someone else: the mirror image of the world,
where Ezra owns the objects, Uma mentors him and Otto manages him. Olive must get what an
outsider gets, see nothing of Ezra's, and leave the database exactly as it was.
"""

import dataclasses

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.access.test_url_matrix import RULES, _request

GUARDED = sorted(
    name
    for name, rule in RULES.items()
    if rule.kwargs and 404 in {rule.expected(m, "other_engineer") for m in ("GET", "POST")}
)
SNAPSHOT_APPS = ["promo", "evidence", "reviews"]


def mirrored(world):
    return dataclasses.replace(
        world,
        owner=world.other_engineer,
        other_engineer=world.owner,
        mentor=world.unassigned_mentor,
        unassigned_mentor=world.mentor,
        manager=world.other_manager,
        other_manager=world.manager,
    )


def snapshot(tmp_path):
    out = tmp_path / "db.json"
    call_command("dumpdata", *SNAPSHOT_APPS, output=str(out), verbosity=0)
    return out.read_text()


def test_the_sample_covers_every_app():
    apps = {name.split("_")[0] for name in GUARDED}
    assert {"evidence", "reviews", "candidacy", "person", "checkin", "notification"} <= apps, apps


@pytest.mark.parametrize("url_name", GUARDED)
def test_a_swapped_id_reveals_and_changes_nothing(url_name, world, client, tmp_path):
    rule = RULES[url_name]
    url = reverse(url_name, kwargs=rule.kwargs(mirrored(world)))
    client.force_login(world.owner)
    before = snapshot(tmp_path)
    failures = []
    for method in ("GET", "HTMX", "POST"):
        expected = rule.expected(method, "other_engineer")
        response = _request(client, method, url)
        if response.status_code != expected:
            failures.append(f"{method} {url}: expected {expected}, got {response.status_code}")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if b"Ezra" in body:
            failures.append(f"{method} {url}: shows Ezra's name")
    assert not failures, "; ".join(failures)
    assert snapshot(tmp_path) == before, f"{url_name}: the database changed"
