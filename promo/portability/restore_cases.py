"""Recreating a person's cases from an export: candidacies with their submissions and
gaps, and each promo doc with its draft, every version, the review rounds with the
comments and the verdicts given in them. Criteria and levels are found in the target
ladder by slug and code; evidence citations point at the evidence the import just made."""

from datetime import date

from promo.models import Candidacy, Gap, Submission
from promo.portability.archive import ArchiveError
from promo.portability.portable import local_section_key
from promo.portability.restore_evidence import parsed
from reviews.citations import marker, replace_markers
from reviews.models import (
    Comment,
    DocumentVersion,
    PromoDocument,
    ReviewRound,
    Thread,
    Verdict,
)

# Cites nothing in the target (no artifact has id 0): a citation of evidence the export
# did not carry (it was in the trash) must never point at someone else's.
MISSING = 0


def _level(ladder, code):
    level = ladder.levels.filter(code=code).first()
    if level is None:
        raise ArchiveError(f"The ladder “{ladder.slug}” has no level {code}.")
    return level


def restore_cases(entries, *, person, ladder, people, criteria, evidence_ids):
    for entry in entries:
        candidacy = Candidacy.objects.create(
            person=person,
            ladder=ladder,
            from_level=_level(ladder, entry["from_level"]),
            target_level=_level(ladder, entry["target_level"]),
            target_date=_day(entry["target_date"]),
            status=entry["status"],
            created_at=parsed("created_at", entry["created_at"]),
        )
        submissions = [
            Submission.objects.create(
                candidacy=candidacy,
                submitted_on=_day(submission["submitted_on"]),
                submitted_by=person,
                outcome=submission["outcome"],
                decided_on=_day(submission["decided_on"]),
                decided_by=people(submission["decided_by"]),
                feedback=submission["feedback"],
            )
            for submission in entry["submissions"]
        ]
        Gap.objects.bulk_create(
            Gap(
                candidacy=candidacy,
                criterion_id=criteria[gap["criterion"]],
                submission=_numbered(submissions, gap.get("submission")),
                text=gap["text"],
                opened_by=people(gap["opened_by"]),
                created_at=parsed("created_at", gap["created_at"]),
                closed_at=parsed("closed_at", gap["closed_at"]),
                closed_note=gap["closed_note"],
            )
            for gap in entry["gaps"]
        )
        if entry["document"]:
            _document(entry["document"], candidacy, person, people, criteria, evidence_ids)


def _numbered(submissions, number):
    """The submission a gap names by number; None for none (or an export without it)."""
    if not number:
        return None
    if not 1 <= number <= len(submissions):
        raise ArchiveError(f"A gap names submission {number}; its case has {len(submissions)}.")
    return submissions[number - 1]


def _day(value):
    return date.fromisoformat(value) if value else None


def _sections(sections, criteria, evidence_ids):
    def cite(old_id):
        return marker(evidence_ids.get(old_id, MISSING))

    return [
        {
            **section,
            "key": local_section_key(section["key"], criteria) or section["key"],
            "body": replace_markers(section["body"], cite),
        }
        for section in sections
    ]


def _document(data, candidacy, person, people, criteria, evidence_ids):
    document = PromoDocument.objects.create(
        candidacy=candidacy,
        draft=_sections(data["draft"], criteria, evidence_ids),
        draft_saved_at=parsed("draft_saved_at", data["draft_saved_at"]),
        created_at=parsed("created_at", data["created_at"]),
    )
    versions = {
        version["number"]: DocumentVersion.objects.create(
            document=document,
            number=version["number"],
            sections=_sections(version["sections"], criteria, evidence_ids),
            created_at=parsed("created_at", version["created_at"]),
            created_by=person,
        )
        for version in data["versions"]
    }
    rounds = {}
    for round_data in data["rounds"]:
        review_round = ReviewRound.objects.create(
            document=document,
            version=versions[round_data["version"]],
            includes_manager=round_data["includes_manager"],
            status=round_data["status"],
            opened_at=parsed("opened_at", round_data["opened_at"]),
            feedback_at=parsed("feedback_at", round_data["feedback_at"]),
            feedback_by=people(round_data["feedback_by"]),
            closed_at=parsed("closed_at", round_data["closed_at"]),
        )
        review_round.reviewers.set([people(ref) for ref in round_data["reviewers"]])
        rounds[round_data["version"]] = review_round
    for round_data in data["rounds"]:
        for thread in round_data["threads"]:
            _thread(thread, rounds, round_data["version"], people, criteria, evidence_ids)
        _verdicts(round_data, rounds[round_data["version"]], people, criteria)


def _verdicts(round_data, review_round, people, criteria):
    # An export made before verdicts were exported has none to give back.
    Verdict.objects.bulk_create(
        Verdict(
            round=review_round,
            reviewer=people(verdict["reviewer"]),
            criterion_id=criteria[verdict["criterion"]],
            value=verdict["value"],
            note=verdict["note"],
            given_at=parsed("given_at", verdict["given_at"]),
        )
        for verdict in round_data.get("verdicts", [])
    )


def _thread(data, rounds, version_number, people, criteria, evidence_ids):
    evidence_id = data["evidence_id"]
    thread = Thread.objects.create(
        round=rounds[version_number],
        opened_in=rounds[data["opened_in_version"]],
        opened_by=people(data["opened_by"]),
        kind=data["kind"],
        section_key=local_section_key(data["section_key"], criteria) or data["section_key"],
        quote=data["quote"],
        quote_prefix=data["quote_prefix"],
        start=data["start"],
        end=data["end"],
        artifact_id=None if evidence_id is None else evidence_ids.get(evidence_id, MISSING),
        original_section_title=data["original_section_title"],
        original_context=data["original_context"],
        outdated=data["outdated"],
        resolved_at=parsed("resolved_at", data["resolved_at"]),
        resolved_by=people(data["resolved_by"]),
        created_at=parsed("created_at", data["created_at"]),
    )
    Comment.objects.bulk_create(
        Comment(
            thread=thread,
            author=people(comment["author"]),
            body=comment["body"],
            created_at=parsed("created_at", comment["created_at"]),
        )
        for comment in data["comments"]
    )
