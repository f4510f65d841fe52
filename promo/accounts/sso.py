"""Single sign-on through OpenID Connect, on top of mozilla-django-oidc.

What promo adds to the library's code flow (state, nonce, PKCE, RS256 signature):
- the id_token must be for this client (`aud`) and, when OIDC_ISSUER is set, from that
  issuer (`iss`); the library checks neither;
- the userinfo `sub` must match the id_token's;
- accounts are matched by email only when the provider says the email is verified;
- a first sign-on creates an account only when staff allow it (SignOnSettings).
"""

import logging

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from promo.models import SignOnSettings, User

log = logging.getLogger(__name__)

NO_ACCOUNT = (
    "There is no promo account for {email} yet, and staff have not allowed single "
    "sign-on to create accounts. Ask a staff member to add you."
)
UNREACHABLE = "promo could not reach your identity provider. Try again in a minute."
UNVERIFIED = "Your identity provider has not verified the email address {email}."


def email_is_verified(claims):
    # Some providers send the boolean as a string.
    return claims.get("email_verified") in (True, "true", "True")


def refuse(request, message):
    """Remember why sign-on failed, for the page the person lands on."""
    if request is not None:
        request.sso_refusal = message
    raise SuspiciousOperation(message)


class SignOnBackend(OIDCAuthenticationBackend):
    """Authenticates the OIDC callback only; does nothing when SSO is not configured."""

    def __init__(self, *args, **kwargs):
        self.enabled = settings.OIDC_ENABLED
        self.UserModel = User
        if self.enabled:
            super().__init__(*args, **kwargs)

    def authenticate(self, request, **kwargs):
        # Only the callback view passes a nonce; a password login never reaches the IdP.
        if not self.enabled or request is None or "nonce" not in kwargs:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, jwt.PyJWTError) as error:
            # Signature, audience, issuer, nonce, expiry: refused, and nothing said about which.
            log.warning("Single sign-on refused: %s", error)
        except requests.RequestException as error:
            log.warning("Single sign-on could not reach the identity provider: %s", error)
            request.sso_refusal = UNREACHABLE
        return None

    def get_user(self, user_id):
        # Each request's user comes from here for an SSO session. The OIDC library's version
        # returns deactivated people too; Django's ModelBackend, for password sessions, does
        # not. A deactivated account is signed out at its next request, however it signed in.
        user = User.objects.filter(pk=user_id).first()
        return user if user is not None and user.is_active else None

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The id_token was issued to another client.")
        issuer = settings.OIDC_OP_ISSUER
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("The id_token comes from an unexpected issuer.")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        userinfo = super().get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo is about someone other than the id_token.")
        return {**payload, **userinfo}

    def verify_claims(self, claims):
        email = (claims.get("email") or "").strip()
        if not email:
            refuse(self.request, "Your identity provider did not share an email address.")
        if not email_is_verified(claims):
            refuse(self.request, UNVERIFIED.format(email=email))
        return True

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(email__iexact=claims["email"].strip())

    def create_user(self, claims):
        email = claims["email"].strip().lower()
        if not SignOnSettings.current().allow_account_creation:
            refuse(self.request, NO_ACCOUNT.format(email=email))
        name = " ".join(str(claims.get("name") or "").split())[:120]
        log.info("Single sign-on created an account for %s", email)
        return self.UserModel.objects.create_user(
            email, password=None, display_name=name or email.split("@")[0]
        )
