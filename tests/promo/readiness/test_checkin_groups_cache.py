"""The backlog's groups are drawn once and cached while nothing is typed: what a group
shows changes the moment its check-ins or its work change, and errors are never cached."""

import re
from datetime import date

from django.urls import reverse
from django.utils.safestring import mark_safe

from tests.promo.readiness.helpers import artifact
from tests.promo.readiness.test_views import SHIPPED, due_checkin

TOKEN = re.compile(r'value="[A-Za-z0-9]{64}"|"X-CSRFToken": "[A-Za-z0-9]{64}"')


def _page(client):
    return TOKEN.sub("", client.get(reverse("checkins_due")).content.decode())


def _without_the_cache(kind, items):
    return [mark_safe(render()) for _, render in items]  # noqa: S308 - our own templates


def test_a_cached_group_is_the_group_drawn_afresh(client, world, monkeypatch):
    due_checkin(world.owner, title="Faster checkout")
    client.force_login(world.owner)
    cached = (_page(client), _page(client))
    monkeypatch.setattr("promo.readiness.checkins.views.cached_fragments", _without_the_cache)
    assert cached[0] == cached[1] == _page(client)


def test_a_renamed_work_and_a_new_version_show_at_once(client, world):
    checkin = due_checkin(world.owner, title="Faster checkout")
    client.force_login(world.owner)
    assert "<legend>Faster checkout</legend>" in _page(client)
    checkin.artifact.title = "Checkout in one step"
    checkin.artifact.save(update_fields=["title"])
    checkin.version = 7
    checkin.save(update_fields=["version"])
    page = _page(client)
    assert "<legend>Checkout in one step</legend>" in page
    assert f'name="checkin-{checkin.pk}-version" value="7"' in page


def test_what_was_typed_comes_back_with_its_error_not_from_the_cache(client, world):
    checkin = due_checkin(world.owner, title="Faster checkout")
    artifact(world.owner, date(2025, 2, 1), title="Unrelated")
    client.force_login(world.owner)
    _page(client)
    prefix = f"checkin-{checkin.pk}"
    answer = {
        f"{prefix}-version": checkin.version,
        f"{prefix}-outcome": "",
        f"{prefix}-link": "https://example.com/dash",
    }
    page = client.post(reverse("checkins_due"), answer).content.decode()
    assert "Say what happened as well as the metric or link." in page
    assert 'value="https://example.com/dash"' in page
    assert SHIPPED.isoformat() in _page(client)
