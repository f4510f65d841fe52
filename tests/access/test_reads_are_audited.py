"""Every page that shows one person's evidence, readiness, case or promo doc to someone
else lands in that person's "who viewed my case". The URL list comes from the resolver: a
URL in neither table below fails, so a new page must be classified before it ships."""

import pytest
from django.urls import reverse

from promo.api.services import scopes_for, token_create
from promo.models import AuditEntry
from tests.access.api_rules import API_RULES
from tests.access.test_url_matrix import COVERED_BY_NAMESPACE, RULES, named_urls

# URL name -> (the persona who may read it, the query string that makes it someone else's).
READS_OF_ANOTHER = {
    "candidacy_detail": ("manager", {}),
    "person_readiness": ("manager", {}),
    "evidence_detail": ("manager", {}),
    "evidence_attachment": ("manager", {}),
    "evidence_list": ("manager", {"person": "owner"}),
    "evidence_timeline": ("manager", {"person": "owner"}),
    "team_csv": ("manager", {}),
    "reviews_document": ("mentor", {}),
    "reviews_diff": ("mentor", {}),
    "reviews_version": ("mentor", {}),
    "reviews_round": ("mentor", {}),
    "reviews_thread_reply": ("mentor", {}),
    "reviews_export_markdown": ("mentor", {}),
    "reviews_export_print": ("mentor", {}),
    "attestation_answer": ("other_engineer", {}),
    "nomination_detail": ("committee_member", {}),
    "candidacy_cycles": ("manager", {}),
}
# The same for the API, read with a token of the persona's (tests/access/api_rules.py).
API_READS_OF_ANOTHER = {
    "api:artifact": ("manager", {}),
    "api:artifact_tags": ("manager", {}),
    "api:evidence": ("manager", {"person": "owner"}),
    "api:doc": ("mentor", {}),
    "api:doc_version": ("mentor", {}),
}

OWN_ONLY = """case case_open readiness this_week evidence_new evidence_preview quick_capture
    evidence_trash checkins_due checkin_record notifications notifications_badge
    notification_read notifications_read_all nudge_preferences nudge_unsubscribe case_viewers
    home profile reviews_home reviews_start reviews_edit reviews_draft_preview reviews_share
    reviews_export
    reviews_export_download portability_export_new portability_export
    portability_export_download portability_leaving
    portability_leaving_download evidence_history evidence_edit evidence_tags api_tokens
    capture_share calendar_feed
    api_token_revoke attestation_request api:me api:ladder api:readiness api:checkins
    api:notifications
    github_settings bragdoc_import"""
WRITES = """evidence_restore evidence_delete evidence_revision_restore evidence_tag_edit
    evidence_attach evidence_attachment_remove quick_capture_undo candidacy_target_date
    candidacy_gap_add
    gap_close candidacy_submit candidacy_outcome candidacy_resubmit reviews_draft_save
    team_open_case reviews_thread_new
    reviews_verdicts reviews_round_feedback reviews_round_close reviews_comment_new
    reviews_thread_resolve reviews_thread_reopen reviews_thread_link_gap reviews_export_pdf
    calendar_feed_reset calendar_feed_off
    api:artifact_restore api:artifact_tag api:checkin api:notification_read
    api:notifications_read_all github_verify github_unlink github_token github_token_forget
    github_import bragdoc_import_confirm staff_export
    attestation_cancel attestation_withdraw cycle_nominate cycle_request nomination_vote
    nomination_decide"""
# Lists of people or documents with a status word each; opening one is what is recorded.
# The team page's export is the exception: it leaves the building, so it is a read above.
# A committee's grid lists its candidates in frozen words; opening a packet is recorded.
# A row's words (team_why…) are the team page's own sentences, sent when a cell is opened.
SUMMARY_LISTS = """team team_why team_why_criterion mentoring reviews_shared api:team api:docs
    committee_grid cycles cycle_detail"""
# A pulse's pages show a name and a level, no evidence; and a colleague opening the
# question must not land in the engineer's "who viewed my case", or its timing beside the
# count of answers would tell who answered.
PULSES = "pulse_start pulse_withdraw pulse_answer pulse_answer_withdraw"
STAFF_AND_PUBLIC = """staff_people staff_person_new staff_person_edit staff_teams
    staff_team_edit staff_mentors staff_mentor_remove staff_audit staff_sign_on staff_ladders
    staff_ladder_edit staff_level_new staff_criterion_new staff_level_edit staff_level_move
    staff_criterion_edit staff_criterion_move staff_nudges staff_nudges_plan
    staff_nudge_thresholds staff_nudge_retry admin:index healthz healthz_live healthz_ready
    metrics login logout sso_start
    sso_callback password_change password_change_done password_reset password_reset_done
    password_reset_confirm password_reset_complete readiness_rule api:api-root api:openapi-json
    api:openapi-view staff_person_invite invitation_accept web_manifest service_worker
    staff_people_import github_webhook staff_github_link staff_import staff_cycles staff_cycle
    staff_cycle_advance staff_cycle_release staff_committee_members"""
NOT_READS_OF_ANOTHER = set(
    " ".join([OWN_ONLY, WRITES, SUMMARY_LISTS, STAFF_AND_PUBLIC, PULSES]).split()
)


def _url_names():
    return {
        name
        for name in named_urls()
        if name.split(":")[0] not in COVERED_BY_NAMESPACE or name == "admin:index"
    }


def test_every_url_is_classified_once():
    names = _url_names()
    reads = READS_OF_ANOTHER.keys() | API_READS_OF_ANOTHER.keys()
    classified = reads | NOT_READS_OF_ANOTHER
    assert not reads & NOT_READS_OF_ANOTHER
    assert not names - classified, f"Unclassified URLs: {sorted(names - classified)}"
    assert not classified - names, f"Classified URLs that are gone: {sorted(classified - names)}"


@pytest.mark.parametrize("url_name", sorted(READS_OF_ANOTHER))
def test_a_read_lands_in_the_owners_who_viewed_my_case(url_name, world, client):
    persona, query = READS_OF_ANOTHER[url_name]
    viewer = world.personas()[persona]
    rule = RULES[url_name]
    url = reverse(url_name, kwargs=rule.kwargs(world) if rule.kwargs else None)
    params = {key: world.owner.pk if value == "owner" else value for key, value in query.items()}
    client.force_login(viewer)
    assert client.get(url, params).status_code == 200
    assert AuditEntry.objects.views_of(world.owner).filter(actor=viewer).exists()
    client.force_login(world.owner)
    assert viewer.display_name in client.get(reverse("case_viewers")).content.decode()


def test_reading_ones_own_is_not_recorded(world, client):
    client.force_login(world.owner)
    client.get(reverse("evidence_timeline"), {"person": world.owner.pk})
    client.get(reverse("team_csv"))
    assert not AuditEntry.objects.filter(actor=world.owner).exists()


@pytest.mark.parametrize("url_name", sorted(API_READS_OF_ANOTHER))
def test_a_read_by_token_lands_there_too(url_name, world, client):
    persona, query = API_READS_OF_ANOTHER[url_name]
    viewer = world.personas()[persona]
    make_kwargs, _ = API_RULES[url_name.removeprefix("api:")]
    url = reverse(url_name, kwargs=make_kwargs(world) if make_kwargs else None)
    params = {key: world.owner.pk if value == "owner" else value for key, value in query.items()}
    _, secret = token_create(owner=viewer, name="script", scopes=scopes_for(viewer))
    response = client.get(url, params, headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200
    assert AuditEntry.objects.views_of(world.owner).filter(actor=viewer).exists()
    client.force_login(world.owner)
    assert viewer.display_name in client.get(reverse("case_viewers")).content.decode()
