import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evidence.models import Artifact, ArtifactTag
from promo.models import Criterion, Ladder
from tests.evidence.factories import ArtifactFactory, saved_artifact

HTMX = {"HX-Request": "true"}


def form_data(**overrides):
    data = {
        "title": "Migrated billing to the new queue",
        "happened_on": "2026-11-02",
        "kind": "project",
        "body": "We **moved** it.",
        "impact": "Cut failed charges by half.",
        "metrics": "Failed charges per day",
        "metric_before": "120",
        "metric_after": "60",
        "shipped_on": "2026-11-10",
        "visibility": "mentors_and_manager",
        "links_text": "Design doc | https://docs.example/billing\nhttps://dash.example/x",
    }
    data.update(overrides)
    return data


def test_it_creates_an_artifact_from_the_full_form(world, client):
    client.force_login(world.owner)
    response = client.post(reverse("evidence_new"), form_data())
    artifact = Artifact.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("evidence_detail", args=[artifact.pk])
    assert artifact.owner == world.owner and not artifact.is_draft
    assert artifact.shipped_on == datetime.date(2026, 11, 10)
    assert [(link.label, link.url) for link in artifact.links.all()] == [
        ("Design doc", "https://docs.example/billing"),
        ("https://dash.example/x", "https://dash.example/x"),
    ]
    page = client.get(response["Location"])
    assert b"<strong>moved</strong>" in page.content


def test_a_validation_error_keeps_everything_typed(world, client):
    client.force_login(world.owner)
    data = form_data(title="", links_text="Doc | javascript:alert(1)")
    response = client.post(reverse("evidence_new"), data)
    assert response.status_code == 200
    assert not Artifact.objects.exists()
    html = response.content.decode()
    assert "This field is required." in html
    assert "is not an http(s) address" in html
    for value in ("Cut failed charges by half.", "We **moved** it.", "Failed charges per day"):
        assert value in html


def test_preview_without_javascript_keeps_the_form(world, client):
    client.force_login(world.owner)
    response = client.post(reverse("evidence_new"), form_data(preview="1"))
    assert response.status_code == 200
    assert not Artifact.objects.exists()
    assert b"<strong>moved</strong>" in response.content


def test_live_preview_returns_the_fragment(world, client):
    client.force_login(world.owner)
    response = client.post(reverse("evidence_preview"), {"body": "# Hi"}, headers=HTMX)
    html = response.content.decode()
    assert "<h1>Hi</h1>" in html and "<html" not in html
    assert client.get(reverse("evidence_preview")).status_code == 405


def test_edit_updates_and_drafts_can_be_completed(world, client):
    artifact = saved_artifact(world.owner, is_draft=True)
    client.force_login(world.owner)
    page = client.get(reverse("evidence_edit", args=[artifact.pk]))
    assert page.status_code == 200
    response = client.post(
        reverse("evidence_edit", args=[artifact.pk]), form_data(version="1", is_draft="")
    )
    assert response.status_code == 302
    artifact.refresh_from_db()
    assert (artifact.title, artifact.is_draft, artifact.version) == (form_data()["title"], False, 2)


def test_a_second_tab_gets_the_conflict_page(world, client):
    artifact = saved_artifact(world.owner, body="saved body")
    client.force_login(world.owner)
    url = reverse("evidence_edit", args=[artifact.pk])
    assert client.post(url, form_data(version="1", title="First tab")).status_code == 302
    response = client.post(url, form_data(version="1", title="Second tab"))
    assert response.status_code == 409
    html = response.content.decode()
    assert "First tab" in html and "Second tab" in html
    assert 'name="version" value="2"' in html
    assert Artifact.objects.get(pk=artifact.pk).title == "First tab"
    # Saving from the conflict page is a deliberate overwrite of version 2.
    assert client.post(url, form_data(version="2", title="Second tab")).status_code == 302
    assert Artifact.objects.get(pk=artifact.pk).title == "Second tab"


def test_history_shows_diffs_and_restores(world, client):
    artifact = saved_artifact(world.owner, body="line one")
    client.force_login(world.owner)
    client.post(
        reverse("evidence_edit", args=[artifact.pk]), form_data(version="1", body="line two")
    )
    page = client.get(reverse("evidence_history", args=[artifact.pk]))
    html = page.content.decode()
    assert "- line one" in html and "+ line two" in html
    first = artifact.revisions.get(version=1)
    response = client.post(reverse("evidence_revision_restore", args=[artifact.pk, first.pk]))
    assert response.status_code == 302
    assert Artifact.objects.get(pk=artifact.pk).body == "line one"


def test_delete_moves_to_trash_and_trash_restores(world, client):
    artifact = saved_artifact(world.owner, title="Oops")
    client.force_login(world.owner)
    client.post(reverse("evidence_delete", args=[artifact.pk]))
    assert not Artifact.objects.exists()
    assert "Oops" in client.get(reverse("evidence_trash")).content.decode()
    client.post(reverse("evidence_restore", args=[artifact.pk]))
    assert Artifact.objects.get().title == "Oops"


def test_every_page_has_quick_capture(world, client):
    client.force_login(world.manager)
    assert 'id="capture-line"' in client.get(reverse("home")).content.decode()


def test_this_week_prompts_when_empty_and_collapses_past_weeks(world, client):
    client.force_login(world.owner)
    ArtifactFactory(owner=world.owner, title="Last week thing", happened_on=_days_ago(7))
    html = client.get(reverse("this_week")).content.decode()
    assert "Nothing logged yet this week" in html
    assert "<details>" in html and "Last week thing" in html
    ArtifactFactory(owner=world.owner, title="Today thing")
    html = client.get(reverse("this_week")).content.decode()
    assert "Nothing logged yet this week" not in html and "Today thing" in html


def _days_ago(days):
    return datetime.date.today() - datetime.timedelta(days=days)


def test_timeline_groups_by_month(world, client):
    ArtifactFactory(owner=world.owner, title="March", happened_on=datetime.date(2026, 3, 4))
    ArtifactFactory(owner=world.owner, title="May", happened_on=datetime.date(2026, 5, 9))
    client.force_login(world.owner)
    response = client.get(reverse("evidence_timeline"), {"year": "2026"})
    months = [month.month for month, _ in response.context["months"]]
    assert months == [5, 3]


def test_list_filters_are_kept_in_the_url_and_paginate(world, client):
    for i in range(25):
        ArtifactFactory(owner=world.owner, kind="incident", impact="yes" if i % 2 else "")
    ArtifactFactory(owner=world.owner, kind="talk")
    client.force_login(world.owner)
    response = client.get(reverse("evidence_list"), {"kind": "incident", "impact": "yes"})
    assert response.context["page"].paginator.count == 12
    response = client.get(reverse("evidence_list"), {"kind": "incident", "page": "2"})
    assert len(response.context["page"]) == 5
    assert "kind=incident&amp;page=1" in response.content.decode()


def test_list_filters_by_criterion_draft_and_dates(world, client):
    scope = Criterion.objects.get(slug="scope")
    tagged = ArtifactFactory(owner=world.owner, happened_on=datetime.date(2026, 6, 1))
    ArtifactTag.objects.create(artifact=tagged, criterion=scope)
    ArtifactFactory(owner=world.owner, is_draft=True, happened_on=datetime.date(2026, 1, 1))
    client.force_login(world.owner)
    list_url = reverse("evidence_list")
    assert list(client.get(list_url, {"criterion": "scope"}).context["page"]) == [tagged]
    assert client.get(list_url, {"draft": "yes"}).context["page"].paginator.count == 1
    assert list(client.get(list_url, {"since": "2026-05-01"}).context["page"]) == [tagged]


def test_an_artifact_tagged_twice_under_one_slug_is_listed_once(world, client):
    # Two ladders may each have a "scope": an artifact tagged under both (its owner moved
    # ladders) matches the filter twice, and must still be one row and one in the count.
    scope = Criterion.objects.get(slug="scope")
    other_ladder = Ladder.objects.create(name="Other ladder")
    other_scope = Criterion.objects.create(ladder=other_ladder, slug="scope", name="Scope")
    tagged = ArtifactFactory(owner=world.owner, title="Tagged under both ladders")
    ArtifactTag.objects.create(artifact=tagged, criterion=scope)
    ArtifactTag.objects.create(artifact=tagged, criterion=other_scope)
    ArtifactFactory(owner=world.owner, title="Not tagged")
    client.force_login(world.owner)
    page = client.get(reverse("evidence_list"), {"criterion": "scope"}).context["page"]
    assert list(page) == [tagged]
    assert page.paginator.count == 1


def test_a_month_is_read_as_its_first_and_last_day(world, client):
    june = ArtifactFactory(owner=world.owner, happened_on=datetime.date(2026, 6, 30))
    ArtifactFactory(owner=world.owner, happened_on=datetime.date(2026, 7, 1))
    client.force_login(world.owner)
    response = client.get(reverse("evidence_list"), {"month": "2026-06"})
    assert list(response.context["page"]) == [june]
    page = response.content.decode()
    assert 'value="2026-06-01"' in page and 'value="2026-06-30"' in page, "shown as From and To"
    nonsense = client.get(reverse("evidence_list"), {"month": "2026-13"})
    assert nonsense.status_code == 200 and nonsense.context["page"].paginator.count == 2


def test_list_htmx_returns_only_results(world, client):
    client.force_login(world.owner)
    html = client.get(reverse("evidence_list"), headers=HTMX).content.decode()
    assert 'id="results"' in html and "<html" not in html


def test_inline_tagging_shows_the_expectation_and_tags(world, client):
    artifact = saved_artifact(world.owner)
    scope = Criterion.objects.get(slug="scope")
    client.force_login(world.owner)
    url = reverse("evidence_tags", args=[artifact.pk])
    panel = client.get(url, {"criterion": scope.pk}, headers=HTMX).content.decode()
    expectation = scope.expectations.get(level=world.owner.level.next_level()).text
    assert 'id="tags"' in panel and expectation in panel and "<html" not in panel
    data = {"criterion": scope.pk, "strength": "strong", "rationale": "Led it"}
    response = client.post(url, data, headers=HTMX)
    assert "Led it" in response.content.decode()
    tag = artifact.tags.get()
    edit = reverse("evidence_tag_edit", args=[artifact.pk, tag.pk])
    client.post(edit, {"strength": "exemplary", "rationale": "x" * 201}, headers=HTMX)
    assert ArtifactTag.objects.get().strength == "strong"  # refused: rationale too long
    client.post(edit, {"strength": "exemplary", "rationale": "Org-wide"})
    assert ArtifactTag.objects.get().strength == "exemplary"
    client.post(edit, {"remove": "1"})
    assert not ArtifactTag.objects.exists()


def test_attachments_respect_type_and_size_limits(world, client, settings):
    settings.EVIDENCE_ATTACHMENT_MAX_BYTES = 1024
    artifact = saved_artifact(world.owner)
    client.force_login(world.owner)
    url = reverse("evidence_attach", args=[artifact.pk])
    page = client.post(url, {"file": SimpleUploadedFile("x.html", b"<script>")}, follow=True)
    assert "not a file type promo keeps" in page.content.decode()
    page = client.post(url, {"file": SimpleUploadedFile("big.pdf", b"x" * 2048)}, follow=True)
    assert "attachments can be at most 1.0\xa0KB" in page.content.decode()
    client.post(url, {"file": SimpleUploadedFile("notes.txt", b"hi")})
    attachment = artifact.attachments.get()
    client.force_login(world.manager)
    download = client.get(reverse("evidence_attachment", args=[artifact.pk, attachment.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == b"hi"


def test_it_refuses_an_edit_without_the_version_it_started_from(world, client):
    artifact = saved_artifact(world.owner)
    client.force_login(world.owner)
    response = client.post(reverse("evidence_edit", args=[artifact.pk]), form_data())
    assert response.status_code == 200
    assert "This form is out of date" in response.content.decode()
    assert Artifact.objects.get(pk=artifact.pk).version == 1


def test_history_of_an_artifact_without_revisions_is_an_empty_list(client, world):
    # Artifacts made before revisions were kept (or by seeders) have none.
    made = Artifact.objects.create(
        owner=world.owner, title="Old win", happened_on=datetime.date(2026, 1, 5)
    )
    client.force_login(world.owner)
    response = client.get(reverse("evidence_history", args=[made.pk]))
    assert response.status_code == 200
