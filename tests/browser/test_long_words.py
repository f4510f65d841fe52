"""No page scrolls sideways at 375 px, whatever people type: every user text field holds
one unbroken word as long as the field allows (200 characters where it allows more), and
every main page is walked as the person who uses it."""

import pytest
from django.urls import reverse

from evidence.models import Artifact, ArtifactLink, ArtifactTag
from promo.models import Gap
from reviews import services
from reviews.anchors import Anchor
from reviews.models import ReviewRound
from reviews.sections import SUMMARY, criterion_key
from tests.browser.test_every_page import at_phone_width, main_pages, too_wide
from tests.reviews.factories import criteria_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def word(letter, length=200):
    return letter * length


def _long_names(world):
    """Names as long as their fields allow, on everyone the pages name."""
    for n, person in enumerate((world.owner, world.mentor, world.manager, world.staff)):
        person.display_name = word("nmop"[n], 120)
        person.save(update_fields=["display_name"])
    team = world.owner.team
    team.name, team.description = word("t", 120), word("d")
    team.save(update_fields=["name", "description"])
    criterion = criteria_of(world.owner)[0]
    criterion.name, criterion.description = word("c", 120), word("e")
    criterion.save(update_fields=["name", "description"])


def _long_evidence(world):
    criterion = criteria_of(world.owner)[0]
    artifact = Artifact.objects.create(
        owner=world.owner,
        title=word("T"),
        body=word("b"),
        impact=word("i"),
        metrics=word("m"),
        metric_before=word("0", 60),
        metric_after=word("1", 60),
        visibility=Artifact.Visibility.MENTORS_AND_MANAGER,
    )
    artifact.collaborators.add(world.mentor)
    artifact.teams_touched.add(world.owner.team)
    ArtifactLink.objects.create(
        artifact=artifact, label=word("l", 120), url="https://example.com/" + word("u")
    )
    ArtifactTag.objects.create(
        artifact=artifact, criterion=criterion, strength="strong", rationale=word("r")
    )
    return artifact


def _long_review(world, review_round):
    """A passage thread quoting a long word, a long reply, a long verdict note, a draft
    edited since and a gap."""
    key = criterion_key(criteria_of(world.owner)[0].pk)
    assert word("i", 199) in review_round.version.bodies[key], "the drafted claim has the impact"
    services.thread_open(
        review_round=review_round,
        by=world.mentor,
        anchor=Anchor("passage", key, quote=word("i", 199)),
        body=word("q"),
    )
    services.verdict_give(
        review_round=review_round,
        reviewer=world.mentor,
        criterion=criteria_of(world.owner)[0],
        value="not_yet",
        note=word("v"),
    )
    document = review_round.document
    services.draft_save(
        document=document,
        bodies={SUMMARY: f"{word('s')} [{word('k')}](https://example.com/{word('u')})"},
        base_version=document.draft_version,
        by=world.owner,
    )
    Gap.objects.create(
        candidacy=review_round.document.candidacy,
        criterion=criteria_of(world.owner)[0],
        text=word("g"),
    )


def test_no_page_scrolls_sideways_with_long_unbroken_words(new_page, world):
    _long_names(world)
    _long_evidence(world)
    pages = main_pages(world)
    review_round = ReviewRound.objects.get(document__candidacy__person=world.owner)
    _long_review(world, review_round)

    problems = []
    for url, page in at_phone_width(new_page, pages, problems):
        if wide := too_wide(page):
            problems.append(f"{url}: {wide}")
    assert not problems, "\n".join(problems)
    assert reverse("reviews_round", args=[review_round.pk]) in [url for _, url in pages]
