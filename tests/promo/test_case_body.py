"""The case page's body comes from the cache until something it shows changes
(promo/candidacies/case_body.py). Each test views the page first, so that the body is
cached, then changes one thing the body shows, some through a service and some with a bare
update no service sees, and views it again."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from promo.candidacies.services import (
    candidacy_record_outcome,
    candidacy_set_target_date,
    candidacy_submit,
    gap_add,
    gap_close,
)
from promo.models import Criterion, Expectation, Gap, Ladder, Level, User
from promo.org.services import mentor_assign, user_set_manager
from promo.web.fragments import TOKEN_SLOT
from tests.factories import UserFactory, candidacy_for


def _case_page(client):
    response = client.get(reverse("case"))
    assert response.status_code == 200
    return response.content.decode()


def _criterion(candidacy, slug="leverage"):
    return Criterion.objects.get(ladder_id=candidacy.ladder_id, slug=slug)


def _set_target_date(world, candidacy):
    candidacy_set_target_date(
        candidacy=candidacy, by=world.owner, target_date=datetime.date(2027, 3, 12)
    )
    return "12 Mar 2027"


def _add_gap(world, candidacy):
    gap_add(candidacy=candidacy, by=world.mentor, criterion=_criterion(candidacy), text="Own X")
    return "Own X"


def _close_gap(world, candidacy):
    gap = gap_add(candidacy=candidacy, by=world.mentor, criterion=_criterion(candidacy), text="Y")
    _case_page_as(world.owner)
    gap_close(gap=gap, by=world.owner, note="Shipped the shared library")
    return "Shipped the shared library"


def _edit_gap_by_hand(world, candidacy):
    gap = gap_add(candidacy=candidacy, by=world.mentor, criterion=_criterion(candidacy), text="Z")
    _case_page_as(world.owner)
    Gap.objects.filter(pk=gap.pk).update(text="Edited outside any service")
    return "Edited outside any service"


def _record_feedback(world, candidacy):
    candidacy_submit(candidacy=candidacy, by=world.manager)
    candidacy_record_outcome(
        candidacy=candidacy, by=world.manager, outcome="not_yet", feedback="More vision, please."
    )
    return "More vision, please."


def _assign_mentor(world, candidacy):
    mentor = UserFactory(display_name="Nell Newmentor")
    mentor_assign(mentor=mentor, mentee=world.owner, by=None)
    return "Nell Newmentor"


def _rename_mentor(world, candidacy):
    User.objects.filter(pk=world.mentor.pk).update(display_name="Pia Renamed")
    return "Pia Renamed"


def _change_manager(world, candidacy):
    user_set_manager(user=world.owner, manager=world.other_manager, by=None)
    return str(world.other_manager)


def _rename_criterion(world, candidacy):
    Criterion.objects.filter(pk=_criterion(candidacy).pk).update(name="Reach beyond the team")
    return "Reach beyond the team"


def _rewrite_expectation(world, candidacy):
    expectations = Expectation.objects.filter(level_id=candidacy.target_level_id)
    expectations.filter(criterion=_criterion(candidacy)).update(text="Lifts three teams")
    return "Lifts three teams"


def _retitle_level(world, candidacy):
    Level.objects.filter(pk=candidacy.target_level_id).update(title="Staff-ish Engineer")
    return "Staff-ish Engineer"


def _rename_ladder(world, candidacy):
    Ladder.objects.filter(pk=candidacy.ladder_id).update(name="The Renamed Ladder")
    return "The Renamed Ladder"


def _case_page_as(person):
    client = Client()
    client.force_login(person)
    return _case_page(client)


@pytest.mark.parametrize(
    "change",
    [
        _set_target_date,
        _add_gap,
        _close_gap,
        _edit_gap_by_hand,
        _record_feedback,
        _assign_mentor,
        _rename_mentor,
        _change_manager,
        _rename_criterion,
        _rewrite_expectation,
        _retitle_level,
        _rename_ladder,
    ],
)
def test_a_change_to_what_the_case_shows_is_shown_at_once(world, change):
    candidacy = candidacy_for(world.owner)
    before = _case_page_as(world.owner)
    shown = change(world, candidacy)
    assert shown not in before
    assert shown in _case_page_as(world.owner)


def test_a_second_view_reads_the_body_from_the_cache(client, world):
    candidacy_for(world.owner)
    client.force_login(world.owner)
    first = _case_page(client)
    with CaptureQueriesContext(connection) as drawn_again:
        second = _case_page(client)
    assert _without_tokens(first) == _without_tokens(second)
    tables = " ".join(query["sql"] for query in drawn_again.captured_queries)
    if connection.vendor == "postgresql":
        # The criteria, gaps and submissions are in the cached body, not read again.
        assert "promo_criterion" not in tables.split("md5", 1)[0]
        assert '"promo_gap"' not in tables and '"promo_submission"' not in tables
    assert TOKEN_SLOT not in second


def test_the_engineer_and_their_manager_never_share_a_body(world):
    candidacy = candidacy_for(world.owner)
    manager = Client()
    manager.force_login(world.manager)
    url = reverse("candidacy_detail", args=[candidacy.pk])
    assert "Record the submission" in manager.get(url).content.decode()
    own = _case_page_as(world.owner)
    assert "My case" in own and "Record the submission" not in own
    assert "Olive Owner's case" in manager.get(url).content.decode()


def test_a_cached_body_carries_the_viewers_own_csrf_token(world):
    candidacy = candidacy_for(world.owner)
    _case_page_as(world.owner)  # another session draws and caches the body
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.owner)
    page = _case_page(client)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    url = reverse("candidacy_target_date", args=[candidacy.pk])
    response = client.post(url, {"target_date": "2027-05-04", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    candidacy.refresh_from_db()
    assert candidacy.target_date == datetime.date(2027, 5, 4)


def test_the_readiness_section_is_put_into_the_cached_body(client, world):
    candidacy_for(world.owner)
    client.force_login(world.owner)
    _case_page(client)
    page = _case_page(client)
    assert page.count('id="readiness-heading"') == 1
    assert "readiness-section-slot" not in page


def test_a_form_with_errors_is_drawn_afresh_with_the_typing_kept(client, world):
    candidacy = candidacy_for(world.owner)
    client.force_login(world.mentor)
    url = reverse("candidacy_detail", args=[candidacy.pk])
    client.get(url)
    add = reverse("candidacy_gap_add", args=[candidacy.pk])
    criterion = _criterion(candidacy)
    page = client.post(add, {"criterion": criterion.pk, "text": ""}).content.decode()
    assert "This field is required" in page
    assert f'<option value="{criterion.pk}" selected>' in page


def _without_tokens(page):
    """The page without its CSRF tokens: each response masks the token afresh."""
    return re.sub(r"\b[A-Za-z0-9]{64}\b", "", page)
