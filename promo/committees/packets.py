"""What a nomination freezes: the packet the committee judges.

Built once, when a manager nominates, as plain JSON stored on the nomination; nothing
reads the live case for it afterwards, so later edits (a new doc version, new evidence,
a closed gap) never change a packet already under review. It holds what the nominating
manager may read on that day: their view of the evidence, of the promo doc's versions and
of the mentors' verdicts.
"""

from django.utils import timezone

from evidence.access import artifacts_visible_to
from evidence.models import ArtifactTag
from promo.dashboards.snapshots import snapshot_cell
from promo.models import Attestation, Gap, ImpactCheckIn
from promo.pulses.queries import pulse_summary_for
from promo.readiness.queries import readiness_for
from reviews.access import versions_readable_by
from reviews.models import PromoDocument

PACKET_VERSION = 1


def packet_for(candidacy, *, by, endorsement, now=None):
    """The packet of `candidacy` as `by` (the nominating manager) sees it at `now`."""
    now = now or timezone.now()
    person = candidacy.person
    zone = person.zone
    artifacts = artifacts_visible_to(by, person).filter(is_draft=False)
    cited = artifacts.filter(
        pk__in=ArtifactTag.objects.filter(criterion__ladder_id=candidacy.ladder_id).values(
            "artifact_id"
        )
    )
    return {
        "version": PACKET_VERSION,
        "frozen_at": now.isoformat(),
        "frozen_on": now.astimezone(zone).date().isoformat(),
        "candidate": {
            "name": str(person),
            "from_level": candidacy.from_level.code,
            "target_level": str(candidacy.target_level),
            "manager": str(person.manager) if person.manager_id else "",
        },
        "endorsement": {"by": str(by), "text": endorsement},
        "readiness": _readiness(person, artifacts, by, now),
        "doc": _doc(candidacy, by),
        "checkins": _checkins(cited, zone),
        "confirmations": _confirmations(cited),
        "perception": _perception(person, now),
        "gaps": _gaps(candidacy, zone),
    }


def _readiness(person, artifacts, by, now):
    result = readiness_for(person, artifacts=artifacts, now=now, viewer=by)
    if result is None:
        return {"standing": "", "sentence": "", "criteria": []}
    criteria = []
    for row in result.criteria:
        cell = snapshot_cell(row, result.rule)
        cell.update(
            id=row.criterion.id,
            expectation=row.criterion.expectation,
            mentor_verdicts=[
                {"mentor": v.mentor_name, "verdict": v.verdict, "note": v.note}
                for v in row.mentor_verdicts
                if not v.hidden
            ],
        )
        criteria.append(cell)
    return {"standing": result.standing, "sentence": result.sentence, "criteria": criteria}


def _doc(candidacy, by):
    document = PromoDocument.objects.filter(candidacy_id=candidacy.pk).first()
    if document is None:
        return None
    version = versions_readable_by(by, document).order_by("number").last()
    if version is None:
        return None
    return {
        "number": version.number,
        "created_on": version.created_at.date().isoformat(),
        "sections": [
            {"title": section.get("title", ""), "body": section.get("body", "")}
            for section in version.sections
        ],
    }


def _checkins(artifacts, zone):
    rows = (
        ImpactCheckIn.objects.recorded()
        .filter(artifact__in=artifacts.values("pk"))
        .select_related("artifact")
        .order_by("recorded_at", "id")
    )
    return [
        {
            "artifact": checkin.artifact.title,
            "shipped_on": _iso(checkin.artifact.shipped_on),
            "recorded_on": checkin.recorded_at.astimezone(zone).date().isoformat(),
            "outcome": checkin.outcome,
            "metric_before": checkin.metric_before,
            "metric_after": checkin.metric_after,
        }
        for checkin in rows
    ]


def _confirmations(artifacts):
    rows = (
        Attestation.objects.filter(
            artifact__in=artifacts.values("pk"), status=Attestation.Status.CONFIRMED
        )
        .select_related("artifact", "attester")
        .order_by("answered_at", "id")
    )
    return [
        {
            "artifact": row.artifact.title,
            "by": str(row.attester),
            "question": row.question,
            "statement": row.statement,
            "adopted": row.adopted,
        }
        for row in rows
    ]


def _perception(person, now):
    """The "clerical error" pulse as it stood: a signal beside the evidence, aggregated and
    without names; nothing of it before three colleagues answered."""
    summary = pulse_summary_for(person, now=now)
    if summary is None:
        return None
    return {
        "level": str(summary.pulse.level),
        "open": summary.is_open,
        "asked": summary.asked,
        "answered": summary.answered,
        "counts": [[label, number] for label, number in summary.counts],
        "sentences": list(summary.sentences),
    }


def _gaps(candidacy, zone):
    rows = Gap.objects.filter(candidacy_id=candidacy.pk).select_related("criterion")
    return [
        {
            "criterion": gap.criterion.name,
            "text": gap.text,
            "opened_on": gap.created_at.astimezone(zone).date().isoformat(),
            "closed_on": gap.closed_at.astimezone(zone).date().isoformat() if gap.closed_at else "",
            "closed_note": gap.closed_note,
        }
        for gap in rows
    ]


def _iso(day):
    return day.isoformat() if day else ""
