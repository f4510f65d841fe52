from promo.readiness.queries import readiness_for
from reviews import services
from reviews.verdicts import VERDICT_EXISTS, mentor_verdicts_by_criterion
from tests.reviews.factories import criteria_of, shared_round


def test_verdicts_appear_in_the_readiness_measures(world):
    review_round = shared_round(world, include_manager=True)
    criterion = criteria_of(world.owner)[0]
    services.verdict_give(
        review_round=review_round,
        reviewer=world.mentor,
        criterion=criterion,
        value="not_enough_evidence",
        note="Only one quarter.",
    )
    services.verdict_give(
        review_round=review_round, reviewer=world.manager, criterion=criterion, value="next_level"
    )
    readiness = readiness_for(world.owner, viewer=world.owner)
    row = next(r for r in readiness.criteria if r.criterion.id == criterion.pk)
    assert {(v.mentor_name, v.verdict, v.note) for v in row.mentor_verdicts} == {
        (str(world.mentor), "Not enough evidence", "Only one quarter."),
        (str(world.manager), "Next level", ""),
    }
    # Without a viewer (a snapshot many managers share), only that a verdict exists.
    shared = readiness_for(world.owner)
    row = next(r for r in shared.criteria if r.criterion.id == criterion.pk)
    assert [(v.mentor_name, v.verdict, v.note) for v in row.mentor_verdicts] == [
        ("", VERDICT_EXISTS, "")
    ]


def test_the_readiness_hook_is_one_query_for_any_number_of_criteria(
    world, django_assert_num_queries
):
    review_round = shared_round(world)
    criteria = criteria_of(world.owner)
    for criterion in criteria:
        services.verdict_give(
            review_round=review_round, reviewer=world.mentor, criterion=criterion, value="not_yet"
        )
    candidacy = review_round.document.candidacy
    with django_assert_num_queries(1):
        found = mentor_verdicts_by_criterion(candidacy, [c.pk for c in criteria])
    assert set(found) == {c.pk for c in criteria}
    with django_assert_num_queries(2):  # plus the rounds this viewer may read
        found = mentor_verdicts_by_criterion(candidacy, [c.pk for c in criteria], world.mentor)
    assert all(not v.hidden for verdicts in found.values() for v in verdicts)
