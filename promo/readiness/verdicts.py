"""Mentor verdicts per criterion: the hook the reviews app fills.

Readiness shows each criterion's mentor verdicts next to the evidence. Mentors give them
in review rounds, which belong to the reviews app, so promo does not read them itself:
until a source is registered the mapping is empty and every criterion reads
"no verdict yet".

The reviews app registers exactly one source, once, in its AppConfig.ready():

    from promo.readiness.verdicts import register_mentor_verdict_source
    register_mentor_verdict_source(mentor_verdicts_by_criterion, calls=latest_calls)

A source is called as `source(candidacy, criterion_ids, viewer)` and returns a mapping
{criterion_id: [MentorVerdict(mentor_name, verdict, note, hidden), ...]} of what `viewer`
may read (reviews.access: a verdict is for its round's audience; others get one
`hidden` entry saying a verdict exists, and viewer=None gets only those). It must run a
constant number of queries, whatever the number of criteria: readiness is query-counted.

`calls`, called as `calls(candidacy, criterion_ids, viewer)`, returns {criterion_id:
(value, given_at)} for the latest round holding a verdict on each criterion among the
rounds `viewer` may read (viewer=None: rounds that include the manager, the audience of
snapshots). The rule weighs it (a "Not yet" holds a criterion back), so readiness never
shows a criterion green beside a "Not yet" its reader can see, and never reveals a call
its reader may not. One query.
"""

from collections.abc import Callable, Iterable, Mapping

from promo.readiness.facts import MentorCall, MentorVerdict

NO_VERDICT_YET = "no verdict yet"

VerdictSource = Callable[[object, list[int], object], Mapping[int, Iterable[MentorVerdict]]]
_source: list[VerdictSource] = []
_calls: list = []


def register_mentor_verdict_source(source: VerdictSource, *, calls=None) -> None:
    """Install the function that supplies mentor verdicts (replacing any earlier one) and,
    when given, the one that supplies the latest calls."""
    _source[:] = [source]
    if calls is not None:
        _calls[:] = [calls]


def mentor_calls_for(
    candidacy, criterion_ids: Iterable[int], zone, viewer=None
) -> dict[int, MentorCall]:
    """{criterion_id: MentorCall} of the latest round per criterion that `viewer` may
    read (None: the manager audience), dated in `zone`."""
    if not _calls or candidacy is None:
        return {}
    found = _calls[0](candidacy, list(criterion_ids), viewer)
    return {
        criterion_id: MentorCall(value=value, given_on=given_at.astimezone(zone).date())
        for criterion_id, (value, given_at) in found.items()
    }


def mentor_verdicts_for(candidacy, criterion_ids: Iterable[int], viewer=None) -> Mapping[int, list]:
    """{criterion_id: [MentorVerdict, ...]} as `viewer` may see them; empty until the
    reviews app registers a source, and always empty for a person without a candidacy."""
    if not _source or candidacy is None:
        return {}
    found = _source[0](candidacy, list(criterion_ids), viewer)
    return {criterion_id: list(verdicts) for criterion_id, verdicts in found.items()}
