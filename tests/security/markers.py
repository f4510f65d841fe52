"""The marker test's vocabulary: unique strings, who may read each, and where they go.

Every marker is "MARK-<name>-7f3a". Its audience comes from the access rules, not from
what the pages show today:
- evidence/access.py: private and draft evidence -> the owner only; mentors-only
  -> also the owner's assigned mentors; mentors and manager -> also the managers above
  the owner and staff. Trashed evidence -> the owner, and only in their trash.
- promo/readiness/checkins/access.py: a check-in is read by whoever may read its artifact.
- reviews/access.py: a version and its threads -> the engineer and the members of
  the round on it (a thread carried into a later round is that round's, and its author
  wrote it); a verdict's note -> the round's audience; the working draft, never shared,
  -> the engineer only.
- promo/candidacies/access.py: gaps and committee feedback -> the engineer, managers
  above, mentors and staff.
- promo/nudges/access.py: a notification -> its recipient only.
- promo/pulses/access.py: a pulse's sentences -> the engineer and the managers above them
  (readiness pages), without names; the colleague who wrote one, on their answer page.
- promo/attestations/access.py: a colleague asked to confirm private evidence reads its
  title, impact and the question on the answer page and in their nudges only, and their
  own answer there; never the rest of the artifact.
"""

import re
from dataclasses import dataclass

SUFFIX = "7f3a"
MARKER_RE = re.compile(rf"MARK-[a-z0-9-]+?-{SUFFIX}")

OWNER = frozenset({"owner"})
MENTORS = OWNER | {"mentor"}
MENTORS_AND_MANAGER = MENTORS | {"manager", "staff"}
CANDIDACY = MENTORS | {"manager", "staff"}
ROUND_1 = OWNER | {"mentor"}  # shared with the assigned mentor only
ROUND_2 = OWNER | {"manager"}  # shared with a second mentor (no persona) and the manager
CARRIED_THREAD = ROUND_2 | {"mentor"}  # opened by the mentor in round 1, now in round 2


def mark(name):
    return f"MARK-{name}-{SUFFIX}"


@dataclass(frozen=True)
class Audience:
    personas: frozenset
    only_on: frozenset = frozenset()  # URL names; empty: anywhere the persona may go
    rule: str = ""
    # (persona, where) pairs admitted besides `personas`: someone shown one thing in one place.
    guest_on: frozenset = frozenset()

    def admits(self, persona, where):
        if (persona, where) in self.guest_on:
            return True
        if persona not in self.personas:
            return False
        return not self.only_on or where in self.only_on


def _evidence(prefix, personas, rule, **extra):
    fields = ("title", "body", "impact", "metrics", "link", "why")
    return {mark(f"{prefix}-{field}"): Audience(personas, rule=rule, **extra) for field in fields}


def _asked_on(*places):
    return frozenset(("other_engineer", where) for where in places)


ASKED_NUDGES = [
    f"{channel}:{kind}"
    for channel in ("nudge", "email")
    for kind in ("attestation_requested", "attestation_reminder")
]
ASKED = _asked_on("attestation_answer", "notifications", "api:notifications", *ASKED_NUDGES)
ASKED_RULE = "private evidence asked about: owner; the colleague asked, on its answer page"

AUDIENCE = {
    **_evidence("private", OWNER, "private evidence: owner only"),
    **_evidence("draft", OWNER, "draft evidence: owner only"),
    **_evidence(
        "trashed",
        OWNER,
        "trashed evidence: owner's trash only",
        only_on=frozenset({"evidence_trash"}),
    ),
    **_evidence("mentors", MENTORS, "mentors-only evidence: owner and assigned mentors"),
    **_evidence("shared", MENTORS_AND_MANAGER, "mentors and manager: also managers and staff"),
    **_evidence("asked", OWNER, "private evidence asked about: the rest is the owner's only"),
    mark("asked-title"): Audience(OWNER, rule=ASKED_RULE, guest_on=ASKED),
    mark("asked-question"): Audience(OWNER, rule=ASKED_RULE, guest_on=ASKED),
    mark("asked-impact"): Audience(
        OWNER, rule=ASKED_RULE, guest_on=_asked_on("attestation_answer")
    ),
    mark("asked-statement"): Audience(
        OWNER, rule="the colleague's own answer", guest_on=_asked_on("attestation_answer")
    ),
    mark("private-file"): Audience(OWNER, rule="attachment of private evidence: owner only"),
    mark("private-outcome"): Audience(OWNER, rule="check-in of private evidence: owner only"),
    mark("draft-outcome"): Audience(OWNER, rule="check-in of draft evidence: owner only"),
    mark("trashed-outcome"): Audience(
        OWNER, only_on=frozenset({"evidence_trash"}), rule="check-in of trashed evidence"
    ),
    mark("mentors-outcome"): Audience(MENTORS, rule="check-in of mentors-only evidence"),
    mark("round1-comment"): Audience(CARRIED_THREAD, rule="thread carried into round 2"),
    mark("round1-reply"): Audience(CARRIED_THREAD, rule="thread carried into round 2"),
    mark("round1-verdict"): Audience(ROUND_1, rule="verdict note: round 1's audience"),
    mark("round2-reply"): Audience(ROUND_2, rule="comment in round 2: round 2's audience"),
    mark("round2-verdict"): Audience(ROUND_2, rule="verdict note: round 2's audience"),
    mark("v1-text"): Audience(ROUND_1 | ROUND_2, rule="in versions 1 and 2"),
    mark("v1-only"): Audience(ROUND_1, rule="version 1 only: round 1's audience"),
    mark("v2-text"): Audience(ROUND_2, rule="version 2 only: round 2's audience"),
    mark("unshared-draft"): Audience(OWNER, rule="working draft, never shared: owner only"),
    mark("gap"): Audience(CANDIDACY, rule="candidacy gap: candidacy viewers"),
    mark("feedback"): Audience(CANDIDACY, rule="committee feedback: candidacy viewers"),
    mark("notification"): Audience(OWNER, rule="notification: its recipient only"),
    mark("pulse-sentence"): Audience(
        OWNER | {"manager"},
        only_on=frozenset({"readiness", "person_readiness"}),
        rule="a pulse's sentence: the engineer and managers above, on the readiness page",
        guest_on=frozenset({("mentor", "pulse_answer")}),
    ),
}


@dataclass(frozen=True)
class Sighting:
    """A marker found in what one persona was shown."""

    marker: str
    persona: str
    where: str  # a URL name, "nudge:<kind>", "email:<kind>" or "pdf"
    detail: str  # the URL or the notification's title

    def leaks(self):
        audience = AUDIENCE.get(self.marker)
        return audience is None or not audience.admits(self.persona, self.where)

    def __str__(self):
        audience = AUDIENCE.get(self.marker)
        rule = audience.rule if audience else "an unknown marker"
        return f"{self.persona} saw {self.marker} on {self.detail} [{self.where}] ({rule})"


def sightings_in(text, *, persona, where, detail):
    return [Sighting(m, persona, where, detail) for m in sorted(set(MARKER_RE.findall(text)))]
