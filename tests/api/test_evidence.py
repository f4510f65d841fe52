"""Evidence through the API: the same rules as the pages, and nothing partial written."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from evidence.models import Artifact, ArtifactTag
from evidence.services import artifact_create, artifact_update
from promo.models import AuditEntry, Criterion, Ladder
from tests.api.conftest import api_url, bearer, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret(world):
    return token_for(world.owner)[1]


def post(client, url, body, secret, method="post"):
    return getattr(client, method)(
        url, body, content_type="application/json", headers=bearer(secret)
    )


def test_it_logs_a_win_that_shows_on_the_evidence_page(client, world, secret):
    response = post(
        client,
        api_url("evidence"),
        {
            "title": "Shipped checkout",
            "kind": "project",
            "links": [{"label": "PR", "url": "https://git.example.com/1"}],
        },
        secret,
    )
    assert response.status_code == 201
    body = response.json()
    assert body["title"] == "Shipped checkout" and body["version"] == 1
    assert body["links"] == [{"label": "PR", "url": "https://git.example.com/1"}]
    client.force_login(world.owner)
    assert b"Shipped checkout" in client.get("/evidence/").content


def test_each_listed_artifact_is_the_artifact_as_read_alone(client, world, secret):
    criteria = list(Criterion.objects.filter(ladder=world.owner.ladder).order_by("-position"))
    body = {"title": "Tagged", "shipped_on": "2026-01-05", "metrics": "p95 -40%"}
    created = [post(client, api_url("evidence"), body, secret).json() for _ in range(2)]
    for criterion in criteria[:3]:
        ArtifactTag.objects.create(
            artifact_id=created[0]["id"], criterion=criterion, rationale="Led it"
        )
    listed = client.get(api_url("evidence"), headers=bearer(secret)).json()["items"]
    assert [item["id"] for item in listed] == [created[1]["id"], created[0]["id"]]
    for item in listed:
        read = client.get(api_url("artifact", pk=item["id"]), headers=bearer(secret)).json()
        del read["links"]
        assert item == read


@pytest.mark.parametrize(
    "stamp",
    [
        datetime(2026, 1, 5, 9, 30, tzinfo=UTC),  # a whole second: no fraction
        datetime(2026, 1, 5, 9, 30, 0, 999, tzinfo=UTC),  # under a millisecond: ".000"
        datetime(2026, 1, 5, 9, 30, 0, 999999, tzinfo=UTC),  # cut, not rounded up
        datetime(2026, 1, 5, 23, 30, 0, 123456, tzinfo=timezone(timedelta(hours=-5))),
    ],
)
def test_the_list_writes_times_and_text_as_reading_alone_does(client, world, secret, stamp):
    """The list's JSON is written by PostgreSQL, the artifact's by Python: the same
    values must come out, to the character."""
    text = 'Line one\nsaid "ça marche" \\ tab\there \u2028 😀 <b>&'
    artifact = artifact_create(
        owner=world.owner, data={"title": text, "body": text, "shipped_on": date(2026, 1, 5)}
    )
    Artifact.objects.filter(pk=artifact.pk).update(created_at=stamp, updated_at=stamp)
    [item] = client.get(api_url("evidence"), headers=bearer(secret)).json()["items"]
    read = client.get(api_url("artifact", pk=artifact.pk), headers=bearer(secret)).json()
    del read["links"]
    assert item == read
    assert item["title"] == text and item["tags"] == []


def test_the_answer_to_a_create_is_the_artifact_as_read_back(client, world, secret):
    links = [
        {"label": "PR", "url": "https://git.example.com/1"},
        {"label": "B", "url": "https://b.example"},
    ]
    body = {"title": "Shipped", "shipped_on": "2026-01-05", "is_draft": True, "links": links}
    created = post(client, api_url("evidence"), body, secret).json()
    read = client.get(api_url("artifact", pk=created["id"]), headers=bearer(secret)).json()
    assert created == read


def test_a_stale_update_is_409_with_the_current_version_and_changes_nothing(client, world, secret):
    artifact = artifact_create(owner=world.owner, data={"title": "Checkout"})
    artifact_update(
        artifact=artifact, data={"title": "Checkout v2"}, expected_version=1, by=world.owner
    )
    response = post(
        client,
        api_url("artifact", pk=artifact.pk),
        {"version": 1, "title": "Mine"},
        secret,
        "patch",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "stale_version" and response.json()["field"] == "version"
    assert response.json()["current"]["title"] == "Checkout v2"
    assert response.json()["current"]["version"] == 2
    artifact.refresh_from_db()
    assert (artifact.title, artifact.version) == ("Checkout v2", 2)


def test_an_update_with_the_current_version_changes_only_what_was_sent(client, world, secret):
    artifact = artifact_create(owner=world.owner, data={"title": "Checkout", "impact": "Faster"})
    response = post(
        client,
        api_url("artifact", pk=artifact.pk),
        {"version": 1, "title": "Checkout 2"},
        secret,
        "patch",
    )
    assert response.status_code == 200 and response.json()["version"] == 2
    artifact.refresh_from_db()
    assert (artifact.title, artifact.impact) == ("Checkout 2", "Faster")


def test_unknown_fields_are_refused_naming_the_field(client, world, secret):
    response = post(client, api_url("evidence"), {"title": "x", "titel": "y"}, secret)
    assert response.status_code == 422
    assert response.json()["code"] == "unknown_field" and response.json()["field"] == "titel"
    assert not Artifact.objects.exists()


def test_invalid_input_is_422_with_every_fault(client, world, secret):
    response = post(client, api_url("evidence"), {"kind": "nope"}, secret)
    assert response.status_code == 422
    fields = {fault["field"] for fault in response.json()["errors"]}
    assert fields == {"title", "kind"}


def test_a_bad_link_writes_nothing(client, world, secret):
    response = post(
        client,
        api_url("evidence"),
        {"title": "x", "links": [{"label": "x", "url": "javascript:alert(1)"}]},
        secret,
    )
    assert response.status_code == 422
    assert not Artifact.all_objects.exists()


def test_a_10_mb_body_is_refused_before_it_is_read(client, world, secret):
    body = b'{"title": "' + b"x" * (10 * 1024 * 1024) + b'"}'
    response = client.generic(
        "POST", api_url("evidence"), body, content_type="application/json", headers=bearer(secret)
    )
    assert response.status_code == 413
    assert response.json()["code"] == "body_too_large"
    assert not Artifact.objects.exists()


def test_someone_elses_evidence_read_by_token_shows_in_their_viewers(client, world):
    artifact = artifact_create(owner=world.owner, data={"title": "Checkout"})
    _, manager_secret = token_for(world.manager, ["evidence:read"])
    assert (
        client.get(api_url("artifact", pk=artifact.pk), headers=bearer(manager_secret)).status_code
        == 200
    )
    url = api_url("evidence") + f"?person={world.owner.pk}"
    assert client.get(url, headers=bearer(manager_secret)).status_code == 200
    views = AuditEntry.objects.views_of(world.owner).filter(actor=world.manager)
    assert sorted(views.values_list("detail", "target_id")) == [
        ("", str(artifact.pk)),
        ("Evidence list", ""),
    ]


def test_the_owner_reading_their_own_is_not_recorded(client, world, secret):
    artifact = artifact_create(owner=world.owner, data={"title": "Checkout"})
    client.get(api_url("artifact", pk=artifact.pk), headers=bearer(secret))
    assert not AuditEntry.objects.views_of(world.owner).exists()


def test_an_outsider_cannot_list_someone_elses_evidence(client, world):
    artifact_create(owner=world.owner, data={"title": "Checkout"})
    _, secret = token_for(world.other_engineer, ["evidence:read"])
    response = client.get(api_url("evidence") + f"?person={world.owner.pk}", headers=bearer(secret))
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_drafts_and_private_work_stay_off_a_managers_list(client, world):
    artifact_create(owner=world.owner, data={"title": "Shared"})
    artifact_create(owner=world.owner, data={"title": "Draft", "is_draft": True})
    artifact_create(owner=world.owner, data={"title": "Mine", "visibility": "private"})
    _, secret = token_for(world.manager, ["evidence:read"])
    response = client.get(api_url("evidence") + f"?person={world.owner.pk}", headers=bearer(secret))
    assert [item["title"] for item in response.json()["items"]] == ["Shared"]


def test_the_list_filters_like_the_page_and_pages_by_cursor(client, world, secret):
    for day in range(1, 6):
        artifact_create(
            owner=world.owner,
            data={
                "title": f"Day {day}",
                "happened_on": date(2026, 3, day),
                "kind": "incident" if day % 2 else "project",
            },
        )
    first = client.get(api_url("evidence") + "?limit=2", headers=bearer(secret)).json()
    assert [item["title"] for item in first["items"]] == ["Day 5", "Day 4"]
    second = client.get(
        api_url("evidence") + f"?limit=2&cursor={first['next_cursor']}", headers=bearer(secret)
    ).json()
    assert [item["title"] for item in second["items"]] == ["Day 3", "Day 2"]
    incidents = client.get(
        api_url("evidence") + "?kind=incident&since=2026-03-02", headers=bearer(secret)
    ).json()
    assert [item["title"] for item in incidents["items"]] == ["Day 5", "Day 3"]
    bad = client.get(api_url("evidence") + "?cursor=nope", headers=bearer(secret))
    assert bad.status_code == 422 and bad.json()["field"] == "cursor"


def test_the_criterion_filter_lists_each_artifact_once_with_all_its_tags(client, world, secret):
    """Criteria of two ladders may share a slug, so the join through tags can meet one
    artifact twice; it is still listed once, with every tag it has."""
    mine = world.owner.ladder.criteria.order_by("position").first()
    twin = Ladder.objects.create(name="Old ladder", slug="old").criteria.create(
        slug=mine.slug, name="Same slug, old ladder", position=0
    )
    both = artifact_create(owner=world.owner, data={"title": "Checkout rewrite"})
    ArtifactTag.objects.create(artifact=both, criterion=mine, strength="strong")
    ArtifactTag.objects.create(artifact=both, criterion=twin, rationale="Before the move")
    artifact_create(owner=world.owner, data={"title": "Checkout docs"})  # untagged
    url = api_url("evidence") + f"?criterion={mine.slug}&q=checkout"
    items = client.get(url, headers=bearer(secret)).json()["items"]
    assert [item["id"] for item in items] == [both.pk]
    assert sorted(tag["criterion_name"] for tag in items[0]["tags"]) == sorted(
        [mine.name, twin.name]
    )


def test_trash_and_restore(client, world, secret):
    artifact = artifact_create(owner=world.owner, data={"title": "Checkout"})
    assert (
        client.delete(api_url("artifact", pk=artifact.pk), headers=bearer(secret)).status_code
        == 204
    )
    assert not Artifact.objects.filter(pk=artifact.pk).exists()
    restored = client.post(api_url("artifact_restore", pk=artifact.pk), headers=bearer(secret))
    assert restored.status_code == 200 and Artifact.objects.filter(pk=artifact.pk).exists()


def test_tags_with_strength_and_why(client, world, secret):
    artifact = artifact_create(owner=world.owner, data={"title": "Checkout"})
    criterion = world.owner.ladder.criteria.order_by("position").first()
    url = api_url("artifact_tag", pk=artifact.pk, criterion=criterion.slug)
    tagged = post(client, url, {"strength": "strong", "rationale": "Led it"}, secret, "put")
    assert tagged.status_code == 200
    listed = client.get(api_url("artifact_tags", pk=artifact.pk), headers=bearer(secret)).json()
    assert listed == [
        {
            "criterion": criterion.slug,
            "criterion_name": criterion.name,
            "strength": "strong",
            "rationale": "Led it",
        }
    ]
    assert client.delete(url, headers=bearer(secret)).status_code == 204
    assert not artifact.tags.exists()
    unknown = post(
        client, api_url("artifact_tag", pk=artifact.pk, criterion="no-such"), {}, secret, "put"
    )
    assert unknown.status_code == 404


def test_a_nul_character_is_refused_not_a_crash(client, world, secret):
    response = post(client, api_url("evidence"), {"title": "a\x00b"}, secret)
    assert response.status_code == 422 and response.json()["field"] == "title"


def test_an_address_matching_no_operation_is_a_json_404(client, world, secret):
    response = client.post("/api/v1/evidence/not-a-number/\n", headers=bearer(secret))
    assert response.status_code == 404 and response.json()["code"] == "not_found"
