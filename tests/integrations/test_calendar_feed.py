"""The calendar feed: a secret address per person, read without a session, with the
person's check-ins, the review rounds waiting for them and their case's target date."""

from datetime import UTC, date, datetime, timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from evidence.services import artifact_trash
from promo.integrations.calendar.models import CalendarFeed
from promo.integrations.calendar.services import calendar_feed_off, calendar_feed_reset
from promo.models import AuditEntry
from promo.readiness.checkins.services import checkins_plan_for
from reviews import services
from reviews.models import ReviewRound
from tests.factories import engineer
from tests.promo.readiness.helpers import artifact
from tests.reviews.factories import artifact as review_artifact
from tests.reviews.factories import candidacy_for, criteria_of, shared_round

SHIPPED = date(2026, 6, 1)


def feed_url(key):
    return reverse("calendar_feed", args=[key])


def shipped(owner, title, on=SHIPPED):
    item = artifact(owner, on, shipped_on=on, title=title)
    checkins_plan_for(item)
    return item


def events_of(response):
    """{UID: (day, summary)} of every event in an ICS response."""
    calendar = Calendar.from_ical(response.content)
    return {
        str(event["UID"]): (event.decoded("DTSTART"), str(event["SUMMARY"]))
        for event in calendar.walk("VEVENT")
    }


def test_the_feed_has_checkins_rounds_and_the_case_target_with_stable_uids(world):
    item = shipped(world.owner, "Retry budgets")
    first, second = item.checkins.order_by("due_on")
    review_round = shared_round(world)  # the owner's doc, waiting for the mentor
    case = review_round.document.candidacy
    case.target_date = date(2026, 12, 15)
    case.save(update_fields=["target_date"])
    owners, mentors = (
        calendar_feed_reset(person=world.owner),
        calendar_feed_reset(person=world.mentor),
    )

    anonymous = Client()  # a calendar app: no session at all
    response = anonymous.get(feed_url(owners))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    owner_events = events_of(response)
    assert sorted(owner_events.values()) == [
        (first.due_on, "Impact check-in: Retry budgets"),
        (second.due_on, "Impact check-in: Retry budgets"),
        (date(2026, 12, 15), f"Target date of your case for {case.target_level.code}"),
    ]
    assert events_of(anonymous.get(feed_url(owners))).keys() == owner_events.keys()

    opened = review_round.opened_at.astimezone(world.mentor.zone).date()
    assert list(events_of(anonymous.get(feed_url(mentors))).values()) == [
        (opened, "Review Olive Owner's promo doc (version 1)")
    ]


def test_a_snoozed_checkin_moves_and_answered_or_trashed_ones_leave(world):
    snoozed = shipped(world.owner, "Snoozed work")
    answered = shipped(world.owner, "Answered work")
    trashed = shipped(world.owner, "Trashed work")
    first = snoozed.checkins.order_by("due_on").first()
    first.snoozed_until = first.due_on + timedelta(days=7)
    first.save(update_fields=["snoozed_until"])
    answered.checkins.update(outcome="Adopted", recorded_at=datetime(2026, 7, 2, tzinfo=UTC))
    artifact_trash(artifact=trashed, by=world.owner)
    key = calendar_feed_reset(person=world.owner)

    events = events_of(Client().get(feed_url(key)))
    assert {summary for _, summary in events.values()} == {"Impact check-in: Snoozed work"}
    assert first.due_on + timedelta(days=7) in {day for day, _ in events.values()}


def test_a_round_that_got_its_feedback_or_a_closed_case_is_not_in_the_feed(world):
    review_round = shared_round(world)
    ReviewRound.objects.filter(pk=review_round.pk).update(status=ReviewRound.Status.FEEDBACK_GIVEN)
    key = calendar_feed_reset(person=world.mentor)
    assert events_of(Client().get(feed_url(key))) == {}


def test_other_peoples_things_never_show(world):
    """The other engineer's check-ins and case, and a round they are not a member of."""
    shipped(world.other_engineer, "Not yours")
    shared_round(world)  # shared with the owner's mentor, not the unassigned one
    for person in (world.owner, world.unassigned_mentor, world.other_manager):
        key = calendar_feed_reset(person=person)
        content = Client().get(feed_url(key)).content.decode()
        assert "Not yours" not in content
        if person != world.owner:
            assert "VEVENT" not in content


def test_reset_gives_a_new_address_and_the_old_one_answers_404(world, client):
    old = calendar_feed_reset(person=world.owner)
    assert Client().get(feed_url(old)).status_code == 200
    client.force_login(world.owner)
    response = client.post(reverse("calendar_feed_reset"))
    assert response.status_code == 200
    new = response.context["address"].rsplit("/", 1)[1].removesuffix(".ics")
    assert new != old
    assert Client().get(feed_url(old)).status_code == 404
    assert Client().get(feed_url(new)).status_code == 200
    assert CalendarFeed.objects.filter(person=world.owner).count() == 1
    details = list(
        AuditEntry.objects.filter(actor=world.owner, subject=world.owner)
        .order_by("id")
        .values_list("action", "detail")
    )
    assert details == [
        ("settings_changed", "Turned on the calendar feed"),
        ("settings_changed", "Reset the calendar feed address"),
    ]
    assert old not in str(details) and new not in str(details)


def test_turning_it_off_ends_the_address(world, client):
    key = calendar_feed_reset(person=world.owner)
    client.force_login(world.owner)
    assert client.post(reverse("calendar_feed_off")).status_code == 302
    assert Client().get(feed_url(key)).status_code == 404
    assert AuditEntry.objects.filter(detail="Turned off the calendar feed").exists()
    calendar_feed_off(person=world.owner)  # again: nothing to do, nothing recorded
    assert AuditEntry.objects.filter(detail="Turned off the calendar feed").count() == 1


def test_an_unknown_key_or_an_inactive_person_is_404(world):
    assert Client().get(feed_url("not-a-key")).status_code == 404
    key = calendar_feed_reset(person=world.owner)
    world.owner.is_active = False
    world.owner.save(update_fields=["is_active"])
    assert Client().get(feed_url(key)).status_code == 404


def test_only_the_digest_is_stored(world):
    key = calendar_feed_reset(person=world.owner)
    assert key not in CalendarFeed.objects.get(person=world.owner).digest


def test_no_cache_may_keep_the_feed_and_it_takes_only_get(world):
    key = calendar_feed_reset(person=world.owner)
    response = Client().get(feed_url(key))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    assert Client().post(feed_url(key)).status_code == 405


def test_the_profile_turns_the_feed_on_and_shows_the_address_once(world, client):
    client.force_login(world.owner)
    page = client.get(reverse("profile")).content.decode()
    assert "Turn on the calendar feed" in page
    shown = client.post(reverse("calendar_feed_reset")).content.decode()
    feed = CalendarFeed.objects.get(person=world.owner)
    assert "/calendar/" in shown and ".ics" in shown
    page = client.get(reverse("profile")).content.decode()
    assert "Reset the address" in page and "Turn off" in page
    assert feed.digest not in page


def _feed_queries(key):
    with CaptureQueriesContext(connection) as captured:
        response = Client().get(feed_url(key))
    assert response.status_code == 200
    return len(captured), len(events_of(response))


def round_waiting_for(mentor, *, manager):
    """A new engineer's promo doc, shared with `mentor` and waiting for feedback."""
    person = engineer("L5", manager=manager)
    candidacy = candidacy_for(person, mentors=[mentor])
    for criterion in criteria_of(person):
        review_artifact(person, f"Work on {criterion.slug}", tags=[(criterion, "strong")])
    document = services.document_autodraft(candidacy=candidacy, by=person)
    return services.document_share_for_review(
        document=document, reviewers=[mentor], include_manager=False, by=person
    )


def test_the_owners_feed_holds_its_queries_at_one_and_at_many(world):
    shipped(world.owner, "The first")
    key = calendar_feed_reset(person=world.owner)
    one, events = _feed_queries(key)
    for n in range(15):
        shipped(world.owner, f"More work {n}", on=SHIPPED + timedelta(days=n))
    assert _feed_queries(key) == (one, events * 16)


def test_the_mentors_feed_holds_its_queries_at_one_and_at_many(world):
    round_waiting_for(world.mentor, manager=world.manager)
    key = calendar_feed_reset(person=world.mentor)
    one, events = _feed_queries(key)
    assert events == 1
    for _ in range(4):
        round_waiting_for(world.mentor, manager=world.manager)
    assert _feed_queries(key) == (one, 5)


def test_a_title_cannot_add_lines_to_the_feed(world):
    shipped(world.owner, "Evil\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Injected")
    key = calendar_feed_reset(person=world.owner)
    events = events_of(Client().get(feed_url(key)))
    assert len(events) == 2  # the artifact's two check-ins, nothing injected
    assert all(summary.startswith("Impact check-in: Evil") for _, summary in events.values())
