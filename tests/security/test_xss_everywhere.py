"""The XSS corpus through every field shown back, beyond evidence (tests/evidence/test_xss.py):
reviews threads, comments, drafts and verdict notes; candidacy feedback and gaps;
check-in outcomes; ladder, level, criterion and team names; display names; notifications;
audit details.

Each page is parsed (not string-searched) and must show no more active content with the
payload in every field than with plain text in every field.
"""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from evidence.models import Artifact
from promo.audit.services import audit_record
from promo.models import AuditEntry, Gap, ImpactCheckIn, Notification, Submission
from reviews import services as reviews
from reviews.anchors import Anchor
from tests.evidence.test_xss import PAYLOADS, audit
from tests.reviews.factories import criteria_of, drafted_document

PLAIN = "plain words xsspwn"


def seed(world, text):
    """Put `text` in every user-typed field on the owner's side of the world."""
    for person in (world.owner, world.mentor, world.manager):
        person.display_name = f"{person.display_name.split()[0]} {text}"[:150]
        person.save(update_fields=["display_name"])
    team = world.owner.team
    team.name = text[:100]
    team.save()
    ladder = world.owner.ladder
    ladder.name = text[:100]
    ladder.save()
    criterion = criteria_of(world.owner)[0]
    criterion.name = text[:100]
    criterion.save()

    document = drafted_document(world)
    candidacy = document.candidacy
    Gap.objects.create(candidacy=candidacy, criterion=criterion, text=text, opened_by=world.mentor)
    Gap.objects.create(
        candidacy=candidacy,
        criterion=criterion,
        text=text,
        opened_by=world.mentor,
        closed_at=timezone.now(),
        closed_note=text,
    )
    Submission.objects.create(
        candidacy=candidacy,
        submitted_on=date(2026, 1, 5),
        outcome=Submission.Outcome.NOT_YET,
        feedback=text,
    )
    document.draft = [{**s, "body": f"{s['body']}\n\n{text}"} for s in document.draft]
    document.save()
    review_round = reviews.document_share_for_review(
        document=document, reviewers=[world.mentor], include_manager=False, by=world.owner
    )
    key = review_round.version.sections[0]["key"]
    thread = reviews.thread_open(
        review_round=review_round, by=world.mentor, anchor=Anchor("section", key), body=text
    )
    reviews.comment_add(thread=thread, by=world.owner, body=text)
    reviews.verdict_give(
        review_round=review_round,
        reviewer=world.mentor,
        criterion=criterion,
        value="not_yet",
        note=text,
    )

    shipped = date(2025, 1, 6)
    work = Artifact.objects.create(
        owner=world.owner, title="Shipped", happened_on=shipped, shipped_on=shipped
    )
    ImpactCheckIn.objects.create(
        artifact=work,
        offset_days=30,
        planned_from=shipped,
        due_on=date(2025, 2, 5),
        outcome=text,
        metric_before=text[:60],
        metric_after=text[:60],
        recorded_at=timezone.now(),
        recorded_by=world.owner,
    )
    Notification.objects.create(recipient=world.owner, kind="log_wins", title=text[:200], body=text)
    audit_record(
        actor=world.manager,
        action=AuditEntry.Action.EVIDENCE_VIEWED,
        subject=world.owner,
        detail=text,
    )
    return candidacy, review_round, work


def pages(world, candidacy, review_round, work):
    """(persona, URL) for every page that shows a seeded field."""
    document = review_round.document
    return [
        (world.owner, reverse("home")),
        (world.owner, reverse("case")),
        (world.owner, reverse("candidacy_detail", args=[candidacy.pk])),
        (world.manager, reverse("candidacy_detail", args=[candidacy.pk])),
        (world.manager, reverse("team")),
        (world.mentor, reverse("mentoring")),
        (world.owner, reverse("readiness")),
        (world.manager, reverse("person_readiness", args=[world.owner.pk])),
        (world.owner, reverse("evidence_detail", args=[work.pk])),
        (world.owner, reverse("reviews_home")),
        (world.owner, reverse("reviews_document", args=[document.pk])),
        (world.owner, reverse("reviews_edit", args=[document.pk])),
        (world.mentor, reverse("reviews_round", args=[review_round.pk])),
        (world.mentor, reverse("reviews_shared")),
        (world.mentor, reverse("reviews_version", args=[document.pk, 1])),
        (world.mentor, reverse("reviews_export_print", args=[document.pk, 1])),
        (world.owner, reverse("notifications")),
        (world.owner, reverse("case_viewers")),
        (world.staff, reverse("staff_audit")),
        (world.staff, reverse("staff_people")),
        (world.staff, reverse("staff_teams")),
        (world.staff, reverse("staff_ladders")),
        (world.staff, reverse("staff_ladder_edit", args=[world.owner.ladder_id])),
    ]


def problems_on_every_page(client, world, text):
    found = {}
    seeded = seed(world, text)
    for person, url in pages(world, *seeded):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert "xsspwn" in response.content.decode(), f"{url} shows none of the seeded fields"
        found[(person.email, url)] = sorted(audit(response.content.decode()))
    return found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_becomes_active_content_anywhere(client, world, payload):
    found = problems_on_every_page(client, world, payload)
    for (email, url), problems in found.items():
        assert not [p for p in problems if "xsspwn" in p.lower()], (email, url, problems)
    assert all(problems == [] or _ours(problems) for problems in found.values()), found


def _ours(problems):
    """Markup the app itself draws: inline SVG charts. Nothing a payload can add."""
    return set(problems) <= {"<svg>"}


def test_the_baseline_pages_render(client, world):
    found = problems_on_every_page(client, world, PLAIN)
    assert all(problems == [] or _ours(problems) for problems in found.values()), found
