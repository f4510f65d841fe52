from tests.access.rules import Rule, signed_in, staff_only, statuses


def a_person(world):
    return {"pk": world.owner.pk}


RULES = {
    # Public by design: GitHub posts here with no session, and the body's signature
    # (X-Hub-Signature-256) is the only credential. An unsigned POST is 401 for everyone;
    # tests/promo/integrations/github/test_webhook.py covers signed deliveries.
    "github_webhook": Rule(
        get=statuses(405), post=statuses(401), note="public; signature checked, POST-only"
    ),
    # Everyone's own GitHub page: there is no one else's to reach.
    "github_settings": Rule(
        get=signed_in(200), post=signed_in(200), note="POST re-renders the login's errors"
    ),
    "github_verify": Rule(get=signed_in(405), post=signed_in(302), note="nothing claimed yet"),
    "github_unlink": Rule(get=signed_in(405), post=signed_in(302)),
    "github_token": Rule(get=signed_in(405), post=signed_in(200), note="re-renders errors"),
    "github_token_forget": Rule(get=signed_in(405), post=signed_in(302)),
    "github_import": Rule(get=signed_in(405), post=signed_in(200), note="re-renders errors"),
    "staff_github_link": staff_only(kwargs=a_person),
}
