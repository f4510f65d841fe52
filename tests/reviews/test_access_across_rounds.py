"""Access follows the round and the organisation now: state changes, then every URL again.

The rule (reviews.access): a version is for the members of the round on THAT
version; "include my manager" means the engineer's manager now.
"""

import pytest
from django.http import Http404
from django.urls import reverse

from promo.models import NudgeClaim, User
from promo.nudges.kinds import review_requested
from reviews import services
from reviews.access import (
    reviewers_now,
    round_for_viewer,
    rounds_readable_by,
    version_for_viewer,
)
from reviews.models import ExportJob, ReviewRound
from reviews.urls import urlpatterns
from tests.factories import MentorAssignmentFactory, engineer
from tests.reviews.factories import open_threads, shared_round

REVIEWS_URLS = {pattern.name for pattern in urlpatterns}
# Pages that name nobody's document: they answer everyone, and list only what is theirs.
UNSCOPED = {"reviews_home", "reviews_shared", "reviews_start"}
DOCUMENT_WIDE = {
    "reviews_document",
    "reviews_edit",
    "reviews_draft_preview",
    "reviews_draft_save",
    "reviews_share",
    "reviews_diff",
}
POST_ONLY = {
    "reviews_start",
    "reviews_draft_preview",
    "reviews_draft_save",
    "reviews_export_pdf",
    "reviews_thread_new",
    "reviews_verdicts",
    "reviews_round_feedback",
    "reviews_round_close",
    "reviews_comment_new",
    "reviews_thread_resolve",
    "reviews_thread_reopen",
    "reviews_thread_link_gap",
}


def _kwargs(name, review_round, thread, job):
    version = review_round.version
    if name in DOCUMENT_WIDE:
        return {"pk": review_round.document_id}
    if name in {
        "reviews_version",
        "reviews_export_markdown",
        "reviews_export_print",
        "reviews_export_pdf",
    }:
        return {"pk": review_round.document_id, "number": version.number}
    if name in {"reviews_export", "reviews_export_download"}:
        return {"pk": job.pk}
    if name.startswith(("reviews_comment", "reviews_thread_re", "reviews_thread_link")):
        return {"pk": thread.pk}
    return {"pk": review_round.pk}


def statuses_for(client, person, review_round, thread, job, names):
    """{url name: status} for every named reviews URL about `review_round`."""
    unknown = REVIEWS_URLS - UNSCOPED - names
    assert not unknown, f"URLs this walk does not know yet: {sorted(unknown)}"
    client.force_login(person)
    found = {}
    for name in sorted(names):
        url = reverse(name, kwargs=_kwargs(name, review_round, thread, job))
        if name == "reviews_diff":
            url += f"?from=1&to={review_round.version.number}"
        response = client.post(url, {}) if name in POST_ONLY else client.get(url)
        found[name] = response.status_code
    return found


def _second_mentor(world):
    second = engineer("L7", display_name="Sol Second", email="sol@example.com")
    MentorAssignmentFactory(mentor=second, mentee=world.owner)
    return second


def _next_round(world, previous, reviewers, *, include_manager=False):
    services.round_close(review_round=previous, by=world.owner)
    return services.document_share_for_review(
        document=previous.document,
        reviewers=reviewers,
        include_manager=include_manager,
        by=world.owner,
    )


@pytest.fixture
def second_round(world):
    """Version 1 reviewed by the mentor; version 2 shared with another mentor only. The
    mentor's thread from round 1 is carried into round 2, and the mentor had asked for a
    PDF of version 2 (a job row that must not outlive the access)."""
    first = shared_round(world)
    [thread] = open_threads(first, world.mentor, 1)
    second = _next_round(world, first, [_second_mentor(world)])
    job = ExportJob.objects.create(
        version=second.version, requested_by=world.mentor, status="done", content=b"%PDF-"
    )
    thread.refresh_from_db()
    assert thread.round_id == second.pk
    return first, second, thread, job


def test_an_earlier_reviewer_reaches_nothing_of_a_round_they_are_not_in(
    client, world, second_round
):
    first, second, thread, job = second_round
    names = REVIEWS_URLS - UNSCOPED
    found = statuses_for(client, world.mentor, second, thread, job, names)
    # Still a member of round 1, so the document page opens (listing version 1 only) and
    # changing it is refused as for any reader; everything of round 2 is not there.
    expected = dict.fromkeys(sorted(names), 404)
    expected.update(
        reviews_document=200,
        reviews_edit=403,
        reviews_draft_preview=403,
        reviews_draft_save=403,
        reviews_share=403,
    )
    assert found == expected


def test_an_earlier_reviewer_still_reads_their_own_version_and_sees_only_it(
    client, world, second_round
):
    first, second, _thread, _job = second_round
    client.force_login(world.mentor)
    page = client.get(reverse("reviews_document", args=[first.document_id])).content.decode()
    assert reverse("reviews_round", args=[first.pk]) in page
    assert reverse("reviews_round", args=[second.pk]) not in page
    shared = client.get(reverse("reviews_shared")).content.decode()
    assert reverse("reviews_round", args=[second.pk]) not in shared
    version_one = reverse("reviews_version", args=[first.document_id, 1])
    assert client.get(version_one).status_code == 200


def test_the_new_reviewer_reads_their_version_but_not_the_earlier_one(client, world, second_round):
    first, second, _thread, _job = second_round
    newcomer = User.objects.get(email="sol@example.com")
    client.force_login(newcomer)
    assert client.get(reverse("reviews_version", args=[first.document_id, 2])).status_code == 200
    assert client.get(reverse("reviews_version", args=[first.document_id, 1])).status_code == 404
    diff = reverse("reviews_diff", args=[first.document_id]) + "?from=1&to=2"
    assert client.get(diff).status_code == 404, "a diff needs both versions"


def test_a_mentor_removed_from_the_engineer_loses_the_round(client, world):
    review_round = shared_round(world)
    world.mentor.mentee_links.all().delete()
    client.force_login(world.mentor)
    assert client.get(reverse("reviews_round", args=[review_round.pk])).status_code == 404
    document = reverse("reviews_document", args=[review_round.document_id])
    assert client.get(document).status_code == 404


@pytest.fixture
def manager_round(world):
    """A round that includes the owner's manager, with a thread; then the owner moves to
    the other manager. Nothing stored names the old manager: access follows the org."""
    review_round = shared_round(world, include_manager=True)
    [thread] = open_threads(review_round, world.manager, 1)
    job = ExportJob.objects.create(
        version=review_round.version, requested_by=world.manager, status="done", content=b"%PDF-"
    )
    User.objects.filter(pk=world.owner.pk).update(manager=world.other_manager)
    return review_round, thread, job


def test_a_former_manager_gets_404_on_everything_of_the_document(client, world, manager_round):
    review_round, thread, job = manager_round
    names = REVIEWS_URLS - UNSCOPED
    found = statuses_for(client, world.manager, review_round, thread, job, names)
    assert found == dict.fromkeys(sorted(names), 404)


def test_the_new_manager_takes_the_managers_place_in_the_round(client, world, manager_round):
    review_round, _thread, _job = manager_round
    assert set(reviewers_now(review_round)) == {world.mentor, world.other_manager}
    client.force_login(world.other_manager)
    assert client.get(reverse("reviews_round", args=[review_round.pk])).status_code == 200


def test_include_my_manager_shares_with_the_new_manager_only(world, manager_round):
    review_round, _thread, _job = manager_round
    NudgeClaim.objects.all().delete()
    again = _next_round(world, review_round, [world.mentor], include_manager=True)
    assert set(reviewers_now(again)) == {world.mentor, world.other_manager}
    claimed = set(
        NudgeClaim.objects.filter(kind=review_requested.KEY).values_list("person", flat=True)
    )
    assert claimed == {world.mentor.pk, world.other_manager.pk}


def test_round_and_version_for_viewer_admit_exactly_whom_rounds_readable_by_admits(
    world, manager_round
):
    """The round and version pages check access in Python from the round's members now;
    they must agree with the query every other page filters by, for everyone, as the org
    changes."""
    with_manager, _thread, _job = manager_round  # the owner has moved to another manager
    second_mentor = _second_mentor(world)
    later = _next_round(world, with_manager, [world.mentor, second_mentor])
    rounds = {with_manager.pk, later.pk}

    def admitted(person):
        found = set()
        for pk in rounds:
            try:
                round_for_viewer(person, pk)
            except Http404:
                continue
            found.add(pk)
        return found

    def versions_admitted(person):
        found = set()
        for review_round in ReviewRound.objects.filter(pk__in=rounds).select_related("version"):
            version = review_round.version
            try:
                version_for_viewer(person, review_round.document_id, version.number)
            except Http404:
                continue
            found.add(review_round.pk)
        return found

    def agree():
        for person in User.objects.all():
            expected = set(rounds_readable_by(person).values_list("pk", flat=True)) & rounds
            assert admitted(person) == expected, person
            assert versions_admitted(person) == expected, person

    agree()
    assert admitted(world.other_manager) == {with_manager.pk}
    assert admitted(second_mentor) == {later.pk}
    world.mentor.mentee_links.all().delete()
    agree()
    User.objects.filter(pk=world.other_manager.pk).update(is_active=False)
    agree()
    assert admitted(world.owner) == rounds
    assert versions_admitted(world.owner) == rounds
