import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reviews import services
from reviews.access import reviewers_now
from reviews.anchors import Anchor
from reviews.citations import cited_ids, marker
from reviews.models import ReviewRound, Verdict
from reviews.sections import SUMMARY, criterion_key
from reviews.verdicts import latest_verdicts
from tests.reviews.factories import (
    artifact,
    candidacy_for,
    criteria_of,
    drafted_document,
    shared_round,
)


def test_autodraft_cites_the_strongest_evidence_first_and_never_private_or_drafts(world):
    scope = criteria_of(world.owner)[0]
    signal = artifact(world.owner, "Small fix", tags=[(scope, "signal")])
    exemplary = artifact(world.owner, "Ledger rewrite", tags=[(scope, "exemplary")])
    strong = artifact(world.owner, "Queue design", tags=[(scope, "strong")], impact="")
    hidden = artifact(world.owner, "Secret", tags=[(scope, "exemplary")], visibility="private")
    unfinished = artifact(world.owner, "Half", tags=[(scope, "exemplary")], is_draft=True)
    document = services.document_autodraft(candidacy=candidacy_for(world.owner), by=world.owner)
    body = {s["key"]: s["body"] for s in document.draft}[criterion_key(scope.pk)]
    assert cited_ids(body) == [exemplary.pk, strong.pk, signal.pk]
    assert "Secret" not in str(document.draft) and marker(hidden.pk) not in str(document.draft)
    assert marker(unfinished.pk) not in str(document.draft)
    assert "not recorded yet" in body and "Queue design" not in body


def test_autodraft_summary_lists_the_most_consistent_criteria_first(world):
    first, second = criteria_of(world.owner)[:2]
    for month in (1, 4, 7):
        artifact(world.owner, f"q{month}", tags=[(second, "strong")], happened_on=_day(month))
    artifact(world.owner, "once", tags=[(first, "strong")])
    document = services.document_autodraft(candidacy=candidacy_for(world.owner), by=world.owner)
    summary = {s["key"]: s["body"] for s in document.draft}[SUMMARY]
    assert summary.index(second.name) < summary.index(first.name)
    assert "3 quarters" in summary


def test_autodraft_again_fills_only_empty_sections(world):
    document = drafted_document(world)
    key = document.draft[1]["key"]
    services.draft_save(
        document=document, bodies={key: "Mine", SUMMARY: ""}, base_version=1, by=world.owner
    )
    document = services.document_autodraft(candidacy=document.candidacy, by=world.owner)
    bodies = {s["key"]: s["body"] for s in document.draft}
    assert bodies[key] == "Mine" and bodies[SUMMARY].startswith("Where my evidence")


def test_a_stale_save_is_refused_not_merged(world):
    document = drafted_document(world)
    services.draft_save(
        document=document, bodies={SUMMARY: "first"}, base_version=1, by=world.owner
    )
    with pytest.raises(services.DraftConflict) as conflict:
        services.draft_save(
            document=document, bodies={SUMMARY: "second"}, base_version=1, by=world.owner
        )
    assert conflict.value.document.draft[0]["body"] == "first"
    assert conflict.value.document.draft_version == 2


def test_it_refuses_a_second_share_while_a_round_is_open(world):
    review_round = shared_round(world)
    with pytest.raises(ValidationError, match="still open"):
        services.document_share_for_review(
            document=review_round.document,
            reviewers=[world.mentor],
            include_manager=False,
            by=world.owner,
        )


def test_it_refuses_reviewers_who_are_not_the_engineers_mentors(world):
    document = drafted_document(world)
    with pytest.raises(ValidationError, match="must be your mentors"):
        services.document_share_for_review(
            document=document,
            reviewers=[world.unassigned_mentor],
            include_manager=False,
            by=world.owner,
        )
    with pytest.raises(PermissionDenied):
        services.document_share_for_review(
            document=document, reviewers=[world.mentor], include_manager=False, by=world.mentor
        )


def test_it_refuses_to_share_an_empty_draft(world):
    document = drafted_document(world, evidence=False)
    services.draft_save(
        document=document,
        bodies={s["key"]: "" for s in document.draft},
        base_version=1,
        by=world.owner,
    )
    with pytest.raises(ValidationError, match="empty"):
        shared_round(world, document=document)


def test_the_manager_joins_the_round_only_when_included(world):
    review_round = shared_round(world, include_manager=True)
    assert set(reviewers_now(review_round)) == {world.mentor, world.manager}

    assert review_round.includes_manager


def test_only_reviewers_give_verdicts_and_only_the_engineer_closes(world):
    review_round = shared_round(world)
    criterion = criteria_of(world.owner)[0]
    with pytest.raises(PermissionDenied):
        services.verdict_give(
            review_round=review_round, reviewer=world.owner, criterion=criterion, value="next_level"
        )
    with pytest.raises(PermissionDenied):
        services.round_close(review_round=review_round, by=world.mentor)
    with pytest.raises(PermissionDenied):
        services.round_give_feedback(review_round=review_round, by=world.owner)


def test_a_closed_round_takes_no_more_comments(world):
    review_round = shared_round(world)
    thread = services.thread_open(
        review_round=review_round, by=world.mentor, anchor=Anchor("section", SUMMARY), body="Hm"
    )
    services.round_close(review_round=review_round, by=world.owner)
    with pytest.raises(ValidationError, match="closed"):
        services.comment_add(thread=thread, by=world.owner, body="late")


def test_mentions_name_round_members_only(world):
    review_round = shared_round(world)
    thread = services.thread_open(
        review_round=review_round,
        by=world.mentor,
        anchor=Anchor("section", SUMMARY),
        body="@olive please add numbers; cc @pia@example.com and @ezra",
    )
    assert set(thread.comments.get().mentions.all()) == {world.owner, world.mentor}


def test_outsiders_cannot_comment(world):
    review_round = shared_round(world)
    with pytest.raises(PermissionDenied):
        services.thread_open(
            review_round=review_round,
            by=world.other_engineer,
            anchor=Anchor("section", SUMMARY),
            body="hi",
        )


def test_a_changed_verdict_replaces_the_old_one_and_the_newest_round_wins(world):
    review_round = shared_round(world)
    criterion = criteria_of(world.owner)[0]
    for value in ("not_yet", "not_enough_evidence"):
        services.verdict_give(
            review_round=review_round, reviewer=world.mentor, criterion=criterion, value=value
        )
    assert Verdict.objects.get().value == "not_enough_evidence"
    services.round_close(review_round=review_round, by=world.owner)
    second = shared_round(world, document=review_round.document)
    services.verdict_give(
        review_round=second,
        reviewer=world.mentor,
        criterion=criterion,
        value="next_level",
        note="Now it shows.",
    )
    found = latest_verdicts(review_round.document.candidacy)
    assert [(v.value, v.note) for v in found if v.criterion_id == criterion.pk] == [
        ("next_level", "Now it shows.")
    ]


def test_feedback_then_close_lets_the_engineer_share_again(world):
    review_round = shared_round(world)
    services.round_give_feedback(review_round=review_round, by=world.mentor)
    with pytest.raises(ValidationError):
        services.round_give_feedback(review_round=review_round, by=world.mentor)
    services.round_close(review_round=review_round, by=world.owner)
    second = shared_round(world, document=review_round.document)
    assert second.version.number == 2
    assert ReviewRound.objects.get(pk=review_round.pk).status == "closed"


def _day(month):
    from datetime import date

    return date(2026, month, 15)
