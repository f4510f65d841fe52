"""Pages, fragments and JSON go out gzipped to a client that accepts it; files do not."""

import gzip

from django.urls import reverse

from tests.evidence.factories import attached, saved_artifact


def _get(client, url, **headers):
    return client.get(url, headers={"Accept-Encoding": "gzip, deflate", **headers})


def test_a_page_is_gzipped_for_a_client_that_accepts_it(client, world):
    saved_artifact(world.owner, title="Checkout latency halved")
    client.force_login(world.owner)
    response = _get(client, reverse("evidence_list"))
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert "Checkout latency halved" in gzip.decompress(response.content).decode()


def test_an_htmx_fragment_and_the_api_are_gzipped_too(client, world):
    for number in range(5):
        saved_artifact(world.owner, title=f"Win number {number} of the quarter")
    client.force_login(world.owner)
    fragment = _get(client, reverse("evidence_list"), **{"HX-Request": "true"})
    assert fragment["Content-Encoding"] == "gzip"
    api = _get(client, reverse("api:evidence"))
    assert api["Content-Encoding"] == "gzip"
    assert "Win number 4" in gzip.decompress(api.content).decode()


def test_nothing_is_gzipped_for_a_client_that_does_not_ask(client, world):
    client.force_login(world.owner)
    response = client.get(reverse("evidence_list"))
    assert not response.has_header("Content-Encoding")
    assert b"<html" in response.content


def test_an_uploaded_image_passes_untouched(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    artifact = saved_artifact(world.owner)
    attachment = attached(artifact, name="chart.png", content=b"\x89PNG\r\n\x1a\n" + b"0" * 400)
    client.force_login(world.owner)
    url = reverse("evidence_attachment", args=[artifact.pk, attachment.pk])
    assert not _get(client, url).has_header("Content-Encoding")
