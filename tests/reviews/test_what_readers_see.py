"""What each reader of a promo doc sees: drafted text, share warnings, verdicts, exports."""

from django.urls import reverse

from promo.dashboards.snapshots import snapshot_refresh
from reviews import services
from reviews.citations import marker
from reviews.sections import criterion_key
from tests.factories import MentorAssignmentFactory, engineer
from tests.reviews.factories import artifact, candidacy_for, criteria_of, drafted_document

NOTE = "Only one quarter, and the launch slipped"


def test_the_drafted_text_quotes_only_evidence_the_manager_may_open_too(world):
    scope = criteria_of(world.owner)[0]
    shared = artifact(world.owner, "Shared widely", tags=[(scope, "strong")], impact="Ten teams")
    hidden = artifact(
        world.owner,
        "Mentors only",
        tags=[(scope, "exemplary")],
        impact="Quiet win",
        visibility="mentors",
    )
    document = services.document_autodraft(candidacy=candidacy_for(world.owner), by=world.owner)
    text = str(document.draft)
    assert marker(shared.pk) in text and "Ten teams" in text
    assert marker(hidden.pk) not in text and "Quiet win" not in text


def _cite_mentors_only(world, document):
    hidden = artifact(world.owner, "Mentors only", visibility="mentors")
    key = criterion_key(criteria_of(world.owner)[0].pk)
    services.draft_save(
        document=document,
        bodies={key: f"Quiet win {marker(hidden.pk)}"},
        base_version=document.draft_version,
        by=world.owner,
    )
    return hidden


def test_sharing_warns_about_cited_evidence_a_reviewer_cannot_open(client, world):
    document = drafted_document(world)
    _cite_mentors_only(world, document)
    client.force_login(world.owner)
    url = reverse("reviews_share", args=[document.pk])
    page = client.get(url).content.decode()
    assert "\u201cMentors only\u201d cannot be opened by Maya Manager" in page
    response = client.post(
        url, {"reviewers": [world.mentor.pk], "include_manager": "on"}, follow=True
    )
    assert response.status_code == 200 and document.rounds.count() == 1, "a warning, not a block"
    assert "\u201cMentors only\u201d cannot be opened by Maya Manager" in response.content.decode()


def _verdict_in_a_round_without(world):
    """Version 1 reviewed by the mentor; version 2 by another mentor, who gives a verdict
    with a note. The mentor and the manager are not in round 2."""
    document = drafted_document(world)
    first = services.document_share_for_review(
        document=document, reviewers=[world.mentor], include_manager=False, by=world.owner
    )
    services.round_close(review_round=first, by=world.owner)
    other = engineer("L7", display_name="Sol Second", email="sol@example.com")
    MentorAssignmentFactory(mentor=other, mentee=world.owner)
    second = services.document_share_for_review(
        document=document, reviewers=[other], include_manager=False, by=world.owner
    )
    services.verdict_give(
        review_round=second,
        reviewer=other,
        criterion=criteria_of(world.owner)[0],
        value="not_yet",
        note=NOTE,
    )
    return document


def _page(client, person, url):
    client.force_login(person)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_verdict_notes_stay_in_their_rounds_audience(client, world):
    document = _verdict_in_a_round_without(world)
    candidacy = document.candidacy
    readiness = reverse("person_readiness", args=[world.owner.pk])
    case = reverse("candidacy_detail", args=[candidacy.pk])
    # The case page lists the engineer's mentors, Sol among them; it must not say who gave
    # which verdict, or what it noted.
    for person, url, names_mentors in [
        (world.manager, readiness, False),
        (world.manager, case, True),
        (world.mentor, readiness, False),
        (world.mentor, reverse("reviews_document", args=[document.pk]), False),
    ]:
        page = _page(client, person, url)
        assert NOTE not in page and "Not yet" not in page, url
        assert names_mentors or "Sol Second" not in page, url
        assert "a mentor gave a verdict" in page.lower(), url
    for url in (readiness, reverse("reviews_document", args=[document.pk])):
        page = _page(client, world.owner, url)
        assert NOTE in page and "Sol Second" in page


def test_my_team_rows_say_only_that_a_verdict_exists(client, world):
    _verdict_in_a_round_without(world)
    snapshot = snapshot_refresh(person_id=world.owner.pk)
    page = _page(client, world.manager, reverse("team"))
    rows = page[page.index("<tbody>") : page.rindex("</tbody>")]  # the legend names every call
    # The cell's words come on request (team_why), where the row only draws the picture.
    position = next(n for n, cell in enumerate(snapshot.cells, 1) if cell.get("verdicts"))
    why = client.get(reverse("team_why_criterion", args=[world.owner.pk, position]))
    words = why.content.decode()
    assert "a mentor gave a verdict" in words
    assert NOTE not in page + words and "Sol Second" not in page + words
    assert "Not yet" not in rows + words


def test_exports_leave_draft_evidence_out_even_for_the_owner(client, world):
    document = drafted_document(world)
    unfinished = artifact(world.owner, "Half written", is_draft=True)
    key = criterion_key(criteria_of(world.owner)[0].pk)
    services.draft_save(
        document=document,
        bodies={key: f"Promising {marker(unfinished.pk)}"},
        base_version=document.draft_version,
        by=world.owner,
    )
    services.document_share_for_review(
        document=document, reviewers=[world.mentor], include_manager=False, by=world.owner
    )
    for name in ("reviews_export_markdown", "reviews_export_print"):
        page = _page(client, world.owner, reverse(name, args=[document.pk, 1]))
        assert "Half written" not in page, name
