"""The API tokens settings page: each person's own tokens; nobody else's may be revoked.
(The API's operations have their own matrix: tests/access/api_rules.py.)"""

from promo.api.services import token_create
from tests.access.rules import Rule, signed_in


def a_token(world):
    token, _ = token_create(owner=world.owner, name="laptop", scopes=["evidence:read"])
    return {"pk": token.pk}


RULES = {
    "api_tokens": Rule(
        get=signed_in(200), post=signed_in(200), note="each person's own; POST {} shows errors"
    ),
    "api_token_revoke": Rule(get=signed_in(405), post=signed_in(404, owner=302), kwargs=a_token),
}
