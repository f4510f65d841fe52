from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from promo.models import Notification, NudgeClaim, NudgePreference, NudgeSettings, NudgeThreshold
from promo.nudges.registry import all_thresholds
from promo.nudges.tokens import MAX_AGE, unsubscribe_token

HTMX = {"HX-Request": "true"}


def notify(person, n=1, **fields):
    return [
        Notification.objects.create(recipient=person, kind="log_wins", title=f"Nudge {i}", **fields)
        for i in range(n)
    ]


# --- notification centre ------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 25])
def test_the_list_holds_its_query_count(client, world, rows, django_assert_num_queries):
    notify(world.owner, rows)
    notify(world.other_engineer, 3)
    client.force_login(world.owner)
    client.get(reverse("notifications"))  # warm the session
    with django_assert_num_queries(5):  # session, user, navigation; both counts, the page
        response = client.get(reverse("notifications"))
    assert response.content.decode().count('class="notification unread"') == rows
    assert "Nudge 0" in response.content.decode()


def test_the_list_comes_newest_first_thirty_a_page(client, world):
    made = notify(world.owner, 35)
    base = timezone.now()
    for age, notification in enumerate(made):  # Nudge 0 newest, Nudge 34 oldest
        Notification.objects.filter(pk=notification.pk).update(
            created_at=base - timedelta(minutes=age)
        )
    notify(world.other_engineer, 3)
    client.force_login(world.owner)

    def titles(page):
        body = client.get(reverse("notifications"), {"page": page}).content.decode()
        return [f"Nudge {i}" for i in range(35) if f"Nudge {i}<" in body]

    assert titles(1) == [f"Nudge {i}" for i in range(30)]
    assert titles(2) == [f"Nudge {i}" for i in range(30, 35)]
    assert titles(9) == titles(2)  # past the end: the last page


def test_the_list_as_htmx_is_only_the_list(client, world):
    notify(world.owner)
    client.force_login(world.owner)
    body = client.get(reverse("notifications"), headers=HTMX).content.decode()
    assert body.strip().startswith('<section id="notification-list">')
    assert "<html" not in body


def test_the_badge_counts_unread_and_keeps_polling(client, world):
    notify(world.owner, 3)
    notify(world.owner, read_at=timezone.now())
    client.force_login(world.owner)
    body = client.get(reverse("notifications_badge"), headers=HTMX).content.decode()
    assert 'id="notification-badge"' in body and ">3<" in body
    assert 'hx-trigger="every 60s' in body and "load" not in body
    page = client.get(reverse("home")).content.decode()
    assert 'hx-get="/notifications/badge/"' in page and 'hx-trigger="load, every 60s' in page


def test_mark_read_by_htmx_returns_the_row_and_tells_the_badge(client, world):
    [notification] = notify(world.owner, url="/somewhere/")
    client.force_login(world.owner)
    response = client.post(reverse("notification_read", args=[notification.pk]), headers=HTMX)
    assert response["HX-Trigger"] == "notifications-changed"
    assert f'id="notification-{notification.pk}"' in response.content.decode()
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_read_without_javascript_goes_to_the_link(client, world):
    [notification] = notify(world.owner, url="/somewhere/")
    client.force_login(world.owner)
    response = client.post(reverse("notification_read", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == "/somewhere/"


def test_it_refuses_to_mark_someone_elses_notification(client, world):
    [notification] = notify(world.owner)
    client.force_login(world.manager)
    assert client.post(reverse("notification_read", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_plain_and_htmx(client, world):
    notify(world.owner, 3)
    notify(world.other_engineer, 2)
    client.force_login(world.owner)
    assert client.post(reverse("notifications_read_all")).status_code == 302
    assert not world.owner.notifications.filter(read_at__isnull=True).exists()
    assert world.other_engineer.notifications.filter(read_at__isnull=True).count() == 2
    notify(world.owner)
    response = client.post(reverse("notifications_read_all"), headers=HTMX)
    assert response.content.decode().strip().startswith('<section id="notification-list">')
    assert response["HX-Trigger"] == "notifications-changed"


def test_the_list_refuses_post(client, world):
    client.force_login(world.owner)
    assert client.post(reverse("notifications")).status_code == 405


# --- preferences ------------------------------------------------------------------------


def test_preferences_save_channels_frequency_timing_and_quiet_period(client, world):
    client.force_login(world.owner)
    assert client.get(reverse("nudge_preferences")).status_code == 200
    response = client.post(
        reverse("nudge_preferences"),
        {
            "log_wins-subscribed": "on",
            "log_wins-in_app": "on",
            "log_wins-frequency": "fortnightly",
            "log_wins_weekday": "0",
            "log_wins_hour": "9",
            "quiet_from": "2026-12-20",
            "quiet_until": "2027-01-03",
        },
    )
    assert response.status_code == 302
    preference = NudgePreference.objects.get(person=world.owner, kind="log_wins")
    assert (preference.email, preference.in_app, preference.frequency) == (
        False,
        True,
        "fortnightly",
    )
    timing = NudgeSettings.objects.get(person=world.owner)
    assert (timing.log_wins_weekday, timing.log_wins_hour) == (0, 9)
    assert str(timing.quiet_until) == "2027-01-03"


def test_a_backwards_quiet_period_is_explained_and_the_typing_kept(client, world):
    client.force_login(world.owner)
    response = client.post(
        reverse("nudge_preferences"),
        {"log_wins_hour": "9", "quiet_from": "2027-01-03", "quiet_until": "2026-12-20"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "ends before it starts" in body
    assert 'value="2027-01-03"' in body and '<option value="9" selected>' in body
    assert not NudgeSettings.objects.exists()


def test_unticking_send_me_these_unsubscribes_and_ticking_it_resubscribes(client, world):
    client.force_login(world.owner)
    log_wins = NudgePreference.objects.filter(kind="log_wins")
    client.post(reverse("nudge_preferences"), {"log_wins-email": "on"})
    assert log_wins.get().unsubscribed_at is not None
    client.post(reverse("nudge_preferences"), {"log_wins-subscribed": "on"})
    assert log_wins.get().unsubscribed_at is None


# --- unsubscribe links -------------------------------------------------------------------


def test_a_valid_link_asks_first_then_unsubscribes_without_login(client, world):
    url = reverse("nudge_unsubscribe", args=[unsubscribe_token(world.owner, "log_wins")])
    page = client.get(url)
    assert page.status_code == 200 and "Unsubscribe from" in page.content.decode()
    assert not NudgePreference.objects.exists()
    response = client.post(url, {"List-Unsubscribe": "One-Click"})  # no CSRF token: RFC 8058
    assert response.status_code == 200 and "Unsubscribed" in response.content.decode()
    assert NudgePreference.objects.get(person=world.owner).unsubscribed_at is not None


def test_a_tampered_link_is_a_clear_400(client, world):
    token = unsubscribe_token(world.owner, "log_wins")
    forged = token.replace(token.split(":")[0], "eyJwIjoyLCJrIjoibG9nX3dpbnMifQ")
    for bad in (forged, token[:-2] + "xx", "nonsense"):
        response = client.post(reverse("nudge_unsubscribe", args=[bad]))
        assert response.status_code == 400
        assert "not valid" in response.content.decode()
    assert not NudgePreference.objects.exists()


def test_an_expired_link_is_a_clear_400(client, world):
    issued = timezone.now() - MAX_AGE - timedelta(days=1)
    url = reverse(
        "nudge_unsubscribe", args=[unsubscribe_token(world.owner, "log_wins", issued_at=issued)]
    )
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 400 and "has expired" in response.content.decode()
    assert not NudgePreference.objects.exists()


# --- staff ------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 30])
def test_staff_see_every_claim_and_its_final_state(client, world, rows, django_assert_num_queries):
    for i in range(rows):
        NudgeClaim.objects.create(
            person=world.owner, kind="log_wins", period=f"2026-W{i:02d}", status="failed",
            last_error="attempt 4: SMTPDataError",
        )  # fmt: skip
    client.force_login(world.staff)
    client.get(reverse("staff_nudges"))
    with django_assert_num_queries(6):  # session, user, navigation, the page
        response = client.get(reverse("staff_nudges"), {"status": "failed"})
    body = response.content.decode()
    assert body.count("SMTPDataError") == rows and f"Failed after retries ({rows})" in body


def test_staff_retry_a_failed_nudge(client, world):
    claim = NudgeClaim.objects.create(
        person=world.owner, kind="log_wins", period="2026-W01", status="failed", attempts=4
    )
    client.force_login(world.staff)
    assert client.post(reverse("staff_nudge_retry", args=[claim.pk])).status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.attempts) == ("pending", 0)


def test_staff_plan_now(client, world):
    client.force_login(world.staff)
    response = client.post(reverse("staff_nudges_plan"), follow=True)
    assert "Planned now:" in response.content.decode()


def test_staff_override_a_threshold_and_bad_values_are_explained(client, world):
    client.force_login(world.staff)
    page = client.get(reverse("staff_nudge_thresholds")).content.decode()
    assert "Default 15." in page
    others = {t.key: str(t.default) for t in all_thresholds() if not t.key.startswith("log_")}
    bad = client.post(
        reverse("staff_nudge_thresholds"),
        {**others, "log_wins.default_weekday": "9", "log_wins.default_hour": "8"},
    )
    assert bad.status_code == 200 and 'value="8"' in bad.content.decode()
    assert not NudgeThreshold.objects.exists()
    client.post(
        reverse("staff_nudge_thresholds"),
        {**others, "log_wins.default_weekday": "0", "log_wins.default_hour": "8"},
    )
    saved = dict(NudgeThreshold.objects.values_list("key", "value"))
    assert (saved["log_wins.default_weekday"], saved["log_wins.default_hour"]) == (0, 8)


def test_engineers_cannot_reach_staff_nudge_pages(client, world):
    client.force_login(world.owner)
    assert client.get(reverse("staff_nudges")).status_code == 403
    assert client.post(reverse("staff_nudges_plan")).status_code == 403


def test_a_saved_quiet_period_shows_again_in_the_date_inputs(client, world):
    # <input type="date"> needs ISO dates; the en-gb format would show up empty.
    client.force_login(world.owner)
    data = {"quiet_from": "2026-12-05", "quiet_until": "2026-12-18", "log_wins-subscribed": "on"}
    client.post(reverse("nudge_preferences"), data)
    page = client.get(reverse("nudge_preferences")).content.decode()
    assert 'value="2026-12-05"' in page and 'value="2026-12-18"' in page


def test_the_whole_unread_item_is_what_you_follow_and_following_marks_it_read(client, world):
    [unread] = notify(world.owner, url="/checkins/", body="Three check-ins are due.")
    [read] = notify(world.owner, url="/case/", read_at=timezone.now())
    client.force_login(world.owner)
    page = client.get(reverse("notifications")).content.decode()
    follow = reverse("notification_read", args=[unread.pk])
    item = page[page.index(f'action="{follow}" class="notification-open"') :]
    button = item[: item.index("</button>")]
    assert "Nudge 0" in button and "Three check-ins are due." in button and "ago" in button
    assert '<a class="notification-item" href="/case/">' in page
    response = client.post(follow)
    assert response.status_code == 302 and response["Location"] == "/checkins/"
    unread.refresh_from_db()
    assert unread.read_at is not None
    assert reverse("notification_read", args=[read.pk]) not in page  # read: a plain link


def test_mark_read_without_javascript_can_stay_on_the_list(client, world):
    [notification] = notify(world.owner, url="/somewhere/")
    client.force_login(world.owner)
    response = client.post(reverse("notification_read", args=[notification.pk]), {"stay": "1"})
    assert response.status_code == 302 and response["Location"] == reverse("notifications")
    notification.refresh_from_db()
    assert notification.read_at is not None
