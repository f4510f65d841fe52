from django.urls import reverse

from reviews import services
from reviews.anchors import Anchor
from reviews.sections import SUMMARY, criterion_key
from tests.reviews.factories import (
    artifact,
    criteria_of,
    days_ago,
    drafted_document,
    open_threads,
    shared_round,
)


def _edit_data(document, bodies, base_version):
    data = {"base_version": base_version}
    for section in document.draft:
        data[f"section_{section['key']}"] = bodies.get(section["key"], section["body"])
    return data


def test_a_stale_save_shows_the_conflict_and_keeps_the_typing(client, world):
    document = drafted_document(world)
    services.draft_save(
        document=document, bodies={SUMMARY: "Saved elsewhere"}, base_version=1, by=world.owner
    )
    client.force_login(world.owner)
    response = client.post(
        reverse("reviews_draft_save", args=[document.pk]),
        _edit_data(document, {SUMMARY: "My typing"}, base_version=1),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "saved elsewhere since you opened it" in page
    assert "My typing" in page and "Saved elsewhere" in page
    document.refresh_from_db()
    assert document.draft[0]["body"] == "Saved elsewhere"
    assert 'name="base_version" value="2"' in page


def test_the_preview_is_a_fragment_for_htmx_and_a_page_without_it(client, world):
    document = drafted_document(world)
    client.force_login(world.owner)
    data = _edit_data(document, {SUMMARY: "**bold** claim"}, 1)
    url = reverse("reviews_draft_preview", args=[document.pk])
    fragment = client.post(url, data, headers={"HX-Request": "true"}).content.decode()
    assert "<strong>bold</strong>" in fragment and "<html" not in fragment
    full = client.post(url, data).content.decode()
    assert "<strong>bold</strong>" in full and "<html" in full and "**bold** claim" in full
    document.refresh_from_db()
    assert document.draft_version == 1


def test_the_editor_flags_evidence_too_recent_or_without_impact(client, world):
    document = drafted_document(world, evidence=False)
    fresh = artifact(world.owner, "Fresh launch", happened_on=days_ago(3), shipped_on=days_ago(2))
    vague = artifact(world.owner, "Vague work", impact="", happened_on=days_ago(400))
    solid = artifact(world.owner, "Solid work", happened_on=days_ago(400))
    body = f"[evidence:{fresh.pk}] [evidence:{vague.pk}] [evidence:{solid.pk}]"
    services.draft_save(document=document, bodies={SUMMARY: body}, base_version=1, by=world.owner)
    client.force_login(world.owner)
    page = client.get(reverse("reviews_edit", args=[document.pk])).content.decode()
    flags = page[page.index("Cited evidence to look at") :]
    assert "Fresh launch:" in flags and "too recent to assess" in flags
    assert "Vague work:" in flags and "no recorded impact" in flags
    assert "Solid work:" not in flags


def test_reviewers_never_see_private_or_unshared_evidence_through_a_citation(client, world):
    document = drafted_document(world, evidence=False)
    secret = artifact(world.owner, "Secret reorg", visibility="private")
    for_mentors = artifact(world.owner, "Mentor-only work", visibility="mentors")
    body = f"See [evidence:{secret.pk}] and [evidence:{for_mentors.pk}]."
    services.draft_save(document=document, bodies={SUMMARY: body}, base_version=1, by=world.owner)
    review_round = shared_round(world, document=document, include_manager=True)
    client.force_login(world.mentor)
    page = client.get(reverse("reviews_round", args=[review_round.pk])).content.decode()
    assert "Secret reorg" not in page and "private evidence" in page
    assert "Mentor-only work" in page
    client.force_login(world.manager)
    page = client.get(reverse("reviews_round", args=[review_round.pk])).content.decode()
    assert "Secret reorg" not in page and "Mentor-only work" not in page
    assert page.count("private evidence") >= 2


def test_a_citation_anchor_on_private_evidence_shows_no_title(client, world):
    document = drafted_document(world, evidence=False)
    secret = artifact(world.owner, "Secret reorg", visibility="private")
    services.draft_save(
        document=document,
        bodies={SUMMARY: f"x [evidence:{secret.pk}]"},
        base_version=1,
        by=world.owner,
    )
    review_round = shared_round(world, document=document)
    services.thread_open(
        review_round=review_round,
        by=world.mentor,
        anchor=Anchor("artifact", SUMMARY, artifact_id=secret.pk),
        body="What is this?",
    )
    client.force_login(world.mentor)
    page = client.get(reverse("reviews_round", args=[review_round.pk])).content.decode()
    assert "On cited evidence: private evidence" in page and "Secret reorg" not in page


def test_the_manager_sees_a_round_only_when_included(client, world):
    without = shared_round(world)
    client.force_login(world.manager)
    assert client.get(reverse("reviews_round", args=[without.pk])).status_code == 404
    services.round_close(review_round=without, by=world.owner)
    included = shared_round(world, document=without.document, include_manager=True)
    assert client.get(reverse("reviews_round", args=[included.pk])).status_code == 200
    # Reading the document is not editing it.
    assert client.get(reverse("reviews_edit", args=[included.document_id])).status_code == 403


def test_a_reviewer_of_one_round_cannot_open_a_round_they_do_not_review(client, world):
    first = shared_round(world, include_manager=True)
    services.round_close(review_round=first, by=world.owner)
    second = shared_round(world, document=first.document)
    client.force_login(world.manager)
    assert client.get(reverse("reviews_round", args=[second.pk])).status_code == 404
    assert client.get(reverse("reviews_round", args=[first.pk])).status_code == 200


def test_shared_with_me_lists_the_mentors_rounds(client, world):
    review_round = shared_round(world)
    open_threads(review_round, world.mentor, 2)
    client.force_login(world.mentor)
    page = client.get(reverse("reviews_shared")).content.decode()
    assert str(world.owner) in page and reverse("reviews_round", args=[review_round.pk]) in page
    client.force_login(world.unassigned_mentor)
    assert str(world.owner) not in client.get(reverse("reviews_shared")).content.decode()


def test_an_invalid_thread_keeps_the_comment_and_says_why(client, world):
    review_round = shared_round(world)
    client.force_login(world.mentor)
    response = client.post(
        reverse("reviews_thread_new", args=[review_round.pk]),
        {"kind": "passage", "section": SUMMARY, "quote": "words not there", "body": "My remark"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "not in this section" in page and "My remark" in page


def test_resolve_and_reopen_answer_htmx_with_the_thread(client, world):
    thread = open_threads(shared_round(world), world.mentor, 1)[0]
    client.force_login(world.owner)
    resolved = client.post(
        reverse("reviews_thread_resolve", args=[thread.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert "resolved" in resolved and "Reopen" in resolved and "<html" not in resolved
    reopened = client.post(reverse("reviews_thread_reopen", args=[thread.pk]))
    assert reopened.status_code == 302
    thread.refresh_from_db()
    assert not thread.is_resolved


def test_threads_show_a_reply_link_and_open_their_form_on_request(client, world):
    review_round = shared_round(world)
    thread = open_threads(review_round, world.mentor, 1)[0]
    client.force_login(world.owner)
    page = client.get(reverse("reviews_round", args=[review_round.pk])).content.decode()
    reply_url = reverse("reviews_thread_reply", args=[thread.pk])
    assert f'hx-get="{reply_url}"' in page and f'id="reply-{thread.pk}"' not in page

    fragment = client.get(reply_url, headers={"HX-Request": "true"}).content.decode()
    assert f'id="reply-{thread.pk}"' in fragment and "<html" not in fragment
    whole = client.get(reply_url)
    assert whole.status_code == 200 and f'id="reply-{thread.pk}"' in whole.content.decode()
    assert "<html" in whole.content.decode(), "without JavaScript: the round, this thread open"


def test_a_refused_reply_keeps_what_was_typed(client, world):
    review_round = shared_round(world)
    thread = open_threads(review_round, world.mentor, 1)[0]
    services.round_close(review_round=review_round, by=world.owner)
    client.force_login(world.mentor)
    url = reverse("reviews_comment_new", args=[thread.pk])
    typed = "Numbers for the summary, please."

    fragment = client.post(url, {"body": typed}, headers={"HX-Request": "true"})
    assert typed in fragment.content.decode() and not thread.comments.filter(body=typed).exists()
    page = client.post(url, {"body": typed})
    assert page.status_code == 400 and typed in page.content.decode()


def test_a_round_of_fifty_threads_stays_under_sixty_kilobytes(client, world):
    review_round = shared_round(world)
    for thread in open_threads(review_round, world.mentor, 50):
        services.comment_add(thread=thread, by=world.owner, body="Done: p99 halved, see [1].")
    client.force_login(world.mentor)
    page = client.get(reverse("reviews_round", args=[review_round.pk])).content
    assert len(page) < 60_000, len(page)


def test_the_diff_page_refuses_unknown_versions(client, world):
    review_round = shared_round(world)
    client.force_login(world.owner)
    url = reverse("reviews_diff", args=[review_round.document_id])
    assert client.get(url + "?from=1&to=9").status_code == 404
    assert client.get(url + "?from=x").status_code == 404
    assert "These versions are the same." in client.get(url).content.decode()


def test_starting_without_a_candidacy_explains_what_to_do(client, world):
    client.force_login(world.owner)
    response = client.post(reverse("reviews_start"), follow=True)
    assert "Open a candidacy first" in response.content.decode()


def test_the_round_page_shows_criterion_sections_with_their_threads(client, world):
    review_round = shared_round(world)
    criterion = criteria_of(world.owner)[0]
    services.thread_open(
        review_round=review_round,
        by=world.mentor,
        anchor=Anchor("section", criterion_key(criterion.pk)),
        body="Scope is narrow",
    )
    client.force_login(world.owner)
    page = client.get(reverse("reviews_round", args=[review_round.pk])).content.decode()
    section = page[page.index(f'id="section-{criterion_key(criterion.pk)}"') :]
    assert "Scope is narrow" in section[: section.index("</section>")]


def test_a_thread_is_linked_to_the_gap_the_committee_feedback_became(client, world):
    from promo.models import Gap

    review_round = shared_round(world)
    thread = open_threads(review_round, world.mentor, 1)[0]
    candidacy = review_round.document.candidacy
    gap = Gap.objects.create(
        candidacy=candidacy, criterion=criteria_of(world.owner)[0], text="Wider scope"
    )
    elsewhere = drafted_document_gap(world)
    services.round_close(review_round=review_round, by=world.owner)
    client.force_login(world.owner)
    url = reverse("reviews_thread_link_gap", args=[thread.pk])
    fragment = client.post(url, {"gap": gap.pk}, headers={"HX-Request": "true"}).content.decode()
    assert "Wider scope" in fragment and list(thread.gaps.all()) == [gap]
    client.post(url, {"gap": elsewhere.pk})
    assert list(thread.gaps.all()) == [gap]


def drafted_document_gap(world):
    from promo.models import Gap
    from tests.reviews.factories import candidacy_for

    other = candidacy_for(world.other_engineer)
    return Gap.objects.create(
        candidacy=other, criterion=criteria_of(world.other_engineer)[0], text="Not yours"
    )


def test_the_feedback_button_is_offered_to_a_reviewer_until_feedback_is_in(client, world):
    review_round = shared_round(world)
    url = reverse("reviews_round", args=[review_round.pk])
    client.force_login(world.owner)
    assert "My feedback is in" not in client.get(url).content.decode()
    client.force_login(world.mentor)
    assert "My feedback is in" in client.get(url).content.decode()
    services.round_give_feedback(review_round=review_round, by=world.mentor)
    assert "My feedback is in" not in client.get(url).content.decode()
