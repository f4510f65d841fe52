"""The "Link to a gap" form on a thread: only where a gap it could link exists. The round
page shows each thread closed, with a link that says a gap can be linked; following it
opens the thread's forms."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from promo.models import Gap
from reviews import services
from reviews.anchors import Anchor
from reviews.sections import SUMMARY, criterion_key
from tests.reviews.factories import criteria_of, shared_round

LABEL = "Link to a gap from committee feedback"


def _thread(review_round, world, key):
    return services.thread_open(
        review_round=review_round, by=world.mentor, anchor=Anchor("section", key), body="Hm"
    )


def _form_of(page, thread):
    article = page[page.index(f'id="thread-{thread.pk}"') :]
    article = article[: article.index("</article>")]
    if LABEL not in article:
        return None
    form = article[article.index(LABEL) :]
    return form[: form.index("</select>")]


def _opened(client, thread):
    url = reverse("reviews_thread_reply", args=[thread.pk])
    return client.get(url, headers={"HX-Request": "true"}).content.decode()


def _link_of(page, thread):
    article = page[page.index(f'id="thread-{thread.pk}"') :]
    article = article[: article.index("</article>")]
    return "Reply or link to a gap" in article


def test_no_thread_offers_a_gap_link_when_the_case_has_no_gaps(client, world):
    review_round = shared_round(world)
    _thread(review_round, world, SUMMARY)
    client.force_login(world.mentor)
    page = client.get(reverse("reviews_round", args=[review_round.pk])).content.decode()
    assert LABEL not in page


def test_a_thread_offers_only_unlinked_gaps_on_its_own_criterion(client, world):
    review_round = shared_round(world)
    first, second = criteria_of(world.owner)[:2]
    on_first = _thread(review_round, world, criterion_key(first.pk))
    on_second = _thread(review_round, world, criterion_key(second.pk))
    on_summary = _thread(review_round, world, SUMMARY)
    candidacy = review_round.document.candidacy
    scope = Gap.objects.create(candidacy=candidacy, criterion=first, text="Wider scope")
    Gap.objects.create(candidacy=candidacy, criterion=first, text="Named metrics")
    url = reverse("reviews_round", args=[review_round.pk])
    client.force_login(world.owner)

    page = client.get(url).content.decode()
    assert LABEL not in page, "the round shows threads closed"
    assert _link_of(page, on_first) and _link_of(page, on_summary)
    assert not _link_of(page, on_second), "no gap on that criterion"
    first_form = _form_of(_opened(client, on_first), on_first)
    assert "Wider scope" in first_form and "Named metrics" in first_form
    assert _form_of(_opened(client, on_second), on_second) is None
    assert "Wider scope" in _form_of(_opened(client, on_summary), on_summary)

    fragment = client.post(
        reverse("reviews_thread_link_gap", args=[on_first.pk]),
        {"gap": scope.pk},
        headers={"HX-Request": "true"},
    ).content.decode()
    form = _form_of(fragment, on_first)
    assert "Named metrics" in form and "Wider scope" not in form, "linked gaps leave the list"


def test_someone_outside_the_round_cannot_link_a_gap(client, world):
    review_round = shared_round(world)
    thread = _thread(review_round, world, SUMMARY)
    gap = Gap.objects.create(
        candidacy=review_round.document.candidacy,
        criterion=criteria_of(world.owner)[0],
        text="Wider scope",
    )
    client.force_login(world.other_engineer)
    response = client.post(reverse("reviews_thread_link_gap", args=[thread.pk]), {"gap": gap.pk})
    assert response.status_code == 404 and not thread.gaps.exists()
    with pytest.raises(PermissionDenied):
        services.thread_link_gap(thread=thread, gap=gap, by=world.unassigned_mentor)
