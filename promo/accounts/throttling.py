"""Login throttling and the failed-login audit trail."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.shortcuts import render
from django.urls import reverse

from promo.audit.services import audit_record
from promo.models import AuditEntry, User


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for every sign-in that comes from a web request.

    axes refuses `authenticate()` without a request. promo's login views (the password
    form, the admin's, single sign-on) always pass one; a call without a request comes
    from code (a management command, the test client's `login()`), where there is no
    client to throttle, so it is let through to the next backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def attempted_email(request, credentials):
    """The email a login attempt named, normalised so case changes don't dodge the lockout."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials is not None:
        value = credentials.get(field)
    else:
        value = request.POST.get(field) if request is not None else None
    return (value or "").strip().lower()[:254] or None


def is_single_sign_on(request, credentials=None):
    """axes leaves single sign-on alone: the identity provider checked the password and
    throttles it; counting our refusals (no account yet, unverified email) would let a few
    people without accounts lock everyone behind one office address out of SSO."""
    return request is not None and request.path == reverse("sso_callback")


def client_ip(request):
    """The client's address: REMOTE_ADDR, or X-Forwarded-For through trusted proxies."""
    hops = settings.TRUSTED_PROXY_HOPS
    if hops:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        chain = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(chain) >= hops:
            return chain[-hops]
    return request.META.get("REMOTE_ADDR", "")


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out client sees: the same whether or not the email has an account."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)


@receiver(user_login_failed, dispatch_uid="promo.audit_failed_login")
def audit_failed_login(sender, credentials, request=None, **kwargs):
    """Record a failed login: the email typed and the address, never the password."""
    email = attempted_email(request, credentials) or ""
    parts = [f"email: {email}" if email else "single sign-on"]
    if request is not None:
        parts.append(f"from {client_ip(request)}")
        if getattr(request, "axes_locked_out", False):
            parts.append("refused: locked out")
    audit_record(
        actor=None,
        action=AuditEntry.Action.LOGIN_FAILED,
        subject=User.objects.filter(email__iexact=email).first() if email else None,
        detail="; ".join(parts),
    )
