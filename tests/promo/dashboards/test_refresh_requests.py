"""Each service that changes a readiness fact asks, after its transaction commits, for
exactly one snapshot refresh of the person concerned; a rollback asks for none, and a
login (or any write no service made) asks for nothing."""

from datetime import date, timedelta

import pytest
from django.db import transaction
from django.urls import reverse

from evidence import services as evidence
from evidence.models import ArtifactTag
from promo.candidacies import services as candidacies
from promo.ladders.services import criterion_save, ladder_update
from promo.models import ImpactCheckIn, SnapshotRefreshRequest, Submission, User
from promo.org import services as org
from promo.readiness.checkins.services import checkin_record, checkins_plan_all
from promo.web.readiness_changed import _handlers, on_readiness_changed, readiness_changed
from reviews import services as reviews
from tests.evidence.factories import saved_artifact
from tests.reviews.factories import candidacy_for, criteria_of, shared_round

SHIPPED = date(2025, 1, 6)


@pytest.fixture
def requests():
    """Every delivery of readiness changes, beside the dashboards' real refresh request."""
    heard = []
    handler = on_readiness_changed(heard.append)
    yield heard
    _handlers.remove(handler)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change as if its transaction committed; what it asked for, per delivery."""

    def run(change, heard):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            change()
        return list(heard)

    return run


def _settled(world, django_capture_on_commit_callbacks):
    """Deliver what building the test's data asked for, so it is not counted below."""
    with django_capture_on_commit_callbacks(execute=True):
        readiness_changed(world.owner.pk)


def evidence_paths(world):
    criterion = criteria_of(world.owner)[0]
    item = saved_artifact(world.owner, title="Faster checkout")
    tag = evidence.artifact_tag(artifact=item, criterion=criterion, strength="strong")
    trashed = saved_artifact(world.owner, title="Old work")
    evidence.artifact_trash(artifact=trashed, by=world.owner)
    return {
        "create": lambda: saved_artifact(world.owner, title="New"),
        "update": lambda: evidence.artifact_update(
            artifact=item, data={"title": "Faster"}, expected_version=item.version, by=world.owner
        ),
        "tag": lambda: evidence.artifact_tag(
            artifact=item, criterion=criteria_of(world.owner)[1], strength="strong"
        ),
        "retag": lambda: evidence.artifact_retag(tag=tag, strength="signal", rationale=""),
        "untag": lambda: evidence.artifact_untag(tag=tag),
        "trash": lambda: evidence.artifact_trash(artifact=item, by=world.owner),
        "restore": lambda: evidence.artifact_restore(artifact=trashed, by=world.owner),
        "quick capture": lambda: evidence.quick_capture(
            owner=world.owner,
            capture=evidence.capture_read(
                owner=world.owner, line=f"Mentored two people #{criterion.slug}"
            ),
        ),
    }


@pytest.mark.parametrize(
    "path",
    ["create", "update", "tag", "retag", "untag", "trash", "restore", "quick capture"],
)
def test_each_evidence_change_asks_once_for_its_owner(
    world, requests, committed, path, django_capture_on_commit_callbacks
):
    change = evidence_paths(world)[path]
    _settled(world, django_capture_on_commit_callbacks)
    requests.clear()
    assert committed(change, requests) == [{world.owner.pk}]
    assert SnapshotRefreshRequest.objects.filter(person=world.owner).exists()


def test_recording_a_check_in_asks_once_though_it_is_a_bulk_update(
    world, requests, committed, django_capture_on_commit_callbacks
):
    item = saved_artifact(world.owner, title="Shipped", shipped_on=SHIPPED, happened_on=SHIPPED)
    checkin = item.checkins.get(offset_days=30)
    _settled(world, django_capture_on_commit_callbacks)
    requests.clear()

    def record():
        checkin_record(
            checkin=checkin, by=world.owner, outcome="Adopted by two teams", expected_version=1
        )

    assert committed(record, requests) == [{world.owner.pk}]


def test_the_planner_asks_for_the_owners_whose_check_ins_moved(
    world, requests, committed, django_capture_on_commit_callbacks
):
    item = saved_artifact(world.owner, title="Shipped", shipped_on=SHIPPED, happened_on=SHIPPED)
    ImpactCheckIn.objects.filter(artifact=item).update(planned_from=SHIPPED - timedelta(days=1))
    _settled(world, django_capture_on_commit_callbacks)
    requests.clear()
    assert committed(checkins_plan_all, requests) == [{world.owner.pk}]
    requests.clear()
    assert committed(checkins_plan_all, requests) == [], "nothing moved, nothing asked"


def test_each_step_of_a_case_asks_once_for_its_person(world, requests, committed):
    case = candidacy_for(world.owner)
    criterion = criteria_of(world.owner)[0]
    steps = [
        lambda: candidacies.candidacy_submit(candidacy=case, by=world.manager),
        lambda: candidacies.candidacy_record_outcome(
            candidacy=case, by=world.manager, outcome=Submission.Outcome.NOT_YET
        ),
        lambda: candidacies.gap_add(
            candidacy=case, by=world.manager, criterion=criterion, text="Lead a design"
        ),
        lambda: candidacies.gap_close(gap=case.gaps.get(), by=world.owner, note="Led one"),
        lambda: candidacies.candidacy_resubmit(candidacy=case, by=world.manager),
        lambda: candidacies.candidacy_set_target_date(
            candidacy=case, by=world.manager, target_date=date(2027, 3, 1)
        ),
    ]
    for step in steps:
        requests.clear()
        assert committed(step, requests) == [{world.owner.pk}]

    def open_another():
        candidacies.candidacy_open(person=world.other_engineer, by=world.staff)

    requests.clear()
    assert committed(open_another, requests) == [{world.other_engineer.pk}]


def test_a_verdict_asks_once_for_the_engineer_under_review(
    world, requests, committed, django_capture_on_commit_callbacks
):
    review_round = shared_round(world)
    _settled(world, django_capture_on_commit_callbacks)
    requests.clear()

    def give():
        reviews.verdict_give(
            review_round=review_round,
            reviewer=world.mentor,
            criterion=criteria_of(world.owner)[0],
            value="next_level",
        )

    assert committed(give, requests) == [{world.owner.pk}]


def test_organisation_changes_ask_for_the_person_they_move(world, requests, committed):
    steps = {
        world.owner.pk: lambda: org.user_set_manager(
            user=world.owner, manager=world.other_manager, by=world.staff
        ),
        world.other_engineer.pk: lambda: org.mentor_assign(
            mentor=world.mentor, mentee=world.other_engineer, by=world.staff
        ),
    }
    for person_id, step in steps.items():
        requests.clear()
        assert committed(step, requests) == [{person_id}]


def test_a_ladder_edit_asks_for_everyone_on_the_ladder(world, requests, committed):
    ladder = world.owner.ladder
    on_ladder = set(User.objects.filter(ladder=ladder).values_list("pk", flat=True))
    assert world.owner.pk in on_ladder
    criterion = criteria_of(world.owner)[0]

    def widen():
        ladder_update(
            ladder=ladder, by=world.staff, values={"quarters_window": ladder.quarters_window + 1}
        )

    def rename():
        criterion_save(
            ladder=ladder,
            by=world.staff,
            criterion=criterion,
            values={"name": "Technical depth"},
            expectations={},
        )

    for edit in (widen, rename):
        requests.clear()
        assert committed(edit, requests) == [on_ladder]


class Rollback(Exception):
    pass


def test_a_change_rolled_back_asks_for_nothing(world, requests, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Rollback),
        transaction.atomic(),
    ):
        saved_artifact(world.owner, title="Never happened")
        raise Rollback
    assert callbacks == [] and requests == []
    assert not SnapshotRefreshRequest.objects.exists()


def test_a_savepoint_rolled_back_leaves_the_rest_of_the_transaction_asking(
    world, requests, committed
):
    def change():
        with pytest.raises(Rollback), transaction.atomic():
            saved_artifact(world.other_engineer, title="Undone")
            raise Rollback
        saved_artifact(world.owner, title="Kept")

    assert committed(change, requests) == [{world.owner.pk}]


def test_many_changes_in_one_transaction_ask_once_per_person(world, requests, committed):
    criterion = criteria_of(world.owner)[0]

    def change():
        item = saved_artifact(world.owner, title="Shipped", shipped_on=SHIPPED)
        evidence.artifact_tag(artifact=item, criterion=criterion, strength="strong")
        evidence.artifact_trash(artifact=item, by=world.owner)
        saved_artifact(world.manager, title="Their own")

    assert committed(change, requests) == [{world.owner.pk, world.manager.pk}]
    assert SnapshotRefreshRequest.objects.count() == 2


def test_a_login_asks_for_nothing(client, world, requests, django_capture_on_commit_callbacks):
    world.owner.set_password("a-long-test-password")
    world.owner.save(update_fields=["password"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("login"), {"username": world.owner.email, "password": "a-long-test-password"}
        )
    assert response.status_code == 302
    assert requests == [] and not SnapshotRefreshRequest.objects.exists()


def test_a_write_no_service_made_asks_for_nothing(world, requests, committed):
    item = saved_artifact(world.owner, title="Shipped")

    def bulk():
        ArtifactTag.objects.create(
            artifact=item, criterion=criteria_of(world.owner)[0], strength="strong"
        )

    assert committed(bulk, requests) == [], "the hourly refresh covers writes outside services"


def test_a_failing_listener_neither_undoes_the_change_nor_silences_the_others(
    world, requests, committed, caplog
):
    def broken(person_ids):
        raise RuntimeError("listener down")

    _handlers.insert(0, broken)
    try:
        assert committed(lambda: saved_artifact(world.owner, title="Kept"), requests) == [
            {world.owner.pk}
        ]
    finally:
        _handlers.remove(broken)
    assert "listener down" in caplog.text
    assert SnapshotRefreshRequest.objects.filter(person=world.owner).exists()
