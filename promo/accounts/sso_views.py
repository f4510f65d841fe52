"""Single sign-on pages: start at the identity provider, come back with a code.

Both answer 404 when single sign-on is not configured.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_GET
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

FAILED = "Single sign-on did not complete. Try again, or log in with your password."


class _Callback(OIDCAuthenticationCallbackView):
    def login_failure(self):
        messages.error(self.request, getattr(self.request, "sso_refusal", None) or FAILED)
        return redirect("login")


def _require_sign_on():
    if not settings.OIDC_ENABLED:
        raise Http404("Single sign-on is not configured.")


@login_not_required
@require_GET
def sso_start(request):
    _require_sign_on()
    return OIDCAuthenticationRequestView.as_view()(request)


@login_not_required
@require_GET
def sso_callback(request):
    _require_sign_on()
    return _Callback.as_view()(request)
