"""The marker test: unique strings in every secret of the owner's side of the world, then
every page, export, nudge, email and audit view as every persona. No marker may appear
where its audience rule (tests/security/markers.py) says it must not, and the owner's
own markers must appear where they belong, so the test cannot pass by showing nothing.

The same walk checks that no page a signed-in person gets may be stored by a cache.

The world is built and walked once per module, inside one transaction rolled back at
the end; the tests below judge what was shown.
"""

from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import override_settings

from promo.nudges.registry import KINDS
from tests.access.test_url_matrix import API_NAMES, RULES
from tests.conftest import build_world
from tests.security.marker_walk import (
    AUDIT_VIEWS,
    run_every_nudge,
    walk_audit_views,
    walk_organisation_export,
    walk_pages,
    walk_pdfs,
    walk_personal_exports,
    walked_names,
)
from tests.security.marker_world import seed
from tests.security.markers import mark

# The mark makes pytest-django create the test database; the walk has its own transaction.
pytestmark = [pytest.mark.django_db, pytest.mark.slow(seconds=100)]

EXPORTS = {
    "reviews_export_markdown",
    "reviews_export_print",
    "team_csv",
    "pdf",
    "personal_export",
    "organisation_export",
}


@dataclass
class Shown:
    requested: set  # every URL name requested
    pages: list  # Sightings
    pdfs: list
    nudges: list
    nudge_kinds: set
    audit: list
    caching: list  # (persona, URL, Cache-Control) of every signed-in 200

    def everything(self):
        return self.pages + self.pdfs + self.nudges + self.audit


@pytest.fixture(scope="module")
def shown(django_db_setup, django_db_blocker, tmp_path_factory):
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=fast, MEDIA_ROOT=media),
        transaction.atomic(),
    ):
        seeded = seed(build_world())
        nudges, kinds = run_every_nudge(seeded)
        pages, requested, caching = walk_pages(seeded, set(walked_names()) - set(AUDIT_VIEWS))
        pdfs = walk_pdfs(seeded) + walk_personal_exports(seeded)
        pdfs += walk_organisation_export(seeded)
        audit, audit_requested, audit_caching = walk_audit_views(seeded)
        result = Shown(
            requested=requested | audit_requested,
            pages=pages,
            pdfs=pdfs,
            nudges=nudges,
            nudge_kinds=kinds,
            audit=audit,
            caching=caching + audit_caching,
        )
        transaction.set_rollback(True)
    return result


def _leaks(sightings):
    return sorted({str(s) for s in sightings if s.leaks()})


def _is_export(sighting):
    return sighting.where in EXPORTS


def test_every_url_is_walked(shown):
    assert not set(walked_names()) - RULES.keys() - API_NAMES, "a URL with no access rule"
    assert shown.requested == set(walked_names())


def test_no_page_shows_a_marker_outside_its_audience(shown):
    leaks = _leaks(s for s in shown.pages if not _is_export(s))
    assert not leaks, "Markers shown outside their audience:\n" + "\n".join(leaks)


def test_no_export_carries_a_marker_outside_its_audience(shown):
    leaks = _leaks(s for s in shown.pages + shown.pdfs if _is_export(s))
    assert not leaks, "Markers exported outside their audience:\n" + "\n".join(leaks)


def test_no_nudge_or_email_quotes_a_marker_outside_its_audience(shown):
    assert shown.nudge_kinds == set(KINDS), "every kind of nudge must have been sent"
    leaks = _leaks(shown.nudges)
    assert not leaks, "Markers sent outside their audience:\n" + "\n".join(leaks)


def test_no_audit_view_names_a_marker_outside_its_audience(shown):
    leaks = _leaks(shown.audit)
    assert not leaks, "Markers in audit views outside their audience:\n" + "\n".join(leaks)


# (persona, where, marker): what the audience must be shown.
MUST_SEE = [
    ("owner", "evidence_detail", mark("private-title")),
    ("owner", "evidence_detail", mark("private-body")),
    ("owner", "evidence_detail", mark("private-impact")),
    ("owner", "evidence_detail", mark("draft-title")),
    ("owner", "evidence_detail", mark("mentors-impact")),
    ("owner", "evidence_trash", mark("trashed-title")),
    ("owner", "evidence_attachment", mark("private-file")),
    ("owner", "checkins_due", mark("private-title")),
    ("owner", "calendar_feed", mark("private-title")),
    ("mentor", "evidence_detail", mark("mentors-title")),
    ("mentor", "evidence_detail", mark("shared-body")),
    ("manager", "evidence_detail", mark("shared-impact")),
    ("staff", "evidence_detail", mark("shared-title")),
    ("owner", "reviews_round", mark("round2-reply")),
    ("manager", "reviews_round", mark("round2-verdict")),
    ("mentor", "reviews_round", mark("round1-verdict")),
    ("manager", "reviews_version", mark("v2-text")),
    ("mentor", "reviews_version", mark("v1-only")),
    ("owner", "reviews_edit", mark("unshared-draft")),
    ("owner", "pdf", mark("v2-text")),
    ("owner", "personal_export", mark("private-title")),
    ("owner", "personal_export", mark("private-file")),
    ("owner", "personal_export", mark("unshared-draft")),
    ("owner", "personal_export", mark("round1-comment")),
    ("staff", "organisation_export", mark("shared-title")),
    ("staff", "organisation_export", mark("gap")),
    ("manager", "candidacy_detail", mark("gap")),
    ("owner", "notifications", mark("notification")),
    ("owner", "nudge:mention", mark("round1-comment")),
    ("mentor", "nudge:reply", mark("round1-reply")),
    ("mentor", "email:reply", mark("round1-reply")),
    ("owner", "evidence_detail", mark("asked-statement")),
    ("other_engineer", "attestation_answer", mark("asked-title")),
    ("other_engineer", "attestation_answer", mark("asked-question")),
    ("other_engineer", "attestation_answer", mark("asked-statement")),
    ("other_engineer", "email:attestation_requested", mark("asked-question")),
    ("other_engineer", "email:attestation_reminder", mark("asked-question")),
    ("owner", "readiness", mark("pulse-sentence")),
    ("manager", "person_readiness", mark("pulse-sentence")),
    ("mentor", "pulse_answer", mark("pulse-sentence")),
]


def test_the_audience_is_shown_its_markers(shown):
    seen = {(s.persona, s.where, s.marker) for s in shown.everything()}
    missing = [row for row in MUST_SEE if row not in seen]
    assert not missing, f"Not shown to their audience: {missing}"


def test_every_page_a_signed_in_person_gets_is_no_store(shown):
    """Pages show one person's evidence, case and notes: no shared cache may keep them."""
    failures = [
        f"{who} {url}: {value!r}" for who, url, value in shown.caching if "no-store" not in value
    ]
    assert len({url for _, url, _ in shown.caching}) > 100  # the walk really reached the pages
    assert not failures, "\n".join(failures)
