"""The quick capture line: chips as you type, one-step save, warnings, and undo."""

from datetime import timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence.models import Artifact
from promo.models import Criterion
from tests.evidence.factories import saved_artifact

HTMX = {"HX-Request": "true"}


def post(client, line, **extra):
    return client.post(reverse("quick_capture"), {"line": line, **extra.pop("data", {})}, **extra)


def text(response):
    return unescape(response.content.decode())


def test_the_preview_shows_chips_for_what_it_understood(world, client):
    client.force_login(world.owner)
    handle = world.other_engineer.email.split("@")[0]
    response = client.get(
        reverse("quick_capture"),
        {"line": f"Shipped retry budgets #cross !strong 2026-11-03 https://x.example/pr @{handle}"},
        headers=HTMX,
    )
    html = text(response)
    assert html.lstrip().startswith('<div id="capture-chips"')
    assert "#leverage Cross-team leverage and influence" in html
    assert "Strength: strong" in html
    assert "When: Tue 3 Nov 2026" in html
    assert "Link: x.example/pr" in html
    assert f"With {world.other_engineer}" in html
    assert "Counts as evidence" in html
    assert not Artifact.all_objects.exists()


def test_the_preview_warns_of_an_unknown_tag(world, client):
    client.force_login(world.owner)
    response = client.get(reverse("quick_capture"), {"line": "Fixed it #nope"}, headers=HTMX)
    assert "#nope is not a criterion of your ladder; it stays in the title." in text(response)


def test_a_tagged_line_is_saved_as_counted_evidence_in_one_post(world, client):
    client.force_login(world.owner)
    response = post(
        client, "Reviewed the #scope doc !exemplary yesterday", data={"next": "/evidence/week/"}
    )
    # Back where the line was typed (a reload posts nothing), with the confirmation and Undo.
    assert response.status_code == 302 and response["Location"] == "/evidence/week/"
    artifact = Artifact.objects.get()
    assert not artifact.is_draft and artifact.title == "Reviewed the doc"
    assert list(artifact.tags.values_list("criterion__slug", "strength")) == [
        ("scope", "exemplary")
    ]
    html = text(client.get(response["Location"]))
    assert "Saved “Reviewed the doc” as evidence." in html
    assert reverse("quick_capture_undo", args=[artifact.pk]) in html


def test_an_offsite_next_is_not_offered_back(world, client):
    client.force_login(world.owner)
    response = post(client, "x", data={"next": "https://evil.example/"})
    assert "evil.example" not in text(response)
    assert Artifact.objects.get().is_draft  # untagged: a draft


def test_bad_input_keeps_the_typing(world, client):
    client.force_login(world.owner)
    refused = post(client, "#scope !strong", headers=HTMX)
    assert "not only tags" in text(refused)
    assert 'value="#scope !strong"' in text(refused)
    assert not Artifact.all_objects.exists()


def test_an_unknown_tag_stops_the_save_until_confirmed(world, client):
    client.force_login(world.owner)
    first = post(client, "Fixed the flaky test #nope #scope")
    html = text(first)
    assert "#nope is not a criterion of your ladder" in html
    assert 'value="Fixed the flaky test #nope #scope"' in html
    assert "Capture anyway" in html
    assert not Artifact.all_objects.exists()
    post(
        client,
        "Fixed the flaky test #nope #scope",
        data={"confirmed_line": "Fixed the flaky test #nope #scope"},
    )
    assert Artifact.objects.get().title == "Fixed the flaky test #nope"


def test_a_changed_line_is_checked_again(world, client):
    client.force_login(world.owner)
    post(client, "Fixed it #zzz", data={"confirmed_line": "Fixed it #nope"}, headers=HTMX)
    assert not Artifact.all_objects.exists()


def test_htmx_save_swaps_the_line_with_a_confirmation(world, client):
    client.force_login(world.owner)
    saved = post(client, "Paired on infra", headers=HTMX)
    html = text(saved)
    assert html.lstrip().startswith('<div id="quick-capture"')
    assert "Saved “Paired on infra” as a draft" in html
    assert ">Undo</button>" in html


def test_undo_in_time_moves_it_to_the_trash(world, client):
    client.force_login(world.owner)
    post(client, "Oops #scope", headers=HTMX)
    artifact = Artifact.objects.get()
    response = client.post(reverse("quick_capture_undo", args=[artifact.pk]), headers=HTMX)
    assert "Undone: “Oops” is in your trash." in text(response)
    assert Artifact.all_objects.get().deleted_at is not None
    assert "Oops" in text(client.get(reverse("evidence_trash")))


def test_undo_too_late_says_so_and_keeps_it(world, client):
    client.force_login(world.owner)
    post(client, "Kept #scope")
    artifact = Artifact.objects.get()
    Artifact.objects.filter(pk=artifact.pk).update(
        created_at=artifact.created_at - timedelta(seconds=11)
    )
    response = client.post(reverse("quick_capture_undo", args=[artifact.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("evidence_detail", args=[artifact.pk])
    assert "more than 10 seconds ago" in text(response)
    assert Artifact.objects.filter(pk=artifact.pk).exists()


@pytest.mark.parametrize("who", ["manager", "mentor", "other_engineer", "staff"])
def test_undo_of_someone_elses_capture_is_a_404(world, client, who):
    artifact = saved_artifact(world.owner, title="Not yours", is_draft=False)
    client.force_login(getattr(world, who))
    assert client.post(reverse("quick_capture_undo", args=[artifact.pk])).status_code == 404
    assert Artifact.objects.filter(pk=artifact.pk).exists()


def test_undo_wants_a_post(world, client):
    client.force_login(world.owner)
    artifact = saved_artifact(world.owner)
    assert client.get(reverse("quick_capture_undo", args=[artifact.pk])).status_code == 405


def test_quick_capture_offers_criteria_completions(world, client):
    client.force_login(world.owner)
    response = client.get(reverse("quick_capture"), headers=HTMX)
    assert '<option value="#scope"' in response.content.decode()


def _queries(callback):
    with CaptureQueriesContext(connection) as captured:
        callback()
    return len(captured.captured_queries), [q["sql"] for q in captured.captured_queries]


def test_preview_and_save_queries_do_not_grow_with_tags_people_or_links(world, client):
    client.force_login(world.owner)
    slugs = list(Criterion.objects.filter(ladder=world.owner.ladder).values_list("slug", flat=True))
    handle = world.other_engineer.email.split("@")[0]
    one = f"One thing #{slugs[0]} @{handle} https://a.example/"
    many = "Many things " + " ".join(f"#{s}" for s in slugs) + f" @{handle} @manager "
    many += " ".join(f"https://a.example/{i}" for i in range(5))

    def preview(line):
        return lambda: client.get(reverse("quick_capture"), {"line": line}, headers=HTMX)

    def save(line):
        return lambda: post(client, line, data={"confirmed_line": line}, headers=HTMX)

    preview(one)()  # the first request of a session loads what every later one reuses
    (at_one, sql_one), (at_many, sql_many) = _queries(preview(one)), _queries(preview(many))
    assert at_one == at_many, "\n".join(sql_many)
    assert at_one == 4, "\n".join(sql_one)
    at_one, at_many = _queries(save(one)), _queries(save(many))
    # 14, and on PostgreSQL the owner's new facts version in the same transaction
    # (readiness_changed: only PostgreSQL caches what it keys).
    expected = 15 if connection.vendor == "postgresql" else 14
    assert at_one[0] == at_many[0] == expected, "\n".join(at_many[1])


def test_without_javascript_a_line_in_the_address_shows_its_chips(world, client):
    client.force_login(world.owner)
    response = client.get(reverse("quick_capture"), {"line": "Ran the retro #growing mon"})
    html = text(response)
    assert 'value="Ran the retro #growing mon"' in html
    assert "#growing-others Growing others" in html
    assert "When: " in html
    assert not Artifact.all_objects.exists()


def test_an_htmx_save_or_undo_tells_the_page_evidence_was_captured(world, client):
    client.force_login(world.owner)
    warned = post(client, "Fixed it #nope", headers=HTMX)
    assert warned.status_code == 200 and "HX-Trigger" not in warned
    saved = post(client, "Shipped retry budgets #cross !strong yesterday", headers=HTMX)
    assert saved["HX-Trigger"] == "evidence-captured"
    artifact = Artifact.objects.get()
    undone = client.post(reverse("quick_capture_undo", args=[artifact.pk]), headers=HTMX)
    assert undone["HX-Trigger"] == "evidence-captured"
    assert not Artifact.objects.exists()
