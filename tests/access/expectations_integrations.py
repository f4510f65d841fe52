from tests.access.rules import Rule, statuses

RULES = {
    # Public by design: GitHub posts here with no session, and the body's signature
    # (X-Hub-Signature-256) is the only credential. An unsigned POST is 401 for everyone;
    # tests/promo/integrations/github/test_webhook.py covers signed deliveries.
    "github_webhook": Rule(
        get=statuses(405), post=statuses(401), note="public; signature checked, POST-only"
    ),
}
