"""The profile page's "Capture from anywhere" section. A tag, so the profile (accounts)
needs no import of integrations, which no domain may import."""

from django import template

from promo.integrations.calendar.models import CalendarFeed
from promo.integrations.share import bookmarklet

register = template.Library()


@register.inclusion_tag("integrations/_profile_anywhere.html", takes_context=True)
def capture_from_anywhere(context):
    request = context["request"]
    return {
        "bookmarklet": bookmarklet(request.build_absolute_uri("/")),
        "feed": CalendarFeed.objects.filter(person_id=request.user.pk).first(),
        "csrf_token": context.get("csrf_token"),
    }
