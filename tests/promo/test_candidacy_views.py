import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from promo.candidacies.queries import mentee_cases_of
from promo.candidacies.services import (
    candidacy_record_outcome,
    candidacy_resubmit,
    candidacy_submit,
    gap_add,
)
from promo.ladders.services import ladder_load
from promo.ladders.yaml_io import parse_ladder_document
from promo.models import Candidacy, Gap, Submission
from tests.factories import MentorAssignmentFactory, UserFactory, candidacy_for

HTMX = {"HX-Request": "true"}


def test_my_case_shows_expectations_at_the_target_level_gaps_and_history(client, world):
    candidacy = candidacy_for(world.owner)
    candidacy_submit(candidacy=candidacy, by=world.manager)
    first = candidacy_record_outcome(
        candidacy=candidacy, by=world.manager, outcome="not_yet", feedback="More leverage."
    )
    leverage = candidacy.ladder.criteria.get(slug="leverage")
    gap_add(
        candidacy=candidacy,
        by=world.owner,
        criterion=leverage,
        text="Run a design review",
        submission=first,
    )
    client.force_login(world.owner)
    page = client.get(reverse("case")).content.decode()
    expectation = leverage.expectations.get(level__code="L6").text
    assert "My case" in page and expectation in page
    assert "Run a design review" in page and "More leverage." in page
    assert "Prepare to resubmit" in page and "From the feedback of" in page
    assert reverse("candidacy_submit", args=[candidacy.pk]) not in page  # not the owner's to do


def test_an_engineer_without_a_case_can_open_one(client, world):
    client.force_login(world.owner)
    assert "Open my case" in client.get(reverse("case")).content.decode()
    response = client.post(reverse("case_open"), {"target_date": "2027-03-01"})
    assert response.status_code == 302
    candidacy = Candidacy.objects.get(person=world.owner)
    assert candidacy.target_date == datetime.date(2027, 3, 1)


def test_opening_a_second_case_is_explained_with_the_typing_kept(client, world):
    candidacy_for(world.owner)
    client.force_login(world.owner)
    response = client.post(reverse("case_open"), {"target_date": "2027-04-02"})
    page = response.content.decode()
    assert response.status_code == 200 and "already has an open candidacy" in page
    assert 'value="2027-04-02"' in page


def test_a_promoted_engineer_still_sees_how_they_got_there(client, world):
    candidacy = candidacy_for(world.owner)
    candidacy_submit(candidacy=candidacy, by=world.manager)
    candidacy_record_outcome(
        candidacy=candidacy, by=world.manager, outcome="promoted", feedback="Well done."
    )
    client.force_login(world.owner)
    page = client.get(reverse("case")).content.decode()
    assert "Promoted" in page and "Well done." in page
    assert "Open a case for the next level" in page


def test_a_mentor_adds_a_gap_in_place(client, world):
    candidacy = candidacy_for(world.owner)
    criterion = candidacy.ladder.criteria.get(slug="vision")
    client.force_login(world.mentor)
    url = reverse("candidacy_gap_add", args=[candidacy.pk])
    response = client.post(
        url, {"criterion": criterion.pk, "text": "Write a vision doc"}, headers=HTMX
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<section id="gaps"') and "<html" not in page
    assert "Write a vision doc" in page
    assert "From the feedback of" not in page  # no committee has answered yet
    assert Gap.objects.get().opened_by == world.mentor


def test_a_gap_added_by_a_plain_post_redirects_back(client, world):
    candidacy = candidacy_for(world.owner)
    criterion = candidacy.ladder.criteria.first()
    client.force_login(world.owner)
    response = client.post(
        reverse("candidacy_gap_add", args=[candidacy.pk]),
        {"criterion": criterion.pk, "text": "Mentor two juniors"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("case")


def test_a_gap_without_text_is_refused_with_the_choice_kept(client, world):
    candidacy = candidacy_for(world.owner)
    criterion = candidacy.ladder.criteria.get(slug="vision")
    client.force_login(world.owner)
    response = client.post(
        reverse("candidacy_gap_add", args=[candidacy.pk]), {"criterion": criterion.pk}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "This field is required" in page
    assert f'value="{criterion.pk}" selected' in page
    assert not Gap.objects.exists()


def test_closing_a_gap_in_place_and_by_plain_post(client, world):
    candidacy = candidacy_for(world.owner)
    criterion = candidacy.ladder.criteria.first()
    one = gap_add(candidacy=candidacy, by=world.owner, criterion=criterion, text="One")
    two = gap_add(candidacy=candidacy, by=world.owner, criterion=criterion, text="Two")
    client.force_login(world.manager)
    response = client.post(reverse("gap_close", args=[one.pk]), {"note": "Done"}, headers=HTMX)
    assert response.status_code == 200 and "1 closed gap" in response.content.decode()
    response = client.post(reverse("gap_close", args=[two.pk]), {"note": "Also done"})
    assert response.status_code == 302
    assert Gap.objects.filter(closed_at__isnull=False).count() == 2


def test_closing_a_gap_without_a_note_shows_the_error_on_that_gap(client, world):
    candidacy = candidacy_for(world.owner)
    gap = gap_add(
        candidacy=candidacy, by=world.owner, criterion=candidacy.ladder.criteria.first(), text="x"
    )
    client.force_login(world.owner)
    response = client.post(reverse("gap_close", args=[gap.pk]), {"note": ""}, headers=HTMX)
    assert "This field is required" in response.content.decode()
    gap.refresh_from_db()
    assert gap.is_open


def test_the_target_date_changes_in_place(client, world):
    candidacy = candidacy_for(world.owner)
    client.force_login(world.owner)
    url = reverse("candidacy_target_date", args=[candidacy.pk])
    response = client.post(url, {"target_date": "2027-01-15"}, headers=HTMX)
    page = response.content.decode()
    assert page.lstrip().startswith('<article class="card" id="target-date"')
    assert "15 Jan 2027" in page
    response = client.post(url, {"target_date": "not a date"}, headers=HTMX)
    assert "Enter a valid date" in response.content.decode()
    assert 'value="not a date"' in response.content.decode()
    candidacy.refresh_from_db()
    assert candidacy.target_date == datetime.date(2027, 1, 15)


def test_a_mentor_may_not_change_the_target_date(client, world):
    candidacy = candidacy_for(world.owner)
    client.force_login(world.mentor)
    response = client.post(
        reverse("candidacy_target_date", args=[candidacy.pk]), {"target_date": "2027-01-15"}
    )
    assert response.status_code == 403


def test_the_manager_records_submission_and_outcome(client, world):
    candidacy = candidacy_for(world.owner)
    client.force_login(world.manager)
    client.post(reverse("candidacy_submit", args=[candidacy.pk]), {"submitted_on": "2026-11-01"})
    response = client.post(
        reverse("candidacy_outcome", args=[candidacy.pk]),
        {"outcome": "not_yet", "decided_on": "2026-11-20", "feedback": "Show impact."},
    )
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.outcome == "not_yet" and submission.decided_by == world.manager
    client.force_login(world.owner)
    client.post(reverse("candidacy_resubmit", args=[candidacy.pk]))
    candidacy.refresh_from_db()
    assert candidacy.status == Candidacy.Status.PREPARING


def test_an_outcome_dated_before_the_submission_is_explained(client, world):
    candidacy = candidacy_for(world.owner)
    candidacy_submit(candidacy=candidacy, by=world.manager, submitted_on=datetime.date(2026, 11, 1))
    client.force_login(world.staff)
    response = client.post(
        reverse("candidacy_outcome", args=[candidacy.pk]),
        {"outcome": "promoted", "decided_on": "2026-10-01", "feedback": "Kept text"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "cannot come before the submission" in page
    assert "Kept text" in page


def test_the_engineer_may_not_record_an_outcome(client, world):
    candidacy = candidacy_for(world.owner)
    candidacy_submit(candidacy=candidacy, by=world.manager)
    client.force_login(world.owner)
    response = client.post(
        reverse("candidacy_outcome", args=[candidacy.pk]), {"outcome": "promoted"}
    )
    assert response.status_code == 403
    world.owner.refresh_from_db()
    assert world.owner.level.code == "L5"


def test_outsiders_are_not_told_a_case_exists(client, world):
    candidacy = candidacy_for(world.owner)
    for persona in (world.other_engineer, world.unassigned_mentor, world.other_manager):
        client.force_login(persona)
        assert client.get(reverse("candidacy_detail", args=[candidacy.pk])).status_code == 404


def test_a_director_up_the_chain_sees_and_decides(client, world):
    candidacy = candidacy_for(world.owner)
    client.force_login(world.director)
    assert client.get(reverse("candidacy_detail", args=[candidacy.pk])).status_code == 200
    response = client.post(reverse("candidacy_submit", args=[candidacy.pk]))
    assert response.status_code == 302


def test_a_manager_opens_a_case_for_a_report(client, world):
    client.force_login(world.manager)
    response = client.post(reverse("team_open_case"), {"person": world.owner.pk, "target_date": ""})
    candidacy = Candidacy.objects.get(person=world.owner)
    assert response["Location"] == reverse("candidacy_detail", args=[candidacy.pk])
    page = client.get(reverse("team")).content.decode()
    assert "Olive Owner" in page and "Preparing" in page


def test_a_manager_cannot_open_a_case_for_someone_elses_report(client, world):
    client.force_login(world.manager)
    response = client.post(reverse("team_open_case"), {"person": world.other_engineer.pk})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Candidacy.objects.exists()


def test_mentoring_lists_the_mentees_cases(client, world):
    candidacy_for(world.owner)
    client.force_login(world.mentor)
    page = client.get(reverse("mentoring")).content.decode()
    assert "Olive Owner" in page and "For L6" in page
    assert "Ezra Engineer" not in page


def test_mentoring_shows_the_case_open_first_picks(client, world):
    """The page's plain SQL and Candidacy.objects.open_first() agree on each mentee's case:
    an open case before a newer closed one, else the newest, else none."""
    open_then_closed = UserFactory(ladder=world.owner.ladder, level=world.owner.level)
    two_closed = UserFactory(ladder=world.owner.ladder, level=world.owner.level)
    no_case = UserFactory(ladder=world.owner.ladder, level=world.owner.level)
    closed = candidacy_for(open_then_closed)
    Candidacy.objects.filter(pk=closed.pk).update(status=Candidacy.Status.NOT_YET)
    still_open = candidacy_for(open_then_closed)
    Candidacy.objects.filter(pk=still_open.pk).update(
        created_at=closed.created_at - datetime.timedelta(days=1),
        target_date=datetime.date(2031, 5, 4),
    )
    for _ in range(2):
        promoted = candidacy_for(two_closed)
        Candidacy.objects.filter(pk=promoted.pk).update(status=Candidacy.Status.PROMOTED)
    for person in (open_then_closed, two_closed, no_case):
        MentorAssignmentFactory(mentor=world.mentor, mentee=person)
    rows = {row.name: row for row in mentee_cases_of(world.mentor)}
    for person in (open_then_closed, two_closed, no_case):
        expected = Candidacy.objects.filter(person=person).open_first().first()
        assert rows[str(person)].case_id == (expected.pk if expected else None)
    assert rows[str(open_then_closed)].case_id == still_open.pk
    assert rows[str(two_closed)].case_id == promoted.pk
    assert rows[str(open_then_closed)].case_target_date == datetime.date(2031, 5, 4)
    assert rows[str(open_then_closed)].case_status_label == "Preparing"
    client.force_login(world.mentor)
    page = client.get(reverse("mentoring")).content.decode()
    assert "4 May 2031" in page and "Promoted" in page and "No case" in page


def test_the_nav_links_follow_roles(client, world):
    client.force_login(world.owner)
    page = client.get(reverse("home")).content.decode()
    assert reverse("case") in page and reverse("team") not in page
    client.force_login(world.manager)
    assert reverse("team") in client.get(reverse("home")).content.decode()
    client.force_login(world.mentor)
    assert reverse("mentoring") in client.get(reverse("home")).content.decode()
    client.force_login(world.staff)
    assert reverse("case") not in client.get(reverse("home")).content.decode()


# Query counts: the same at 1 and 20 criteria, submissions and gaps.


def _ladder_with(criteria_count):
    criteria = "\n".join(
        f"  - slug: c{i}\n    name: Criterion {i}\n    expectations: {{A: a{i}, B: b{i}}}"
        for i in range(criteria_count)
    )
    document = f"name: Ladder {criteria_count}\nslug: ladder-{criteria_count}\n"
    document += "levels:\n  - {code: A, title: First}\n  - {code: B, title: Second}\n"
    return ladder_load(spec=parse_ladder_document(document + "criteria:\n" + criteria))


def _case_with(world, size):
    ladder = _ladder_with(size)
    person = UserFactory(ladder=ladder, level=ladder.levels.get(code="A"), manager=world.manager)
    candidacy = candidacy_for(person)
    criteria = list(ladder.criteria.all())
    for i in range(size):
        candidacy_submit(candidacy=candidacy, by=world.manager)
        submission = candidacy_record_outcome(
            candidacy=candidacy, by=world.manager, outcome="not_yet", feedback=f"round {i}"
        )
        gap_add(
            candidacy=candidacy,
            by=person,
            criterion=criteria[i],
            text=f"gap {i}",
            submission=submission,
        )
        candidacy_resubmit(candidacy=candidacy, by=person)
    return candidacy


def _queries(client, url):
    """The SQL of a page's first view (the case body drawn) and of the next (from the
    cache on PostgreSQL), once the session is warm."""
    client.get(reverse("home"))
    views = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        views.append([query["sql"] for query in captured.captured_queries])
    return views


# SQLite, the zero-setup database, draws the readiness section and the case body on every
# view (reading the case again with its relations: one query), where PostgreSQL reads
# each one's version in one statement and the rest from the cache.
_ON_POSTGRESQL = connection.vendor == "postgresql"


def test_the_case_page_has_constant_queries(client, world):
    client.force_login(world.manager)
    small, big = _case_with(world, 1), _case_with(world, 20)
    few_drawn, few = _queries(client, reverse("candidacy_detail", args=[small.pk]))
    many_drawn, many = _queries(client, reverse("candidacy_detail", args=[big.pk]))
    assert len(few_drawn) == len(many_drawn), "\n".join(many_drawn)
    assert len(few) == len(many), "\n".join(many)
    # Session, user, the case, how the viewer stands to the engineer (one statement: the
    # rights), the navigation's roles, the audit entry, and the versions of the readiness
    # section and of the body.
    assert len(few) == (8 if _ON_POSTGRESQL else 25), "\n".join(few)
    client.force_login(big.person)
    # Their own case: no chain, mentor check or audit entry.
    _, case_queries = _queries(client, reverse("case"))
    assert len(case_queries) == (6 if _ON_POSTGRESQL else 23), "\n".join(case_queries)


def test_team_and_mentoring_have_constant_queries(client, world):
    counts = {}
    for size, batch in ((1, 1), (20, 19)):
        for person in UserFactory.create_batch(
            batch, manager=world.manager, ladder=world.owner.ladder, level=world.owner.level
        ):
            candidacy_for(person)
            MentorAssignmentFactory(mentor=world.mentor, mentee=person)
        client.force_login(world.manager)
        team = _queries(client, reverse("team"))
        client.force_login(world.mentor)
        mentoring = _queries(client, reverse("mentoring"))
        counts[size] = (len(team), len(mentoring))
    assert counts[1] == counts[20], counts
