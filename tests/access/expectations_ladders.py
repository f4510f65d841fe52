"""Access rows for candidacies (My case, My team, Mentoring, a candidacy and its edits).

Those who see a candidacy: the engineer, their managers up the chain, their mentors and
staff. Everyone else gets 404. Among those who see it, mentors may only add and close
gaps, and only managers and staff record submissions and outcomes (403 otherwise).
"""

from tests.access.rules import Rule, get_only, signed_in, staff_only
from tests.factories import candidacy_for


def a_candidacy(world):
    return {"pk": candidacy_for(world.owner).pk}


def a_gap(world):
    from promo.candidacies.services import gap_add

    candidacy = candidacy_for(world.owner)
    criterion = candidacy.ladder.criteria.first()
    gap = gap_add(candidacy=candidacy, by=world.mentor, criterion=criterion, text="Lead a design")
    return {"pk": gap.pk}


def a_ladder(world):
    return {"pk": world.owner.ladder_id}


def a_level(world):
    return {"pk": world.owner.level_id}


def a_criterion(world):
    return {"pk": world.owner.ladder.criteria.first().pk}


def a_report(world):
    """The owner, with the snapshot My team reads (their manager sees it)."""
    from promo.dashboards.snapshots import snapshot_refresh

    snapshot_refresh(person_id=world.owner.pk)
    return {"pk": world.owner.pk}


def a_reports_criterion(world):
    return {**a_report(world), "position": 1}


def on_candidacy(*, owner, mentor, manager, staff):
    """A status for each persona who sees the owner's candidacy; 404 for the rest."""
    return signed_in(404, owner=owner, mentor=mentor, manager=manager, staff=staff)


def post_only(post, kwargs):
    return Rule(get=signed_in(405), post=post, kwargs=kwargs)


RULES = {
    "case": get_only(signed_in(200)),
    # Everyone with a level below the top opens their own case; staff here have no level.
    "case_open": Rule(get=signed_in(405), post=signed_in(302, staff=200)),
    "team": get_only(signed_in(200)),
    "team_csv": get_only(signed_in(200)),
    # A row's words on request: only for someone the person is below (404 for the rest).
    "team_why": Rule(get=signed_in(404, manager=200), post=signed_in(405), kwargs=a_report),
    "team_why_criterion": Rule(
        get=signed_in(404, manager=200), post=signed_in(405), kwargs=a_reports_criterion
    ),
    "team_open_case": Rule(
        get=signed_in(405), post=signed_in(200), note="empty POST re-renders errors"
    ),
    "mentoring": get_only(signed_in(200)),
    "candidacy_detail": Rule(
        get=on_candidacy(owner=200, mentor=200, manager=200, staff=200),
        post=signed_in(405),
        kwargs=a_candidacy,
    ),
    "candidacy_target_date": post_only(
        on_candidacy(owner=302, mentor=403, manager=302, staff=302), a_candidacy
    ),
    "candidacy_gap_add": post_only(
        on_candidacy(owner=200, mentor=200, manager=200, staff=200), a_candidacy
    ),
    "gap_close": post_only(on_candidacy(owner=200, mentor=200, manager=200, staff=200), a_gap),
    "candidacy_submit": post_only(
        on_candidacy(owner=403, mentor=403, manager=302, staff=302), a_candidacy
    ),
    "candidacy_outcome": post_only(
        on_candidacy(owner=403, mentor=403, manager=200, staff=200), a_candidacy
    ),
    "candidacy_resubmit": post_only(
        on_candidacy(owner=302, mentor=403, manager=302, staff=302), a_candidacy
    ),
    # Staff ladder editor: everyone else signed in gets 403. Empty posts re-render errors;
    # an empty move is refused with a message and a redirect.
    "staff_ladders": staff_only(post=405),
    "staff_ladder_edit": staff_only(kwargs=a_ladder),
    "staff_level_new": staff_only(get=405, kwargs=a_ladder),
    "staff_criterion_new": staff_only(kwargs=a_ladder),
    "staff_level_edit": staff_only(kwargs=a_level),
    "staff_level_move": staff_only(get=405, post=302, kwargs=a_level),
    "staff_criterion_edit": staff_only(kwargs=a_criterion),
    "staff_criterion_move": staff_only(get=405, post=302, kwargs=a_criterion),
}
