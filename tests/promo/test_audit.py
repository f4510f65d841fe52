from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from promo.audit.services import audit_record
from promo.models import AppendOnlyError, AuditEntry, MentorAssignment
from promo.org.services import mentor_assign, mentor_unassign, user_set_manager

A = AuditEntry.Action


def viewed(actor, subject, **fields):
    return audit_record(actor=actor, action=A.EVIDENCE_VIEWED, subject=subject, **fields)


def test_an_entry_copies_who_and_what(world):
    entry = viewed(world.manager, world.owner, target=world.owner.team, detail="from My team")
    entry.refresh_from_db()
    assert entry.actor_label == "Maya Manager <maya@example.com>"
    assert entry.subject_label == "Olive Owner <olive@example.com>"
    assert (entry.target_type, entry.target_id) == ("promo.team", str(world.owner.team_id))
    assert entry.target_label == "Payments" and entry.detail == "from My team"


def test_an_entry_reads_back_as_it_was_made(world):
    entry = viewed(world.mentor, world.owner, detail="Review round on v2")
    stored = AuditEntry.objects.get(pk=entry.pk)
    made = {f.attname: getattr(entry, f.attname) for f in AuditEntry._meta.concrete_fields}
    assert {f.attname: getattr(stored, f.attname) for f in AuditEntry._meta.concrete_fields} == made
    assert not entry._state.adding and stored.at == entry.at
    assert viewed(world.mentor, world.owner).pk > entry.pk


def test_it_refuses_to_update_or_delete_an_entry(world):
    entry = viewed(world.manager, world.owner)
    entry.detail = "edited"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(detail="edited")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).detail == ""


def test_erasing_a_person_leaves_their_history_readable(world):
    entry = viewed(world.mentor, world.owner)
    world.mentor.delete()
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.actor_label == "Pia Principal <pia@example.com>"


def test_an_entry_is_rolled_back_with_the_change_it_records(world):
    with pytest.raises(RuntimeError), transaction.atomic():
        viewed(world.manager, world.owner)
        raise RuntimeError("the change failed")
    assert not AuditEntry.objects.exists()


def test_an_unknown_action_is_refused(world):
    with pytest.raises(ValueError):
        audit_record(actor=world.staff, action="peeked")


def test_a_manager_change_is_recorded_as_a_role_change(world):
    user_set_manager(user=world.owner, manager=world.other_manager, by=world.staff)
    entry = AuditEntry.objects.get()
    assert entry.action == A.ROLE_CHANGED and entry.actor_id == world.staff.pk
    assert entry.subject_id == world.owner.pk
    assert entry.detail == "manager: Maya Manager → Otto Othermanager"


def test_setting_the_same_manager_records_nothing(world):
    user_set_manager(user=world.owner, manager=world.manager, by=world.staff)
    assert not AuditEntry.objects.exists()


def test_a_refused_manager_loop_records_nothing(world):
    with pytest.raises(Exception, match="cannot loop"):
        user_set_manager(user=world.director, manager=world.owner, by=world.staff)
    assert not AuditEntry.objects.exists()


def test_mentor_assign_and_unassign_are_recorded(world):
    assignment = mentor_assign(mentor=world.unassigned_mentor, mentee=world.owner, by=world.staff)
    mentor_assign(mentor=world.unassigned_mentor, mentee=world.owner, by=world.staff)  # no-op
    mentor_unassign(assignment=assignment, by=world.staff)
    entries = list(AuditEntry.objects.order_by("id"))
    assert [e.action for e in entries] == [A.MENTOR_ASSIGNED, A.MENTOR_UNASSIGNED]
    assert all(e.subject_id == world.owner.pk and e.actor_id == world.staff.pk for e in entries)
    assert entries[0].detail == "mentor: Uma Unassigned"
    assert not MentorAssignment.objects.filter(pk=assignment.pk).exists()


def test_staff_edits_of_level_staff_and_manager_are_audited(client, world):
    # Only a superuser makes someone staff (tests/promo/test_staff_accounts.py).
    world.staff.is_superuser = True
    world.staff.save(update_fields=["is_superuser"])
    client.force_login(world.staff)
    l6 = world.owner.ladder.levels.get(code="L6")
    response = client.post(
        reverse("staff_person_edit", args=[world.owner.pk]),
        {
            "email": world.owner.email,
            "display_name": "Olive Owner",
            "time_zone": "Europe/London",
            "team": world.owner.team_id,
            "manager": world.other_manager.pk,
            "ladder": world.owner.ladder_id,
            "level": l6.pk,
            "is_staff": "on",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    details = list(
        AuditEntry.objects.filter(action=A.ROLE_CHANGED, subject=world.owner)
        .order_by("id")
        .values_list("detail", flat=True)
    )
    assert details == [
        "level: L5 → L6; staff: no → yes",
        "manager: Maya Manager → Otto Othermanager",
    ]


def test_a_name_change_alone_is_not_a_role_change(client, world):
    client.force_login(world.staff)
    client.post(
        reverse("staff_person_edit", args=[world.owner.pk]),
        {
            "email": world.owner.email,
            "display_name": "Olive Renamed",
            "time_zone": "Europe/London",
            "team": world.owner.team_id,
            "manager": world.manager.pk,
            "ladder": world.owner.ladder_id,
            "level": world.owner.level_id,
            "is_active": "on",
        },
    )
    assert not AuditEntry.objects.exists()


def test_removing_a_mentor_through_the_staff_page_is_audited(client, world):
    client.force_login(world.staff)
    assignment = world.owner.mentor_links.get()
    client.post(reverse("staff_mentor_remove", args=[assignment.pk]))
    entry = AuditEntry.objects.get()
    assert entry.action == A.MENTOR_UNASSIGNED and entry.actor_id == world.staff.pk


# --- Who viewed my case ---------------------------------------------------------------


def test_engineers_see_who_viewed_their_case_and_nothing_else(client, world):
    viewed(world.manager, world.owner, detail="seen")
    audit_record(actor=world.mentor, action=A.DRAFT_EXPORTED, subject=world.owner)
    viewed(world.owner, world.owner)  # their own look is not news
    viewed(world.manager, world.other_engineer)  # someone else's case
    audit_record(actor=world.staff, action=A.ROLE_CHANGED, subject=world.owner)
    client.force_login(world.owner)
    page = client.get(reverse("case_viewers")).content.decode()
    assert "Maya Manager" in page and "Pia Principal" in page
    assert "Exported a draft" in page and "Viewed evidence" in page
    assert "Olive Owner &lt;" not in page and "Sam Staff" not in page
    assert page.count("<tr>") == 3  # the header and two views


def test_case_viewers_says_so_when_nobody_looked(client, world):
    client.force_login(world.owner)
    assert "Nobody else has viewed" in client.get(reverse("case_viewers")).content.decode()


def test_case_viewers_htmx_returns_only_the_table(client, world):
    viewed(world.manager, world.owner)
    client.force_login(world.owner)
    response = client.get(reverse("case_viewers"), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="viewers">') and "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_case_viewers_refuses_post(client, world):
    client.force_login(world.owner)
    assert client.post(reverse("case_viewers")).status_code == 405


@pytest.mark.parametrize("rows", [1, 60])
def test_case_viewers_query_count_holds(client, world, django_assert_num_queries, rows):
    for _ in range(rows):
        viewed(world.manager, world.owner)
    client.force_login(world.owner)
    # session, user, the two navigation checks, count, the page; the session save (3)
    with django_assert_num_queries(8):
        assert client.get(reverse("case_viewers")).status_code == 200


# --- Staff search ---------------------------------------------------------------------


def test_staff_search_the_log_by_actor_subject_action_and_dates(client, world):
    old = viewed(world.manager, world.owner)
    # Entries are immutable, so an old one is written with its date rather than moved.
    backdated = AuditEntry(
        action=A.EVIDENCE_VIEWED,
        actor=world.manager,
        actor_label="Maya Manager <maya@example.com>",
        subject=world.other_engineer,
        subject_label="Ezra Engineer <ezra@example.com>",
        at=timezone.now() - timedelta(days=30),
    )
    backdated.save()
    audit_record(actor=world.staff, action=A.ROLE_CHANGED, subject=world.owner, detail="x")
    client.force_login(world.staff)
    url = reverse("staff_audit")

    def ids(**query):
        response = client.get(url, query)
        assert response.status_code == 200
        return {entry.pk for entry in response.context["page"]}

    assert len(ids()) == 3
    assert ids(actor="maya") == {old.pk, backdated.pk}
    assert ids(subject="ezra@") == {backdated.pk}
    assert ids(action=A.ROLE_CHANGED) == {AuditEntry.objects.get(action=A.ROLE_CHANGED).pk}
    today = timezone.localdate(timezone=world.staff.zone)
    assert backdated.pk not in ids(since=today.isoformat())
    assert ids(until=(today - timedelta(days=29)).isoformat()) == {backdated.pk}


def test_staff_search_finds_failed_logins_by_the_email_tried(client, world):
    client.post(reverse("login"), {"username": "nobody@example.com", "password": "x"})
    client.force_login(world.staff)
    response = client.get(reverse("staff_audit"), {"subject": "nobody@example.com"})
    assert [e.action for e in response.context["page"]] == [A.LOGIN_FAILED]


def test_a_backwards_date_range_is_explained_and_the_typing_kept(client, world):
    client.force_login(world.staff)
    response = client.get(
        reverse("staff_audit"), {"actor": "maya", "since": "2026-05-02", "until": "2026-05-01"}
    )
    html = response.content.decode()
    assert "is after the “To” date" in html
    assert 'value="maya"' in html and 'value="2026-05-02"' in html


def test_a_malformed_date_is_explained(client, world):
    client.force_login(world.staff)
    html = client.get(reverse("staff_audit"), {"since": "yesterday"}).content.decode()
    assert "Enter a valid date" in html and 'value="yesterday"' in html


def test_an_unknown_action_filter_is_explained(client, world):
    client.force_login(world.staff)
    html = client.get(reverse("staff_audit"), {"action": "peeked"}).content.decode()
    assert "Select a valid choice" in html


def test_staff_audit_paginates(client, world):
    for _ in range(51):
        viewed(world.manager, world.owner)
    client.force_login(world.staff)
    first = client.get(reverse("staff_audit"))
    assert len(first.context["page"].object_list) == 50 and "Page 1 of 2" in first.content.decode()
    second = client.get(reverse("staff_audit"), {"page": 2, "actor": "maya"})
    assert len(second.context["page"].object_list) == 1
    assert "actor=maya" in second.content.decode()


def test_staff_audit_htmx_returns_only_the_results(client, world):
    viewed(world.manager, world.owner)
    client.force_login(world.staff)
    response = client.get(reverse("staff_audit"), {"actor": "maya"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results">') and "Maya Manager" in html
    assert "HX-Request" in response["Vary"]


def test_only_staff_search_the_log(client, world):
    client.force_login(world.manager)
    assert client.get(reverse("staff_audit")).status_code == 403
    client.force_login(world.staff)
    assert client.post(reverse("staff_audit")).status_code == 405


@pytest.mark.parametrize("rows", [1, 60])
def test_staff_audit_query_count_holds(client, world, django_assert_num_queries, rows):
    for _ in range(rows):
        viewed(world.manager, world.owner)
    client.force_login(world.staff)
    with django_assert_num_queries(8):
        assert client.get(reverse("staff_audit"), {"actor": "maya"}).status_code == 200


XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'><svg onload=alert(3)>"


@pytest.mark.parametrize("url_name, persona", [("staff_audit", "staff"), ("case_viewers", "owner")])
def test_names_and_details_are_shown_escaped(client, world, url_name, persona):
    world.manager.display_name = XSS
    world.manager.save(update_fields=["display_name"])
    viewed(world.manager, world.owner, detail=XSS)
    client.force_login(getattr(world, persona))
    html = client.get(reverse(url_name)).content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html and "<svg" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
