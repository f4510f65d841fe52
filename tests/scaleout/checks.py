"""What the fleet test holds the database and the mail sink to, after the run: each
returns the figures it counted."""

from collections import Counter

from evidence.models import Artifact, ArtifactTag
from promo.models import ImpactCheckIn, NudgeClaim
from reviews.models import Comment, ExportJob


def _ok(ledger, kind):
    return [write for write in ledger if write.kind == kind and write.outcome == "ok"]


def writes_landed_once(ledger, *, users, job_ids):
    """Every write the client got a 2xx (or a form's redirect) for is in the database
    exactly once; one whose answer was lost is there at most once; a write sent again
    with its key got the first answer and added nothing; every PDF asked for was built."""
    failed = [(w.kind, w.status, w.answer) for w in ledger if w.outcome == "failed"]
    assert not failed, failed
    logged = _ok(ledger, "evidence")
    for write in logged:
        same = Artifact.objects.filter(owner__in=users, title=write.sent["title"])
        assert same.count() == 1, write
    assert Artifact.objects.filter(owner__in=users, title__contains=" win ").count() == len(logged)
    resent = [write for write in ledger if write.kind.endswith("(resent)")]
    originals = {write.key: write for write in ledger if not write.kind.endswith("(resent)")}
    assert resent and all(write.replayed and write.outcome == "ok" for write in resent)
    assert all(write.answer == originals[write.key].answer for write in resent)
    for write in _ok(ledger, "tag"):
        tags = ArtifactTag.objects.filter(
            artifact_id=write.sent["artifact"], criterion__slug=write.sent["slug"]
        )
        assert tags.count() == 1, write
    for write in _ok(ledger, "checkin"):
        checkin = ImpactCheckIn.objects.get(pk=write.sent["id"])
        assert (checkin.outcome, checkin.version) == (write.sent["outcome"], 2), write
    comments = [write for write in ledger if write.kind == "comment"]
    for write in comments:
        count = Comment.objects.filter(body=write.sent["body"]).count()
        assert count == 1 if write.outcome == "ok" else count <= 1, write
    unknown = [write for write in ledger if write.outcome == "unknown"]
    extra_jobs = ExportJob.objects.filter(requested_by__in=users).count() - len(job_ids)
    assert 0 <= extra_jobs <= len([write for write in unknown if write.kind == "export"])
    built = set(ExportJob.objects.filter(pk__in=job_ids).values_list("status", flat=True))
    assert job_ids and built == {"done"}, built
    return {"evidence": len(logged), "comments": len(comments), "unknown": len(unknown)}


def nudges_sent_once(inbox, *, quiet, mentor, players):
    """Every claim is finished, each sent one email and no email went twice; a claim whose
    worker died mid-send ('interrupted') sent at most one. The quiet engineers got their
    weekly reminder and check-in nudge, the mentor one review request per shared draft."""
    claims = NudgeClaim.objects.all()
    statuses = Counter(claims.values_list("status", flat=True))
    assert set(statuses) <= {"sent", "skipped", "interrupted"}, statuses
    emails = Counter(inbox.recipients())
    sent = Counter(claims.filter(status="sent").values_list("person__email", flat=True))
    interrupted = Counter(
        claims.filter(status="interrupted").values_list("person__email", flat=True)
    )
    for address in emails.keys() | sent.keys():
        assert sent[address] <= emails[address] <= sent[address] + interrupted[address], address
    messages = Counter(
        (m["To"], m["Subject"], m.get_body(("plain",)).get_content()) for m in inbox.messages
    )
    assert max(messages.values()) == 1, "an email was sent twice"
    for person in quiet:
        finished = claims.filter(person=person, status__in=["sent", "interrupted"])
        kinds = sorted(finished.values_list("kind", flat=True))
        assert kinds == ["checkin_due", "log_wins"], (person.email, kinds)
    review_requests = claims.filter(
        person=mentor, kind="review_requested", status__in=["sent", "interrupted"]
    )
    assert review_requests.count() == players
    return {"claims": dict(statuses), "emails": emails.total()}
