"""The whole cycle, through the pages: draft, share, comment, reply, resolve, verdicts,
committee "not yet", a new version with carry-over, and resubmission."""

from django.urls import reverse

from promo.candidacies.services import (
    candidacy_open,
    candidacy_record_outcome,
    candidacy_resubmit,
    candidacy_submit,
    gap_add,
)
from reviews.models import PromoDocument, ReviewRound, Thread
from reviews.sections import SUMMARY, criterion_key
from reviews.verdicts import latest_verdicts
from tests.reviews.factories import artifact, criteria_of


def _save(client, document, bodies):
    document.refresh_from_db()
    data = {"base_version": document.draft_version}
    for section in document.draft:
        data[f"section_{section['key']}"] = bodies.get(section["key"], section["body"])
    response = client.post(reverse("reviews_draft_save", args=[document.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def _share(client, document, mentor):
    response = client.post(reverse("reviews_share", args=[document.pk]), {"reviewers": [mentor.pk]})
    assert response.status_code == 302
    return ReviewRound.objects.get(document=document, status="open")


def test_a_full_review_cycle_to_resubmission(client, world):
    criteria = criteria_of(world.owner)
    for criterion in criteria:
        artifact(world.owner, f"Work on {criterion.slug}", tags=[(criterion, "strong")])
    candidacy = candidacy_open(person=world.owner, by=world.manager)

    client.force_login(world.owner)
    assert client.post(reverse("reviews_start")).status_code == 302
    document = PromoDocument.objects.get(candidacy=candidacy)
    _save(client, document, {SUMMARY: "I led the ledger migration. It cut latency by half."})
    first = _share(client, document, world.mentor)

    client.force_login(world.mentor)
    page = client.get(reverse("reviews_round", args=[first.pk]))
    assert "cut latency by half" in page.content.decode()
    client.post(
        reverse("reviews_thread_new", args=[first.pk]),
        {
            "kind": "passage",
            "section": SUMMARY,
            "quote": "cut latency",
            "body": "By how much, @olive?",
        },
    )
    client.post(
        reverse("reviews_thread_new", args=[first.pk]),
        {"kind": "passage", "section": SUMMARY, "quote": "ledger migration", "body": "Whose idea?"},
    )
    numbers, origin = Thread.objects.order_by("pk")
    assert list(numbers.comments.get().mentions.all()) == [world.owner]

    client.force_login(world.owner)
    reply = client.post(
        reverse("reviews_comment_new", args=[numbers.pk]),
        {"body": "p99 from 420 ms to 200 ms."},
        headers={"HX-Request": "true"},
    )
    assert reply.status_code == 200 and "p99 from 420 ms" in reply.content.decode()
    assert 'id="thread-' in reply.content.decode() and "<html" not in reply.content.decode()

    client.force_login(world.mentor)
    client.post(reverse("reviews_thread_resolve", args=[numbers.pk]))
    verdicts = {f"value_{c.pk}": "next_level" for c in criteria}
    verdicts[f"value_{criteria[0].pk}"] = "not_yet"
    verdicts[f"note_{criteria[0].pk}"] = "Scope is one team only."
    assert client.post(reverse("reviews_verdicts", args=[first.pk]), verdicts).status_code == 302
    client.post(reverse("reviews_round_feedback", args=[first.pk]))

    client.force_login(world.owner)
    client.post(reverse("reviews_round_close", args=[first.pk]))
    assert ReviewRound.objects.get(pk=first.pk).status == "closed"

    # Committee: "not yet", with a gap taken from its feedback; the case is resubmitted.
    candidacy_submit(candidacy=candidacy, by=world.manager)
    submission = candidacy_record_outcome(
        candidacy=candidacy, by=world.manager, outcome="not_yet", feedback="Show wider scope."
    )
    gap_add(
        candidacy=candidacy,
        by=world.manager,
        criterion=criteria[0],
        text="Wider scope",
        submission=submission,
    )
    candidacy_resubmit(candidacy=candidacy, by=world.owner)

    wider = artifact(world.owner, "Cross-team platform", tags=[(criteria[0], "exemplary")])
    _save(
        client,
        document,
        {
            SUMMARY: "It cut latency by half across three teams.",
            criterion_key(criteria[0].pk): f"- Platform for three teams [evidence:{wider.pk}]",
        },
    )
    second = _share(client, document, world.mentor)
    numbers.refresh_from_db()
    origin.refresh_from_db()
    assert numbers.round == second and not numbers.outdated and numbers.is_resolved
    assert origin.round == second and origin.outdated
    diff = client.get(reverse("reviews_diff", args=[document.pk]))
    assert "<del>" in diff.content.decode() and "three teams" in diff.content.decode()

    client.force_login(world.mentor)
    page = client.get(reverse("reviews_round", args=[second.pk])).content.decode()
    assert "outdated" in page and "ledger migration" in page
    client.post(
        reverse("reviews_verdicts", args=[second.pk]), {f"value_{criteria[0].pk}": "next_level"}
    )
    found = latest_verdicts(candidacy)
    assert {v.value for v in found if v.criterion_id == criteria[0].pk} == {"next_level"}

    candidacy_submit(candidacy=candidacy, by=world.manager)
    candidacy.refresh_from_db()
    assert candidacy.status == "submitted" and candidacy.submissions.count() == 2
