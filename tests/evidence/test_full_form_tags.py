"""The full form tags the artifact on the same page: a strength for each criterion of the
owner's target level, with its expectation beside it, saved with the fields at once."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence.models import Artifact, ArtifactTag
from evidence.services import artifact_tag, artifact_update, tags_fingerprint
from promo.candidacies.targets import target_level_for
from promo.models import Criterion, Expectation, Ladder
from tests.evidence.factories import saved_artifact
from tests.evidence.test_views import form_data


def _criteria(owner):
    return list(Criterion.objects.filter(ladder_id=owner.ladder_id).order_by("position", "pk"))


def _strength(criterion, value):
    return {f"strength_{criterion.pk}": value}


def _all_none(owner):
    return {f"strength_{c.pk}": "" for c in _criteria(owner)}


def test_the_new_form_shows_every_criterion_with_its_expectation(world, client):
    client.force_login(world.owner)
    html = client.get(reverse("evidence_new")).content.decode()
    target = target_level_for(world.owner)
    assert f"Criteria for {target}" in html
    for criterion in _criteria(world.owner):
        assert f'name="strength_{criterion.pk}"' in html
        expectation = Expectation.objects.get(criterion=criterion, level=target)
        assert f'id="expectation-{criterion.pk}"' in html
        assert expectation.text[:40] in html
    assert '<option value="" selected>None</option>' in html
    assert '<option value="exemplary">Exemplary</option>' in html


def test_saving_the_new_form_writes_the_artifact_and_its_tags(world, client):
    client.force_login(world.owner)
    first, second, *_ = _criteria(world.owner)
    chosen = _strength(first, "strong") | _strength(second, "exemplary")
    data = form_data(**(_all_none(world.owner) | chosen))
    response = client.post(reverse("evidence_new"), data)
    assert response.status_code == 302
    artifact = Artifact.objects.get()
    assert {(t.criterion_id, t.strength) for t in artifact.tags.all()} == {
        (first.pk, "strong"),
        (second.pk, "exemplary"),
    }
    assert artifact.revisions.count() == 1
    detail = client.get(response["Location"]).content.decode()
    assert first.name in detail and "Strong" in detail


def test_a_validation_error_keeps_the_typing_and_every_chosen_strength(world, client):
    client.force_login(world.owner)
    first, second, *_ = _criteria(world.owner)
    data = form_data(title="", impact="Halved the pages", **_all_none(world.owner))
    data.update(_strength(first, "strong") | _strength(second, "signal"))
    response = client.post(reverse("evidence_new"), data)
    assert response.status_code == 200
    assert not Artifact.objects.exists() and not ArtifactTag.objects.exists()
    html = response.content.decode()
    assert "This field is required." in html and "Halved the pages" in html
    assert html.count('<option value="strong" selected>Strong</option>') == 1
    assert html.count('<option value="signal" selected>Signal</option>') == 1


def test_a_strength_that_is_not_a_choice_is_refused_and_nothing_saved(world, client):
    client.force_login(world.owner)
    first = _criteria(world.owner)[0]
    response = client.post(reverse("evidence_new"), form_data(**_strength(first, "huge")))
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert not Artifact.objects.exists()


def test_edit_shows_the_tags_and_saves_strength_changes_keeping_rationales(world, client):
    first, second, third, *_ = _criteria(world.owner)
    artifact = saved_artifact(world.owner)
    artifact_tag(artifact=artifact, criterion=first, strength="signal", rationale="Led it")
    artifact_tag(artifact=artifact, criterion=second, strength="strong")
    client.force_login(world.owner)
    url = reverse("evidence_edit", args=[artifact.pk])
    html = client.get(url).content.decode()
    assert '<option value="signal" selected>Signal</option>' in html
    assert '<option value="strong" selected>Strong</option>' in html
    seen = tags_fingerprint(artifact.tags.all())
    assert f'name="tags_seen" value="{seen}"' in html

    data = form_data(version="1", tags_seen=seen, **_all_none(world.owner))
    data.update(_strength(first, "exemplary") | _strength(third, "signal"))
    assert client.post(url, data).status_code == 302
    tags = {t.criterion_id: t for t in artifact.tags.all()}
    assert {pk: t.strength for pk, t in tags.items()} == {first.pk: "exemplary", third.pk: "signal"}
    assert tags[first.pk].rationale == "Led it"
    artifact.refresh_from_db()
    assert artifact.version == 2 and artifact.revisions.count() == 2


def test_a_post_without_strengths_leaves_the_tags_alone(world, client):
    first = _criteria(world.owner)[0]
    artifact = saved_artifact(world.owner)
    artifact_tag(artifact=artifact, criterion=first, strength="strong")
    client.force_login(world.owner)
    url = reverse("evidence_edit", args=[artifact.pk])
    assert client.post(url, form_data(version="1")).status_code == 302
    assert artifact.tags.get().strength == "strong"


def test_strengths_without_the_tags_seen_are_refused_as_out_of_date(world, client):
    first = _criteria(world.owner)[0]
    artifact = saved_artifact(world.owner)
    client.force_login(world.owner)
    url = reverse("evidence_edit", args=[artifact.pk])
    response = client.post(url, form_data(version="1", **_strength(first, "strong")))
    assert response.status_code == 200
    assert "This form is out of date" in response.content.decode()
    assert not artifact.tags.exists()


def test_a_tag_changed_elsewhere_after_opening_the_form_is_a_conflict(world, client):
    first, second, *_ = _criteria(world.owner)
    artifact = saved_artifact(world.owner)
    artifact_tag(artifact=artifact, criterion=first, strength="signal")
    client.force_login(world.owner)
    url = reverse("evidence_edit", args=[artifact.pk])
    seen = tags_fingerprint(artifact.tags.all())
    # Another tab re-rates the tag on the artifact's page; the version does not move.
    artifact_tag(artifact=artifact, criterion=first, strength="exemplary")
    data = form_data(version="1", tags_seen=seen, title="Mine", **_all_none(world.owner))
    data.update(_strength(first, "signal") | _strength(second, "strong"))
    response = client.post(url, data)
    assert response.status_code == 409
    html = response.content.decode()
    assert f"{first.name}: Exemplary" in html and f"{second.name}: Strong" in html
    assert '<option value="strong" selected>Strong</option>' in html  # the typing survives
    current = tags_fingerprint(artifact.tags.all())
    assert f'name="tags_seen" value="{current}"' in html
    artifact.refresh_from_db()
    assert (artifact.version, artifact.title) == (1, "Cut checkout latency")
    assert artifact.tags.get().strength == "exemplary"

    # Saving from the conflict page is a deliberate overwrite of what it showed.
    data.update(version="1", tags_seen=current)
    assert client.post(url, data).status_code == 302
    assert {t.criterion_id: t.strength for t in artifact.tags.all()} == {
        first.pk: "signal",
        second.pk: "strong",
    }


def test_the_service_refuses_a_criterion_off_the_owners_ladder(world):
    artifact = saved_artifact(world.owner)
    ladder = Ladder.objects.create(name="Product design", slug="product-design-test")
    stranger = Criterion.objects.create(ladder=ladder, slug="craft", name="Craft")
    with pytest.raises(ValidationError, match="not on your target level's ladder"):
        artifact_update(
            artifact=artifact, data={"tags": {stranger.pk: "strong"}}, expected_version=1, by=None
        )
    artifact.refresh_from_db()
    assert artifact.version == 1 and not artifact.tags.exists()


def test_without_a_level_the_form_says_how_to_get_criteria(world, client):
    world.owner.level = None
    world.owner.save(update_fields=["level"])
    client.force_login(world.owner)
    html = client.get(reverse("evidence_new")).content.decode()
    assert "Set your level (ask staff)" in html and 'name="strength_' not in html
    assert client.post(reverse("evidence_new"), form_data()).status_code == 302


def _queries(client, url):
    client.get(url)  # the session is warm after one request
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _more_criteria(owner, count):
    target = target_level_for(owner)
    for n in range(count):
        criterion = Criterion.objects.create(
            ladder_id=owner.ladder_id, slug=f"extra-{n}", name=f"Extra {n}", position=100 + n
        )
        Expectation.objects.create(criterion=criterion, level=target, text=f"Expected {n}.")


def test_the_new_and_edit_pages_do_not_grow_with_criteria_or_tags(world, client):
    client.force_login(world.owner)
    artifact = saved_artifact(world.owner)
    artifact_tag(artifact=artifact, criterion=_criteria(world.owner)[0], strength="strong")
    new, edit = reverse("evidence_new"), reverse("evidence_edit", args=[artifact.pk])
    few = _queries(client, new), _queries(client, edit)
    _more_criteria(world.owner, 20)
    for criterion in _criteria(world.owner):
        artifact_tag(artifact=artifact, criterion=criterion, strength="signal")
    assert artifact.tags.count() > 20
    assert (_queries(client, new), _queries(client, edit)) == few
