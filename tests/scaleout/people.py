"""The people of the fleet test, made in the test process and committed before the fleet
starts: engineers the client plays, each with a token, a session, a shared draft and
check-ins due; and quiet engineers whose weekly reminder and check-in nudge fall due."""

import secrets
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module

import requests
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.utils import timezone

from evidence.models import Artifact
from promo.api.services import token_create
from promo.models import ImpactCheckIn, NudgeSettings, NudgeThreshold
from promo.nudges.kinds import checkin_due
from promo.readiness.calendar import local_today
from reviews import services
from tests.factories import engineer
from tests.reviews.factories import artifact, candidacy_for, criteria_of

SCOPES = ["evidence:read", "evidence:write", "readiness:read", "reviews:read"]


@dataclass
class Player:
    """An engineer the client plays: an API session (token) and a browser session."""

    name: str
    person: object
    api: requests.Session
    browser: requests.Session
    csrf: str
    review_round: object
    slugs: list
    checkins: list


def due_checkin(person, *, created_at=None):
    """A pending check-in due today in the person's zone, on an artifact of its own."""
    today = local_today(timezone.now(), person.zone)
    work = Artifact.objects.create(owner=person, title="Faster checkout")
    if created_at is not None:  # logged before this week: the weekly reminder stays due
        Artifact.objects.filter(pk=work.pk).update(created_at=created_at)
    return ImpactCheckIn.objects.create(
        artifact=work, offset_days=30, planned_from=today - timedelta(days=30), due_on=today
    )


def browser_session(person):
    """A signed-in browser: a real session row and a CSRF cookie, as after a login."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(person.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = person.get_session_auth_hash()
    store.save()
    csrf = secrets.token_hex(16)  # 32 characters: a CSRF secret as the cookie holds it
    browser = requests.Session()
    browser.cookies.set(settings.SESSION_COOKIE_NAME, store.session_key)
    browser.cookies.set(settings.CSRF_COOKIE_NAME, csrf)
    return browser, csrf


def player(index, mentor, *, checkins):
    person = engineer("L5", display_name=f"Player {index}", email=f"player{index}@fleet.test")
    candidacy = candidacy_for(person, mentors=[mentor])
    criteria = criteria_of(person)
    for criterion in criteria:
        artifact(person, f"Work on {criterion.slug}", tags=[(criterion, "strong")])
    document = services.document_autodraft(candidacy=candidacy, by=person)
    review_round = services.document_share_for_review(
        document=document, reviewers=[mentor], include_manager=False, by=person
    )
    api = requests.Session()
    api.headers["Authorization"] = (
        f"Bearer {token_create(owner=person, name='fleet', scopes=SCOPES)[1]}"
    )
    browser, csrf = browser_session(person)
    return Player(
        name=f"player{index}",
        person=person,
        api=api,
        browser=browser,
        csrf=csrf,
        review_round=review_round,
        slugs=[criterion.slug for criterion in criteria],
        checkins=[due_checkin(person) for _ in range(checkins)],
    )


def quiet_engineer(index):
    """Someone who logged nothing this week, whose chosen day is today from hour 0, with a
    check-in due: the planner owes them a weekly reminder and a check-in nudge."""
    now = timezone.now()
    person = engineer("L5", display_name=f"Quiet {index}", email=f"quiet{index}@fleet.test")
    local = now.astimezone(person.zone)
    NudgeSettings.objects.create(person=person, log_wins_weekday=local.weekday(), log_wins_hour=0)
    due_checkin(person, created_at=now - timedelta(days=8))
    return person


def checkin_nudges_at_any_hour():
    NudgeThreshold.objects.update_or_create(key=checkin_due.HOUR, defaults={"value": 0})
