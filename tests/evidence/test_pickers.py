"""Teams and collaborators are checkboxes in a labelled group, never a ctrl-click select."""

from django.urls import reverse

from evidence.models import Artifact
from tests.evidence.test_views import form_data


def test_the_form_offers_checkbox_groups_not_multi_selects(world, client):
    client.force_login(world.owner)
    page = client.get(reverse("evidence_new")).content.decode()
    for name in ("teams_touched", "teams_adopted", "collaborators"):
        assert f'type="checkbox" name="{name}"' in page and f'<select name="{name}"' not in page
    for legend in ("Teams touched", "Teams that adopted it", "Collaborators"):
        assert f"<legend>{legend}</legend>" in page
    assert 'class="picker"' in page and f'value="{world.mentor.pk}"' in page


def test_checked_boxes_are_saved_and_checked_again_when_editing(world, client):
    client.force_login(world.owner)
    client.post(reverse("evidence_new"), form_data(collaborators=[world.mentor.pk]))
    artifact = Artifact.objects.get()
    assert list(artifact.collaborators.all()) == [world.mentor]
    page = client.get(reverse("evidence_edit", args=[artifact.pk])).content.decode()
    box = page[page.index(f'value="{world.mentor.pk}"') - 200 :][:400]
    assert "checked" in box
