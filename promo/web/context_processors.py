from functools import cache

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils.functional import SimpleLazyObject

from promo.models import MentorAssignment, User


def mentors_anyone(user):
    """Whether `user` mentors someone now (a current assignment)."""
    return MentorAssignment.objects.filter(mentor_id=user.pk).exists()


def roles_of(user):
    """(manages anyone, mentors anyone) now, in one query of two EXISTS."""
    return (
        User.objects.filter(pk=user.pk)
        .values_list(
            Exists(User.objects.filter(manager_id=OuterRef("pk"))),
            Exists(MentorAssignment.objects.filter(mentor_id=OuterRef("pk"))),
        )
        .get()
    )


def navigation(request):
    """Which sections the navigation shows. Roles come from relationships, read when the
    template first asks (an htmx fragment without the navigation makes no query), and
    never cached across requests: losing one's last mentee removes the link at once."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = cache(lambda: roles_of(user))
    return {
        "nav_is_manager": SimpleLazyObject(lambda: roles()[0]),
        "nav_is_mentor": SimpleLazyObject(lambda: roles()[1]),
    }


def sign_on(request):
    """Whether the login page offers single sign-on, and under which name."""
    if not settings.OIDC_ENABLED:
        return {}
    return {"sso_enabled": True, "sso_provider_name": settings.OIDC_PROVIDER_NAME}
