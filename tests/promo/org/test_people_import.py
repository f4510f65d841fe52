"""The people import service: every bad row reported with nothing written, a good file
written in one go with its audit entries, and the same file again changing nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from promo.models import AuditEntry, MentorAssignment, SnapshotRefreshRequest, Team, User
from promo.org.services import people_import
from promo.web.readiness_changed import _handlers, on_readiness_changed
from tests.conftest import require
from tests.promo.org.csv_files import BAD_FILE, GOOD_FILE, HEADER


def _counts():
    return (
        User.objects.count(),
        Team.objects.count(),
        MentorAssignment.objects.count(),
        AuditEntry.objects.count(),
    )


def test_a_dry_run_reports_every_bad_row_by_line_and_writes_nothing(world):
    before = _counts()
    plan = people_import(text=BAD_FILE, by=world.staff, apply=False)
    by_line = {problem.line: problem.message for problem in plan.problems}
    assert "Unknown manager nobody@example.com" in by_line[3]
    assert "management chain loops: dana@example.com → olive@example.com" in by_line[4]
    assert "also on line 2" in by_line[5]
    assert "Level 'L42' is not" in by_line[6] and "L5" in by_line[6]
    assert "cannot be their own manager" in by_line[7]
    assert "8 cells, but the header names 7 columns" in by_line[8]
    assert "'not-an-email' is not an email address" in by_line[9]
    assert "cannot be their own mentor" in by_line[10]
    assert 2 not in by_line
    assert _counts() == before


def test_applying_a_file_with_a_bad_row_writes_none_of_it(world):
    before = _counts()
    plan = people_import(text=BAD_FILE, by=world.staff, apply=True)
    assert plan.problems and not plan.applied
    assert _counts() == before
    assert not User.objects.filter(email="new.lead@example.com").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("display_name,team\nAnn,Payments\n", "The required column 'email' is missing"),
        ("email,manger_email\nann@example.com,x@example.com\n", "Unknown column 'manger_email'"),
        ("email,team,team\nann@example.com,A,B\n", "appears more than once"),
        ("", "The file is empty"),
        ("email\nann\x00@example.com\n", "binary data"),
        ("email,is_active\nann@example.com,maybe\n", "write yes or no"),
        ("email\nann@example.com\n", "A new person needs a display_name"),
        (f"email,team\nann@example.com,{'x' * 121}\n", "team is longer than 120 characters"),
        ('email,display_name\n"ann@example.com,Ann\n', "not valid CSV"),
        ('email,display_name\n"ann@example.com"x,Ann\n', "not valid CSV"),
    ],
)
def test_each_kind_of_bad_file_is_explained(world, text, message):
    plan = people_import(text=text, by=world.staff, apply=True)
    assert any(message in problem.message for problem in plan.problems), plan.problems
    assert not plan.applied


def test_a_loop_within_the_file_is_named_on_each_of_its_rows(world):
    text = HEADER + (
        "a@example.com,A,,,b@example.com,,\n"
        "b@example.com,B,,,c@example.com,,\n"
        "c@example.com,C,,,a@example.com,,\n"
    )
    plan = people_import(text=text, by=world.staff, apply=False)
    assert [problem.line for problem in plan.problems] == [2, 3, 4]
    assert "a@example.com → b@example.com → c@example.com → a@example.com" in (
        plan.problems[0].message
    )


def test_a_mentor_from_the_mentees_chain_is_refused(world):
    text = HEADER + "olive@example.com,Olive Owner,Payments,L5,maya@example.com,dana@example.com,\n"
    plan = people_import(text=text, by=world.staff, apply=False)
    assert "dana@example.com is in their management chain" in plan.problems[0].message


def test_staff_cannot_make_themselves_a_manager_or_change_a_staff_account(world):
    text = HEADER + (
        "new@example.com,New,,,sam@example.com,,\n"
        "sam@example.com,Sam Renamed,,,,,\n"
        "kai@example.com,Kai,,,,sam@example.com,\n"
    )
    plan = people_import(text=text, by=world.staff, apply=False)
    by_line = {problem.line: problem.message for problem in plan.problems}
    assert "cannot make yourself their manager" in by_line[2]
    assert "only a superuser changes it" in by_line[3]
    assert "cannot make yourself their mentor" in by_line[4]


def test_a_good_file_is_applied_with_its_teams_managers_mentors_and_audit(world):
    entries_before = AuditEntry.objects.count()
    plan = people_import(text=GOOD_FILE, by=world.staff, apply=True)
    assert not plan.problems and plan.applied
    assert [p.email for p in plan.created] == ["ivy@example.com", "jon@example.com"]
    assert [p.email for p in plan.updated] == ["olive@example.com", "ezra@example.com"]
    assert [p.email for p in plan.unchanged] == ["maya@example.com"]
    assert list(plan.new_teams.values()) == ["Platform"]  # "platform" is the same team

    ivy, jon = User.objects.get(email="ivy@example.com"), User.objects.get(email="jon@example.com")
    assert ivy.manager == world.director and ivy.team.name == "Platform"
    assert ivy.level.code == "L7" and ivy.ladder == world.owner.ladder
    assert jon.manager == ivy and jon.team == ivy.team and jon.is_active
    assert not jon.has_usable_password()
    assert set(jon.mentor_links.values_list("mentor__email", flat=True)) == {
        "pia@example.com",
        "uma@example.com",
    }
    olive = User.objects.get(pk=world.owner.pk)
    assert olive.manager == ivy and olive.team.name == "Search" and olive.level.code == "L6"
    assert list(olive.mentor_links.values_list("mentor__email", flat=True)) == ["uma@example.com"]
    ezra = User.objects.get(pk=world.other_engineer.pk)
    assert not ezra.is_active and ezra.manager == world.other_manager

    olive_changes = next(p for p in plan.updated if p.email == "olive@example.com").described
    assert "team: Payments → Search" in olive_changes
    assert "manager: maya@example.com → ivy@example.com" in olive_changes
    assert "level: L5 → L6" in olive_changes
    assert "mentor removed: pia@example.com" in olive_changes

    entries = list(AuditEntry.objects.order_by("pk")[entries_before:])
    assert all(entry.actor_id == world.staff.pk for entry in entries)
    kinds = [(entry.action, entry.subject_id) for entry in entries]
    assert (AuditEntry.Action.MENTOR_UNASSIGNED, world.owner.pk) in kinds
    assert (AuditEntry.Action.MENTOR_ASSIGNED, jon.pk) in kinds
    assert (AuditEntry.Action.ROLE_CHANGED, world.owner.pk) in kinds
    assert (AuditEntry.Action.ROLE_CHANGED, world.manager.pk) not in kinds  # unchanged
    summary = entries[-1]
    assert summary.detail == "people import: created 2, updated 2, unchanged 1, new teams 1"


def test_the_people_it_changed_get_one_snapshot_refresh_after_commit(
    world, django_capture_on_commit_callbacks
):
    heard = []
    handler = on_readiness_changed(heard.append)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            people_import(text=GOOD_FILE, by=world.staff, apply=True)
    finally:
        _handlers.remove(handler)
    changed = ["ivy@example.com", "jon@example.com", "olive@example.com", "ezra@example.com"]
    changed_ids = set(User.objects.filter(email__in=changed).values_list("pk", flat=True))
    assert heard == [changed_ids]
    refreshed = set(SnapshotRefreshRequest.objects.values_list("person_id", flat=True))
    assert refreshed == changed_ids  # Maya's row changed nothing


def test_applying_the_same_file_again_changes_nothing(world):
    people_import(text=GOOD_FILE, by=world.staff, apply=True)
    people = list(User.objects.order_by("pk").values())
    links = list(MentorAssignment.objects.order_by("pk").values())
    teams = Team.objects.count()
    entries_before = AuditEntry.objects.count()

    plan = people_import(text=GOOD_FILE, by=world.staff, apply=True)

    assert plan.applied and not plan.created and not plan.updated
    assert len(plan.unchanged) == 5
    assert list(User.objects.order_by("pk").values()) == people
    assert list(MentorAssignment.objects.order_by("pk").values()) == links
    assert Team.objects.count() == teams
    new_entries = list(AuditEntry.objects.order_by("pk")[entries_before:])
    assert [entry.detail for entry in new_entries] == [
        "people import: created 0, updated 0, unchanged 5, new teams 0"
    ]


def test_a_column_the_file_leaves_out_is_left_as_it_is(world):
    plan = people_import(
        text="email,display_name\nolive@example.com,Olive Renamed\n", by=world.staff, apply=True
    )
    assert plan.applied and plan.updated[0].described == [
        "display_name: Olive Owner → Olive Renamed"
    ]
    olive = User.objects.get(pk=world.owner.pk)
    assert olive.manager == world.manager and olive.mentor_links.count() == 1


def test_an_operator_with_no_account_may_change_a_staff_account(world):
    plan = people_import(
        text="email,display_name\nsam@example.com,Sam Renamed\n", by=None, apply=True
    )
    assert plan.applied
    entry = AuditEntry.objects.filter(subject=world.staff).latest("pk")
    assert entry.actor_id is None and "Sam Renamed" in entry.detail


def _file_of(count):
    """`count` new people: a lead reporting to the director, the others to the lead,
    each with a mentor, on two new teams."""
    rows = ["lead@example.com,Lead,Team A,L7,dana@example.com,pia@example.com,yes"]
    rows += [
        f"p{n}@example.com,Person {n},Team {'AB'[n % 2]},L5,lead@example.com,uma@example.com,yes"
        for n in range(count - 1)
    ]
    return HEADER + "\n".join(rows) + "\n"


def _queries_to_apply(text, by):
    with CaptureQueriesContext(connection) as captured:
        plan = people_import(text=text, by=by, apply=True)
    assert plan.applied and not plan.problems
    return captured


def test_applying_takes_as_many_queries_for_100_rows_as_for_10(world):
    require(connection.vendor == "postgresql", "SQLite splits a bulk insert at its variable limit")
    at_ten = _queries_to_apply(_file_of(10), world.staff)
    User.objects.filter(email__startswith="p").exclude(email="pia@example.com").delete()
    User.objects.filter(email="lead@example.com").delete()
    Team.objects.filter(name__in=["Team A", "Team B"]).delete()
    at_hundred = _queries_to_apply(_file_of(100), world.staff)
    statements = "\n".join(query["sql"][:200] for query in at_hundred.captured_queries)
    assert len(at_hundred) == len(at_ten), statements
    assert len(at_hundred) <= 20, statements
