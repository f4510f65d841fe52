"""A version page's sections are drawn once per change of what they show to their reader:
a renamed citation, a withdrawn confirmation and another reader's view each show at once."""

from unittest.mock import patch

import pytest
from django.urls import reverse

from evidence.models import Artifact
from promo.attestations.services import attestation_withdraw
from reviews.citations import cited_ids_in
from reviews.rendering import PRIVATE_LABEL
from tests.reviews import test_attestation_citations as quoting
from tests.reviews.factories import shared_round

pytestmark = pytest.mark.django_db
quoted_version = quoting.quoted_version  # the fixture: a version quoting two confirmations


def _page(client, viewer, version):
    client.force_login(viewer)
    url = reverse("reviews_version", args=[version.document_id, version.number])
    return client.get(url).content.decode()


def test_a_renamed_citation_shows_on_the_next_view(client, world, quoted_version):
    cited = Artifact.objects.get(title="Retry budgets")
    assert "Retry budgets" in _page(client, world.mentor, quoted_version)

    Artifact.objects.filter(pk=cited.pk).update(title="Retry budgets, everywhere")  # bare write

    assert "Retry budgets, everywhere" in _page(client, world.mentor, quoted_version)


def test_a_withdrawn_confirmation_shows_on_the_next_view(client, world, quoted_version):
    assert "Ezra Engineer" in _page(client, world.mentor, quoted_version)
    attestation = Artifact.objects.get(title="Retry budgets").attestations.get()

    attestation_withdraw(attestation=attestation, by=world.other_engineer)

    page = _page(client, world.mentor, quoted_version)
    assert "withdrawn confirmation" in page and "Ezra Engineer" not in page


def test_each_reader_sees_only_what_they_may(client, world, quoted_version):
    assert "Hush" in _page(client, world.owner, quoted_version)  # drawn for the owner first

    page = _page(client, world.mentor, quoted_version)

    assert "Hush" not in page and PRIVATE_LABEL in page
    assert "Ezra Engineer" in page and quoting.WORDS.split(" <")[0] in page


def test_a_second_view_draws_nothing(client, world, quoted_version):
    first = _page(client, world.mentor, quoted_version)
    with patch("reviews.rendering.rendered_sections", side_effect=AssertionError("drawn")):
        again = _page(client, world.mentor, quoted_version)
    assert again.split("<main")[1].split("csrfmiddlewaretoken")[0] in first
    assert "Ezra Engineer" in again


def test_a_renamed_or_hidden_citation_shows_on_the_next_view(client, world):
    version = shared_round(world).version
    cited = Artifact.objects.filter(pk__in=cited_ids_in(version.sections)).first()
    assert cited.title in _page(client, world.mentor, version)

    Artifact.objects.filter(pk=cited.pk).update(title="Renamed since")  # bare write
    assert "Renamed since" in _page(client, world.mentor, version)

    Artifact.objects.filter(pk=cited.pk).update(visibility="private")
    assert "Renamed since" in _page(client, world.owner, version)
    page = _page(client, world.mentor, version)
    assert "Renamed since" not in page and PRIVATE_LABEL in page
