"""Mentor verdicts per criterion: the hook the reviews app fills.

Readiness shows each criterion's mentor verdicts next to the evidence. Mentors give them
in review rounds, which belong to the reviews app, so promo does not read them itself:
until a source is registered the mapping is empty and every criterion reads
"no verdict yet".

The reviews app registers exactly one source, once, in its AppConfig.ready():

    from promo.readiness.verdicts import register_mentor_verdict_source
    register_mentor_verdict_source(mentor_verdicts_by_criterion)

A source is called as `source(candidacy, criterion_ids, viewer)` and returns a mapping
{criterion_id: [MentorVerdict(mentor_name, verdict, note, hidden), ...]} of what `viewer`
may read (reviews.access: a verdict is for its round's audience; others get one
`hidden` entry saying a verdict exists, and viewer=None gets only those). It must run a
constant number of queries, whatever the number of criteria: readiness is query-counted.
"""

from collections.abc import Callable, Iterable, Mapping

from promo.readiness.facts import MentorVerdict

NO_VERDICT_YET = "no verdict yet"

VerdictSource = Callable[[object, list[int], object], Mapping[int, Iterable[MentorVerdict]]]
_source: list[VerdictSource] = []


def register_mentor_verdict_source(source: VerdictSource) -> None:
    """Install the function that supplies mentor verdicts (replacing any earlier one)."""
    _source[:] = [source]


def mentor_verdicts_for(candidacy, criterion_ids: Iterable[int], viewer=None) -> Mapping[int, list]:
    """{criterion_id: [MentorVerdict, ...]} as `viewer` may see them; empty until the
    reviews app registers a source, and always empty for a person without a candidacy."""
    if not _source or candidacy is None:
        return {}
    found = _source[0](candidacy, list(criterion_ids), viewer)
    return {criterion_id: list(verdicts) for criterion_id, verdicts in found.items()}
