"""Every main page, as the person who uses it: no serious or critical axe-core violation,
no horizontal overflow at 375 px, and (through the `new_page` fixture) no console error
or CSP violation."""

import pytest
from django.urls import reverse

from evidence.models import Artifact
from promo.models import Candidacy, Ladder
from tests.browser.a11y import axe_violations
from tests.browser.conftest import log_in
from tests.reviews.factories import open_threads, shared_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
# The innermost elements that stick out past the right edge: what to fix.
WIDE = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .filter(e => !e.parentElement.closest('.table-wrap'))
  .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 1))
  .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))"""


def main_pages(world):
    """(persona, url) for every main page, with the world it needs."""
    review_round = shared_round(world)
    open_threads(review_round, world.mentor, 1)
    document = review_round.document
    candidacy = Candidacy.objects.get(person=world.owner)
    artifact = Artifact.objects.filter(owner=world.owner).first()
    ladder = Ladder.objects.first()
    owner, mentor, manager, staff = world.owner, world.mentor, world.manager, world.staff
    pulse, report = _an_answered_pulse(world), _another_report(world)
    nomination = _a_nomination_in_review(world, candidacy)
    member = world.committee_member
    return [
        (None, reverse("login")),
        (None, reverse("password_reset")),
        (owner, reverse("home")),
        (owner, reverse("evidence_list")),
        (owner, reverse("evidence_detail", args=[artifact.pk])),
        (owner, reverse("evidence_new")),
        (owner, reverse("evidence_edit", args=[artifact.pk])),
        (owner, reverse("this_week")),
        (owner, reverse("evidence_timeline")),
        (owner, reverse("evidence_trash")),
        (owner, reverse("evidence_history", args=[artifact.pk])),
        (owner, reverse("case")),
        (owner, reverse("readiness")),
        (manager, reverse("readiness_rule")),
        (owner, reverse("checkins_due")),
        (owner, reverse("candidacy_detail", args=[candidacy.pk])),
        (owner, reverse("case_viewers")),
        (owner, reverse("reviews_home")),
        (owner, reverse("reviews_document", args=[document.pk])),
        (owner, reverse("reviews_edit", args=[document.pk])),
        (owner, reverse("reviews_share", args=[document.pk])),
        (owner, reverse("reviews_version", args=[document.pk, 1])),
        (owner, reverse("reviews_diff", args=[document.pk])),
        (owner, reverse("notifications")),
        (owner, reverse("nudge_preferences")),
        (owner, reverse("github_settings")),
        (owner, reverse("profile")),
        (owner, reverse("portability_export", args=[_an_export_of(owner)])),
        (None, reverse("portability_leaving", args=[_a_leaving_link()])),
        (owner, reverse("api_tokens")),
        (mentor, reverse("pulse_answer", args=[pulse.pk])),
        (manager, reverse("pulse_start", args=[report.pk])),
        (mentor, reverse("mentoring")),
        (mentor, reverse("reviews_shared")),
        (mentor, reverse("reviews_round", args=[review_round.pk])),
        (manager, reverse("team")),
        (manager, reverse("person_readiness", args=[owner.pk])),
        (staff, reverse("staff_people")),
        (staff, reverse("staff_person_new")),
        (staff, reverse("staff_people_import")),
        (staff, reverse("staff_teams")),
        (staff, reverse("staff_mentors")),
        (staff, reverse("staff_ladders")),
        (staff, reverse("staff_ladder_edit", args=[ladder.pk])),
        (staff, reverse("staff_audit")),
        (staff, reverse("staff_sign_on")),
        (staff, reverse("staff_nudges")),
        (staff, reverse("staff_export")),
        (staff, reverse("staff_import")),
        (staff, reverse("staff_github_link", args=[owner.pk])),
        (staff, reverse("password_change")),
        (staff, reverse("staff_cycles")),
        (staff, reverse("staff_cycle", args=[nomination.cycle_id])),
        (manager, reverse("cycles")),
        (manager, reverse("cycle_detail", args=[nomination.cycle_id])),
        (member, reverse("committee_grid", args=[nomination.committee_id])),
        (member, reverse("nomination_detail", args=[nomination.pk])),
        (owner, reverse("candidacy_cycles", args=[candidacy.pk])),
    ]


def _an_answered_pulse(world):
    """A pulse about the owner that three answered: the readiness pages show its aggregate."""
    from promo.pulses.services import pulse_answer, pulse_request

    asked = [world.mentor, world.unassigned_mentor, world.other_manager]
    pulse = pulse_request(person=world.owner, recipients=asked, by=world.owner)
    for recipient in pulse.recipients.all():
        pulse_answer(
            recipient=recipient, answer="yes", sentence="Already does.", by=recipient.person
        )
    return pulse


def _another_report(world):
    from tests.factories import engineer

    return engineer("L5", display_name="Rae Report", manager=world.manager)


def _a_nomination_in_review(world, candidacy):
    from promo.committees.services import nomination_create
    from tests.committees.helpers import a_cycle, in_review

    cycle = a_cycle(world.staff, members=[world.committee_member, world.mentor])
    nomination = nomination_create(
        cycle=cycle, candidacy=candidacy, by=world.manager, endorsement="Ready for L6."
    )
    in_review(cycle, world.staff)
    return nomination


def _an_export_of(person):
    from promo.portability.models import PersonalExport

    return PersonalExport.objects.create(person=person, progress=40, status="running").pk


def _a_leaving_link():
    from promo.portability.leaving import leaving_token
    from tests.factories import engineer

    return leaving_token(engineer("L4", display_name="Lee Leaver", is_active=False))


def at_phone_width(new_page, pages, problems):
    """Opens each (person, URL) of `pages` in a 375 px browser signed in as that person
    (one browser per person) and yields (URL, page) for each that loaded; a page that
    failed to load is noted in `problems` instead."""
    browsers = {}
    for person, url in pages:
        key = person.pk if person else None
        if key not in browsers:
            browsers[key] = new_page(width=375, height=800)
            if person:
                log_in(browsers[key], person)
        page = browsers[key]
        response = page.goto(url)
        if response.status >= 400:
            problems.append(f"{url}: HTTP {response.status}")
            continue
        yield url, page


def too_wide(page):
    """What sticks out sideways, in words, or "" when the page fits its width."""
    overflow = page.evaluate(OVERFLOW)
    if overflow <= 0:
        return ""
    return f"{overflow} px too wide at 375 px: {', '.join(page.evaluate(WIDE))}"


@pytest.mark.slow(seconds=30)
def test_every_main_page_is_accessible_and_fits_a_phone(new_page, world):
    problems = []
    for url, page in at_phone_width(new_page, main_pages(world), problems):
        problems += [f"{url}: {violation}" for violation in axe_violations(page)]
        if wide := too_wide(page):
            problems.append(f"{url}: {wide}")
    assert not problems, "\n".join(problems)
