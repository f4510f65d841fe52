"""The `world` with a marker in every secret the owner's side of it keeps.

Built through the services where they exist, so audit entries, check-ins and event
nudges (review requested, mention, reply) come about the way they do in production.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import partial

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from evidence.attachments import attachment_add
from evidence.models import Artifact, ArtifactTag
from evidence.revisions import snapshot_of
from evidence.services import artifact_create, artifact_trash, artifact_update
from promo.attestations.services import attestation_answer, attestation_request
from promo.candidacies.services import candidacy_open
from promo.dashboards.snapshots import snapshots_refresh_all
from promo.models import (
    Attestation,
    Gap,
    ImpactCheckIn,
    MentorAssignment,
    Notification,
    NudgeClaim,
    NudgeThreshold,
    Submission,
)
from promo.nudges.delivery import deliver_claim
from promo.nudges.registry import all_thresholds
from promo.pulses.services import pulse_answer, pulse_request
from promo.readiness.checkins.services import checkin_record
from reviews import services as reviews
from reviews.anchors import Anchor
from reviews.models import ReviewRound
from tests.committees.helpers import a_cycle, decide_not_yet, in_review, nominate, release
from tests.factories import engineer
from tests.security.markers import mark


@dataclass
class Seeded:
    world: object
    now: datetime  # the pinned "now" of planning and delivery
    artifacts: dict  # kind -> Artifact ("private", "draft", "trashed", "mentors", "shared")
    attachment: object
    checkins: list  # pending check-ins of the seeded evidence
    candidacy: object
    gap: object
    document: object
    rounds: list  # [round 1, round 2]
    thread: object
    notification: object
    attestations: list  # [confirmed, waiting a week for an answer], both to other_engineer
    pulse: object  # about the owner, answered by the mentor, unassigned mentor, other manager
    outbox: list  # (claim, email) for every email the nudges sent
    nomination: object  # the other engineer's, decided and released (no markers in it)


def pinned_now():
    """Noon UTC today: the same weekday in every zone the world uses."""
    return datetime.combine(timezone.now().date(), time(12), tzinfo=UTC)


def _one_artifact(owner, kind, criterion, today, **fields):
    artifact = artifact_create(
        owner=owner,
        data={
            "title": mark(f"{kind}-title"),
            "body": mark(f"{kind}-body"),
            "impact": mark(f"{kind}-impact"),
            "metrics": mark(f"{kind}-metrics"),
            "links": [(mark(f"{kind}-link"), f"https://example.com/{kind}")],
            "happened_on": today - timedelta(days=3),
            # Shipped 91 days ago: the 30-day check-in is past, the 90-day one due today-1.
            "shipped_on": today - timedelta(days=91),
            **fields,
        },
    )
    ArtifactTag.objects.create(
        artifact=artifact, criterion=criterion, strength="strong", rationale=mark(f"{kind}-why")
    )
    return artifact


def _update(artifact, **changes):
    artifact.refresh_from_db()
    data = {**snapshot_of(artifact), **changes}
    data.pop("links", None)
    return artifact_update(
        artifact=artifact, data=data, expected_version=artifact.version, by=artifact.owner
    )


def _seed_evidence(world, criterion, today):
    """Evidence of every visibility, each naming someone who may not read it as a
    collaborator (which grants nothing)."""
    owner = world.owner
    _evidence = partial(_one_artifact, collaborators=[world.other_engineer.pk])
    made = {
        "private": _evidence(owner, "private", criterion, today, visibility="private"),
        "draft": _evidence(owner, "draft", criterion, today, is_draft=True),
        "trashed": _evidence(owner, "trashed", criterion, today),
        "mentors": _evidence(owner, "mentors", criterion, today, visibility="mentors"),
        "shared": _evidence(owner, "shared", criterion, today),
    }
    for kind in ("private", "draft", "trashed", "mentors"):
        first = made[kind].checkins.order_by("offset_days").first()
        checkin_record(
            checkin=first, by=owner, expected_version=first.version, outcome=mark(f"{kind}-outcome")
        )
    artifact_trash(artifact=made["trashed"], by=owner)
    # Shared for a while, then taken back: the audit log keeps an entry about each.
    _update(made["private"], visibility="mentors_and_manager")
    _update(made["private"], visibility="private")
    _update(made["draft"], is_draft=False)
    _update(made["draft"], is_draft=True)
    upload = SimpleUploadedFile(
        f"{mark('private-file')}.txt", mark("private-file").encode(), content_type="text/plain"
    )
    attachment = attachment_add(artifact=made["private"], upload=upload, by=owner)
    return made, attachment


def _seed_attestations(world, criterion, now, outbox):
    """Two private artifacts the owner asks the other engineer to confirm: one they confirm
    in their own words, one still unanswered a week later (so its reminder is due)."""
    owner, colleague = world.owner, world.other_engineer
    today = now.date()
    made = [_one_artifact(owner, "asked", criterion, today, visibility="private") for _ in "ab"]
    asked = [
        attestation_request(
            artifact=artifact, attesters=[colleague], question=mark("asked-question"), by=owner
        )[0]
        for artifact in made
    ]
    deliver_open_claims(outbox)
    attestation_answer(
        attestation=asked[0], confirmed=True, statement=mark("asked-statement"), adopted=True,
        by=colleague,
    )  # fmt: skip
    Attestation.objects.filter(pk=asked[1].pk).update(requested_at=now - timedelta(days=8))
    return made[0], asked


def _seed_pulse(world, outbox):
    """A pulse about the owner that three senior colleagues answered, the mentor in words
    that only the owner and their managers may read, without the mentor's name."""
    asked = [world.mentor, world.unassigned_mentor, world.other_manager]
    pulse = pulse_request(person=world.owner, recipients=asked, by=world.owner)
    deliver_open_claims(outbox)
    for recipient in pulse.recipients.select_related("person"):
        words = mark("pulse-sentence") if recipient.person == world.mentor else ""
        pulse_answer(recipient=recipient, answer="yes", sentence=words, by=recipient.person)
    return pulse


def _seed_candidacy(world, criterion):
    candidacy = candidacy_open(person=world.owner, by=world.owner)
    gap = Gap.objects.create(
        candidacy=candidacy, criterion=criterion, text=mark("gap"), opened_by=world.mentor
    )
    Submission.objects.create(
        candidacy=candidacy,
        submitted_on=timezone.localdate() - timedelta(days=200),
        outcome=Submission.Outcome.NOT_YET,
        feedback=mark("feedback"),
    )
    return candidacy, gap


def _write(document, text, *, last="", drop=""):
    """Add `text` to the first section (and `last` to the last one), removing `drop`."""
    bodies = {s["key"]: s["body"].replace(drop, "") if drop else s["body"] for s in document.draft}
    first, final = document.draft[0]["key"], document.draft[-1]["key"]
    bodies[first] = f"{bodies[first]}\n\n{text}"
    if last:
        bodies[final] = f"{bodies[final]}\n\n{last}"
    return reviews.draft_save(
        document=document, bodies=bodies, base_version=document.draft_version, by=document.owner
    )


def deliver_open_claims(outbox, *, now=None):
    """What a worker does right after each commit: deliver every open claim due by `now`,
    here in this process, keeping each email with its claim in `outbox`."""
    now = now or timezone.now() + timedelta(minutes=1)
    for claim in NudgeClaim.objects.filter(status__in=NudgeClaim.OPEN).select_related("person"):
        mail.outbox = []
        deliver_claim(claim.pk, now=now)
        outbox += [(claim, email) for email in mail.outbox]


def _first_round(world, document, criterion, outbox):
    """Shared with the mentor, who opens a thread (mentioning the owner), hears the
    owner's reply and gives a verdict; then closed."""
    owner = world.owner
    first = reviews.document_share_for_review(
        document=document, reviewers=[world.mentor], include_manager=False, by=owner
    )
    thread = reviews.thread_open(
        review_round=first,
        by=world.mentor,
        anchor=Anchor("section", first.version.sections[0]["key"]),
        body=f"@olive@example.com {mark('round1-comment')}",
    )
    reviews.comment_add(thread=thread, by=owner, body=mark("round1-reply"))
    reviews.verdict_give(
        review_round=first,
        reviewer=world.mentor,
        criterion=criterion,
        value="not_yet",
        note=mark("round1-verdict"),
    )
    deliver_open_claims(outbox)
    reviews.round_close(review_round=first, by=owner)
    return first, thread


def _second_round(world, document, thread, criterion, outbox):
    """Shared with a second mentor and the manager, not the first mentor; the thread
    carries over and the owner replies in it."""
    second_mentor = engineer("L7", display_name="Rhea Reviewer", email="rhea@example.com")
    MentorAssignment.objects.create(mentor=second_mentor, mentee=world.owner)
    second = reviews.document_share_for_review(
        document=document, reviewers=[second_mentor], include_manager=True, by=world.owner
    )
    thread.refresh_from_db()
    reviews.comment_add(thread=thread, by=world.owner, body=mark("round2-reply"))
    reviews.verdict_give(
        review_round=second,
        reviewer=world.manager,
        criterion=criterion,
        value="not_yet",
        note=mark("round2-verdict"),
    )
    deliver_open_claims(outbox)
    return second


def _seed_reviews(world, candidacy, criterion, outbox):
    """Two rounds, then more working draft that nobody was shown."""
    drafted = reviews.document_autodraft(candidacy=candidacy, by=world.owner)
    # Away from the thread's section, so no carried thread quotes it into round 2.
    document = _write(drafted, mark("v1-text"), last=mark("v1-only"))
    first, thread = _first_round(world, document, criterion, outbox)
    document = _write(document, mark("v2-text"), drop=mark("v1-only"))
    second = _second_round(world, document, thread, criterion, outbox)
    _write(document, mark("unshared-draft"))
    return document, [first, second], thread


def _seed_released_cycle(world, outbox):
    """The other engineer's case through a whole promotion cycle, released: the committee
    member and the conflicted member (made his mentor) sit on it. His case holds no
    marker; the walk checks the committee pages show none of the owner's."""
    MentorAssignment.objects.get_or_create(
        mentor=world.conflicted_member, mentee=world.other_engineer
    )
    cycle = a_cycle(world.staff, members=[world.committee_member, world.conflicted_member])
    nomination = nominate(cycle, world.other_engineer, by=world.other_manager)
    in_review(cycle, world.staff)
    decide_not_yet(nomination, world.committee_member)
    release(cycle, world.staff)
    deliver_open_claims(outbox)
    return nomination


def _make_every_nudge_due(now, candidacy):
    """Thresholds that make each scheduled kind due at `now` for someone."""
    overrides = {
        "log_wins.default_weekday": now.weekday(),
        "digest.weekday": now.weekday(),
        "draft_waiting.days": 1,
        "stale_criterion.weeks": 1,
    }
    for threshold in all_thresholds():
        value = overrides.get(threshold.key, 0 if threshold.key.endswith("hour") else None)
        if value is not None:
            NudgeThreshold.objects.update_or_create(key=threshold.key, defaults={"value": value})
    ReviewRound.objects.update(opened_at=now - timedelta(days=10))
    type(candidacy).objects.filter(pk=candidacy.pk).update(created_at=now - timedelta(weeks=10))


def seed(world):
    now = pinned_now()
    today = now.date()
    criterion = world.owner.ladder.criteria.first()
    artifacts, attachment = _seed_evidence(world, criterion, today)
    candidacy, gap = _seed_candidacy(world, criterion)
    outbox = []
    document, rounds, thread = _seed_reviews(world, candidacy, criterion, outbox)
    artifacts["asked"], attestations = _seed_attestations(world, criterion, now, outbox)
    pulse = _seed_pulse(world, outbox)
    nomination = _seed_released_cycle(world, outbox)
    notification = Notification.objects.create(
        recipient=world.owner,
        kind="log_wins",
        title=mark("notification"),
        body=mark("notification"),
    )
    _make_every_nudge_due(now, candidacy)
    # What the hourly task and the on-commit refresh (never committed here) would store.
    snapshots_refresh_all(now=now)
    pending = ImpactCheckIn.objects.filter(
        artifact__in=Artifact.all_objects.filter(owner=world.owner), recorded_at__isnull=True
    )
    return Seeded(
        world=world,
        now=now,
        artifacts=artifacts,
        attachment=attachment,
        checkins=list(pending.order_by("pk")),
        candidacy=candidacy,
        gap=gap,
        document=document,
        rounds=rounds,
        thread=thread,
        notification=notification,
        attestations=attestations,
        pulse=pulse,
        outbox=outbox,
        nomination=nomination,
    )
