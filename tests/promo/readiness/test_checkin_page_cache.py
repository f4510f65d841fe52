"""The backlog page's #checkins block is cached per person while nothing is typed, keyed by
everything it shows of their check-ins: a change shows on the next view, written through a
service or by hand, and one person's block is never another's."""

import re
from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from promo.models import ImpactCheckIn
from promo.web.fragments import TOKEN_SLOT, token_field, with_token
from tests.promo.readiness.test_views import due_checkin

TOKEN = re.compile(r'value="[A-Za-z0-9]{64}"|"X-CSRFToken": "[A-Za-z0-9]{64}"')


def _page(client):
    page = client.get(reverse("checkins_due")).content.decode()
    assert TOKEN_SLOT not in page
    return TOKEN.sub("", page)


def _drawn_every_time(request, kind, inputs, draw):
    return mark_safe(with_token(draw(), token_field(request)))  # noqa: S308 - our own output


def test_the_cached_block_is_the_block_drawn_afresh(client, world, monkeypatch):
    due_checkin(world.owner, title="Faster checkout")
    client.force_login(world.owner)
    first, cached = _page(client), _page(client)
    monkeypatch.setattr("promo.readiness.checkins.views.cached_body", _drawn_every_time)
    assert first == cached == _page(client)
    assert "<legend>Faster checkout</legend>" in cached


def test_the_cached_form_posts_with_the_requests_own_token(world):
    checkin = due_checkin(world.owner, title="Faster checkout")
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.owner)
    client.get(reverse("checkins_due"))
    page = client.get(reverse("checkins_due")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"', page).group(1)
    left_as_it_was = {f"checkin-{c.pk}-version": c.version for c in checkin.artifact.checkins.all()}
    response = client.post(
        reverse("checkins_due"), {"csrfmiddlewaretoken": token, **left_as_it_was}
    )
    assert response.status_code == 302


def test_a_snooze_and_a_due_day_written_by_hand_show_at_once(client, world):
    checkin = due_checkin(world.owner, title="Faster checkout")
    client.force_login(world.owner)
    assert "<h2>Snoozed</h2>" not in _page(client)
    later = timezone.localdate() + timedelta(days=5)
    all_of_it = ImpactCheckIn.objects.filter(artifact_id=checkin.artifact_id)
    all_of_it.update(snoozed_until=later)
    page = _page(client)
    assert "<h2>Snoozed</h2>" in page and f"back on {later.isoformat()}" in page
    all_of_it.update(snoozed_until=None, due_on=later)
    page = _page(client)
    assert f"due {later.isoformat()}" in page and "Nothing is due." in page


def test_an_answered_check_in_leaves_the_page_at_once(client, world):
    checkin = due_checkin(world.owner, title="Faster checkout")
    client.force_login(world.owner)
    assert "<legend>Faster checkout</legend>" in _page(client)
    answered = ImpactCheckIn.objects.filter(artifact_id=checkin.artifact_id)
    answered.update(recorded_at=timezone.now(), outcome="Adopted by three teams")
    assert "<legend>Faster checkout</legend>" not in _page(client)


def test_people_never_share_a_block(client, world):
    due_checkin(world.owner, title="Faster checkout")
    due_checkin(world.other_engineer, title="Search in one box")
    client.force_login(world.owner)
    mine = _page(client)
    client.force_login(world.other_engineer)
    theirs = _page(client)
    assert "Faster checkout" in mine and "Search in one box" not in mine
    assert "Search in one box" in theirs and "Faster checkout" not in theirs


def test_htmx_asks_for_the_block_alone(client, world):
    due_checkin(world.owner, title="Faster checkout")
    client.force_login(world.owner)
    _page(client)
    block = client.get(reverse("checkins_due"), headers={"HX-Request": "true"}).content.decode()
    assert block.strip().startswith('<div id="checkins">') and "<h1>" not in block
    assert "<legend>Faster checkout</legend>" in block
