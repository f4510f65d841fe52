from tests.access.rules import LOGIN, Rule, get_only, signed_in, staff_only, statuses
from tests.factories import engineer

PUBLIC_FORM = Rule(
    get=statuses(200), post=statuses(200), note="public form; POST re-renders errors"
)


def a_person(world):
    return {"pk": world.owner.pk}


def _a_newcomer(world):
    """Someone staff just added, with no password yet: a new teammate of the owner's (not
    a persona, whose signed-in session a new password would end)."""
    newcomer = engineer("L4", team=world.owner.team, manager=world.manager)
    newcomer.set_unusable_password()
    newcomer.save(update_fields=["password"])
    return newcomer


def an_invited_person(world):
    return {"pk": _a_newcomer(world).pk}


def a_live_invitation_link(world):
    from promo.accounts.invitations import invitation_send, invitation_token

    invitation = invitation_send(person=_a_newcomer(world), by=world.staff)
    return {"token": invitation_token(invitation)}


def a_team(world):
    return {"pk": world.owner.team_id}


def an_assignment(world):
    return {"pk": world.owner.mentor_links.get().pk}


RULES = {
    "home": get_only(signed_in(200)),
    "healthz": get_only(statuses(200)),
    "healthz_live": get_only(statuses(200)),
    "healthz_ready": Rule(
        get=statuses(503), post=statuses(405), note="no worker heartbeat in the test world"
    ),
    # Guarded by the client's network or a token, not by who is signed in: the test
    # client's 127.0.0.1 is in the default allowed networks (tests/monitoring for 404s).
    "metrics": get_only(statuses(200), note="loopback only by default"),
    "login": PUBLIC_FORM,
    "logout": Rule(get=signed_in(405), post=statuses(302), note="logout is POST-only"),
    "password_change": Rule(get=signed_in(200), post=signed_in(200)),
    "profile": Rule(get=signed_in(200), post=signed_in(200), note="POST re-renders errors"),
    "password_change_done": Rule(get=signed_in(200), post=signed_in(405)),
    "password_reset": PUBLIC_FORM,
    "password_reset_done": Rule(get=statuses(200), post=statuses(405)),
    "password_reset_confirm": Rule(
        get=statuses(200),
        post=statuses(200),
        kwargs=lambda world: {"uidb64": "bm9ib2R5", "token": "not-a-token"},
        note="an invalid link shows 'expired' to everyone",
    ),
    "password_reset_complete": Rule(get=statuses(200), post=statuses(405)),
    "staff_people": staff_only(post=405),
    "staff_person_new": staff_only(),
    "staff_people_import": staff_only(note="an empty POST re-renders the form"),
    "staff_person_edit": staff_only(kwargs=a_person),
    "staff_person_invite": staff_only(get=405, post=302, kwargs=an_invited_person),
    "invitation_accept": Rule(
        get=statuses(200),
        post=statuses(200),
        kwargs=a_live_invitation_link,
        note="the signed link is the credential; an empty POST re-renders the form",
    ),
    "staff_teams": staff_only(),
    "staff_team_edit": staff_only(kwargs=a_team),
    "staff_mentors": staff_only(),
    "staff_mentor_remove": staff_only(get=405, post=302, kwargs=an_assignment),
    # Django's admin guards itself; every admin URL is covered by this rule, checked on its index.
    "admin:index": Rule(
        get=statuses(LOGIN, staff=200), post=statuses(LOGIN, staff=200), note="Django admin"
    ),
}
