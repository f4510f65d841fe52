"""Who am I: what a script checks first, with any valid token."""

from ninja import Router, Schema

from promo.api.auth import auth_for
from promo.api.models import ApiToken
from promo.api.schemas import ERRORS

router = Router(tags=["me"])


class MeOut(Schema):
    id: int
    name: str
    email: str
    scopes: list[str]  # of the token in use; every scope for a session


@router.get("/me/", response={200: MeOut, **ERRORS}, auth=auth_for(None), url_name="me")
def me(request):
    """The person the token (or session) acts as, and what it may do."""
    token = request.api_token
    scopes = token.scopes if token else ApiToken.Scope.values  # a session is the person
    person = request.auth
    return {"id": person.pk, "name": str(person), "email": person.email, "scopes": scopes}
