"""Threads follow their anchor into the next version, or stay behind as outdated."""

from reviews import services
from reviews.anchors import Anchor
from reviews.sections import SUMMARY, criterion_key
from tests.reviews.factories import artifact, criteria_of, drafted_document, shared_round


def _next_round(world, review_round, bodies):
    services.round_close(review_round=review_round, by=world.owner)
    document = review_round.document
    document.refresh_from_db()
    services.draft_save(
        document=document, bodies=bodies, base_version=document.draft_version, by=world.owner
    )
    return shared_round(world, document=document)


def _round_with_summary(world, summary):
    document = drafted_document(world)
    services.draft_save(
        document=document, bodies={SUMMARY: summary}, base_version=1, by=world.owner
    )
    return shared_round(world, document=document)


def test_a_thread_on_an_edited_passage_follows_it_and_one_on_removed_text_is_outdated(world):
    review_round = _round_with_summary(world, "I led the migration. It cut latency by half.")
    kept = services.thread_open(
        review_round=review_round,
        by=world.mentor,
        anchor=Anchor("passage", SUMMARY, quote="cut latency"),
        body="By how much?",
    )
    gone = services.thread_open(
        review_round=review_round,
        by=world.mentor,
        anchor=Anchor("passage", SUMMARY, quote="led the migration"),
        body="Who else?",
    )
    second = _next_round(world, review_round, {SUMMARY: "Numbers first. It cut latency by 52%."})
    kept.refresh_from_db()
    gone.refresh_from_db()
    assert kept.round == second and not kept.outdated and kept.start == 18
    assert gone.round == second and gone.outdated
    assert "led the migration" in gone.original_context and gone.original_section_title == "Summary"
    assert gone.quote == "led the migration"  # the original anchor is kept to show it


def test_a_resolved_thread_carries_over_still_resolved(world):
    review_round = _round_with_summary(world, "Text that stays.")
    thread = services.thread_open(
        review_round=review_round, by=world.mentor, anchor=Anchor("section", SUMMARY), body="ok"
    )
    services.thread_resolve(thread=thread, by=world.owner)
    second = _next_round(world, review_round, {})
    thread.refresh_from_db()
    assert thread.round == second and thread.is_resolved and not thread.outdated


def test_a_thread_on_a_cited_artifact_survives_a_move_but_not_removal(world):
    document = drafted_document(world)
    first, second_criterion = criteria_of(world.owner)[:2]
    cited = artifact(world.owner, "Extra", tags=[(first, "strong")])
    body = f"Claim [evidence:{cited.pk}]"
    services.draft_save(
        document=document, bodies={criterion_key(first.pk): body}, base_version=1, by=world.owner
    )
    review_round = shared_round(world, document=document)
    thread = services.thread_open(
        review_round=review_round,
        by=world.mentor,
        anchor=Anchor("artifact", criterion_key(first.pk), artifact_id=cited.pk),
        body="Impact?",
    )
    moved = _next_round(
        world,
        review_round,
        {criterion_key(first.pk): "", criterion_key(second_criterion.pk): body},
    )
    thread.refresh_from_db()
    assert not thread.outdated and thread.section_key == criterion_key(second_criterion.pk)
    _next_round(world, moved, {criterion_key(second_criterion.pk): "gone"})
    thread.refresh_from_db()
    assert thread.outdated


def test_an_outdated_thread_comes_back_when_its_passage_returns(world):
    review_round = _round_with_summary(world, "Alpha beta gamma.")
    thread = services.thread_open(
        review_round=review_round,
        by=world.mentor,
        anchor=Anchor("passage", SUMMARY, quote="beta"),
        body="?",
    )
    second = _next_round(world, review_round, {SUMMARY: "Nothing here."})
    thread.refresh_from_db()
    assert thread.outdated
    _next_round(world, second, {SUMMARY: "And beta is back."})
    thread.refresh_from_db()
    assert not thread.outdated and thread.start == 4
