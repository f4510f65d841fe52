"""A corpus of XSS payloads through every text field, checked on every page that shows it.

The check parses the HTML: no script but ours, no event-handler attribute, no
javascript:/data: URL, no htmx attribute carrying the payload, no embedded content.
"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from evidence.models import ArtifactTag
from evidence.services import artifact_create, artifact_update
from promo.models import Criterion
from tests.evidence.factories import attached

PAYLOADS = [
    "<script>alert('xsspwn')</script>",
    "<img src=x onerror=alert('xsspwn')>",
    '"><svg onload=alert("xsspwn")>',
    "[click](javascript:alert('xsspwn'))",
    "[click](  JaVaScRiPt:alert('xsspwn'))",
    "<a href=\"javascript:alert('xsspwn')\">xsspwn</a>",
    '<a href="data:text/html;base64,eHNzcHdu">xsspwn</a>',
    "![xsspwn](data:image/svg+xml;base64,eHNzcHdu)",
    '<div hx-get="/xsspwn" hx-trigger="load">xsspwn</div>',
    '<p data-hx-post="/xsspwn">xsspwn</p>',
    '<iframe src="https://xsspwn.example"></iframe>',
    "' onmouseover='alert(1)' x='xsspwn",
    "<style>body{display:none}</style>xsspwn",
    "<details open ontoggle=alert('xsspwn')>xsspwn</details>",
    "{{ 7|add:'xsspwn' }}{% csrf_token %}",
    "<math><mi xlink:href=javascript:alert('xsspwn')>x</mi></math>",
]
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "background"}
EMBEDDED = {"iframe", "object", "embed", "svg", "math", "img", "style", "base", "frame"}


class Auditor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag == "script" and not dict(attrs).get("src", "").startswith("/static/"):
            self.problems.append("inline <script>")
        if tag in EMBEDDED:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}>")
            if name in URL_ATTRS and value.startswith(BAD_SCHEMES):
                self.problems.append(f"<{tag} {name}={value[:30]}>")
            if name.startswith(("hx-", "data-hx-")) and "xsspwn" in value:
                self.problems.append(f"<{tag} {name}={value[:30]}>")


def audit(html):
    auditor = Auditor()
    auditor.feed(html)
    return auditor.problems


def test_the_auditor_catches_what_it_should():
    assert audit("<p><img src=x onerror=alert(1)></p>")
    assert audit('<a href=" javascript:alert(1)">x</a>')
    assert audit('<div hx-get="/xsspwn">x</div>')
    assert not audit('<script src="/static/js/promo.js"></script><a href="/x">y</a>')


@pytest.fixture
def stuffed(world):
    """One artifact of the owner's with `payload` in every text field it has."""

    def make(payload):
        artifact = artifact_create(
            owner=world.owner,
            data={
                "title": payload[:200],
                "body": payload,
                "impact": payload,
                "metrics": payload,
                "metric_before": payload[:60],
                "metric_after": payload[:60],
                "links": [(payload[:120], "https://example.com/doc")],
            },
        )
        ArtifactTag.objects.create(
            artifact=artifact, criterion=Criterion.objects.get(slug="scope"), rationale=payload
        )
        attached(artifact, name=f"{payload[:60]}.txt".replace("/", ""))
        artifact_update(
            artifact=artifact, data={"body": payload + " v2"}, expected_version=1, by=world.owner
        )
        return artifact

    return make


def pages_for(artifact):
    detail = reverse("evidence_detail", args=[artifact.pk])
    return [
        detail,
        reverse("evidence_edit", args=[artifact.pk]),
        reverse("evidence_history", args=[artifact.pk]),
        reverse("evidence_tags", args=[artifact.pk]),
        reverse("evidence_list"),
        reverse("evidence_list") + "?q=xsspwn",
        reverse("this_week"),
        reverse("evidence_timeline"),
    ]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_survives_on_any_page(payload, world, stuffed, client):
    artifact = stuffed(payload)
    for viewer in (world.owner, world.manager):
        client.force_login(viewer)
        for url in pages_for(artifact):
            response = client.get(url)
            if response.status_code == 403:  # readers cannot open owner-only pages
                continue
            assert response.status_code == 200, url
            assert audit(response.content.decode()) == [], f"{viewer} {url}"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_survives_the_preview_conflict_or_quick_capture(payload, world, client):
    client.force_login(world.owner)
    preview = client.post(reverse("evidence_preview"), {"body": payload})
    assert audit(preview.content.decode()) == []
    captured = client.post(reverse("quick_capture"), {"line": payload}, headers={"HX-Request": "1"})
    assert audit(captured.content.decode()) == []
    artifact = artifact_create(owner=world.owner, data={"title": "Safe"})
    artifact_update(artifact=artifact, data={"title": "Other"}, expected_version=1, by=world.owner)
    data = {
        "title": payload[:200],
        "happened_on": "2026-11-02",
        "kind": "project",
        "body": payload,
        "impact": payload,
        "visibility": "private",
        "version": "1",
    }
    conflict = client.post(reverse("evidence_edit", args=[artifact.pk]), data)
    assert conflict.status_code == 409
    assert audit(conflict.content.decode()) == []


def test_the_service_refuses_a_javascript_link(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        artifact_create(
            owner=world.owner, data={"title": "x", "links": [("x", "javascript:alert(1)")]}
        )
