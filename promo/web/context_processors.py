from functools import cache

from django.conf import settings
from django.urls import get_script_prefix, reverse
from django.utils.functional import SimpleLazyObject

from promo.models import MentorAssignment, User
from promo.web.prepared import prepared_cursor

# The layout's links (and the quick capture's) are the same on every page: reversed once
# per process, not per view.
NAV_URL_NAMES = (
    "home",
    "evidence_list",
    "this_week",
    "case",
    "reviews_home",
    "mentoring",
    "team",
    "staff_people",
    "notifications",
    "notifications_badge",
    "profile",
    "api_tokens",
    "logout",
    "quick_capture",
)


def mentors_anyone(user):
    """Whether `user` mentors someone now (a current assignment)."""
    return MentorAssignment.objects.filter(mentor_id=user.pk).exists()


def roles_of(user):
    """(manages anyone, mentors anyone) now, in one round trip. Plain SQL: compiling the
    same two EXISTS through the ORM cost more than running them, on every page."""
    sql = (
        f"SELECT EXISTS (SELECT 1 FROM {User._meta.db_table} WHERE manager_id = %s), "  # noqa: S608 - table names from the models
        f"EXISTS (SELECT 1 FROM {MentorAssignment._meta.db_table} WHERE mentor_id = %s)"
    )
    with prepared_cursor() as cursor:
        cursor.execute(sql, [user.pk, user.pk])
        manages, mentors = cursor.fetchone()
    return bool(manages), bool(mentors)


def roles_for(request):
    """roles_of(request.user), asked at most once per request: the navigation and a view
    that needs the same answer (Mentoring, with no mentees) share it."""
    roles = getattr(request, "_promo_roles", None)
    if roles is None:
        roles = request._promo_roles = roles_of(request.user)
    return roles


@cache
def _nav_urls(script_prefix):
    return {name: reverse(name) for name in NAV_URL_NAMES}


def navigation(request):
    """Which sections the navigation shows. Roles come from relationships, read when the
    template first asks (an htmx fragment without the navigation makes no query), and
    never cached across requests: losing one's last mentee removes the link at once."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    return {
        "nav_urls": _nav_urls(get_script_prefix()),
        # The current page's URL name, which the navigation compares eight times: read
        # once here rather than through three lookups each time.
        "nav_here": match.url_name if match else "",
        "nav_is_manager": SimpleLazyObject(lambda: roles_for(request)[0]),
        "nav_is_mentor": SimpleLazyObject(lambda: roles_for(request)[1]),
    }


def sign_on(request):
    """Whether the login page offers single sign-on, and under which name."""
    if not settings.OIDC_ENABLED:
        return {}
    return {"sso_enabled": True, "sso_provider_name": settings.OIDC_PROVIDER_NAME}
