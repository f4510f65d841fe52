"""The calendar feed (read by calendar apps with its secret address, no session) and the
settings that turn it on, give it a new address or turn it off."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from promo.integrations.calendar.feed import ics_for
from promo.integrations.calendar.models import CalendarFeed, feed_digest
from promo.integrations.calendar.services import calendar_feed_off, calendar_feed_reset


def person_for_feed_key(key):
    """The active person whose feed address holds `key`; any other key is Http404, the
    same for one never made, one reset and one turned off."""
    feed = (
        CalendarFeed.objects.select_related("person")
        .filter(digest=feed_digest(key), person__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404("No such calendar feed.")
    return feed.person


# Calendar apps cannot sign in: the secret address is the only credential. The feed holds
# one person's plans, so no cache between them and promo may keep it.
@login_not_required
@never_cache
@require_GET
def calendar_feed(request, key):
    person = person_for_feed_key(key)
    response = HttpResponse(
        ics_for(person, now=timezone.now()), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="promo.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


@require_POST
def calendar_feed_reset_view(request):
    """Turn the feed on, or give it a new address: shown on this page once, since only its
    digest is kept. The old address stops answering at once."""
    key = calendar_feed_reset(person=request.user)
    address = request.build_absolute_uri(reverse("calendar_feed", args=[key]))
    return render(request, "integrations/calendar_feed_new.html", {"address": address})


@require_POST
def calendar_feed_off_view(request):
    calendar_feed_off(person=request.user)
    messages.success(request, "Turned off your calendar feed: its address answers nothing now.")
    return redirect("profile")
