from django.conf import settings

from promo.models import MentorAssignment, User


def mentors_anyone(user):
    """Whether `user` mentors someone now (a current assignment): one query, as the
    navigation asks it on every page."""
    return MentorAssignment.objects.filter(mentor_id=user.pk).exists()


def navigation(request):
    """Which sections the navigation shows. Roles come from relationships."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_is_manager": User.objects.filter(manager_id=user.pk).exists(),
        "nav_is_mentor": mentors_anyone(user),
    }


def sign_on(request):
    """Whether the login page offers single sign-on, and under which name."""
    if not settings.OIDC_ENABLED:
        return {}
    return {"sso_enabled": True, "sso_provider_name": settings.OIDC_PROVIDER_NAME}
