from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from promo.ladders.yaml_io import export_ladder, parse_ladder_document
from promo.models import Criterion, LadderChange, Level


def _edits():
    """Changes made in the app (the shipped file's first load is history too)."""
    return LadderChange.objects.exclude(changed_by=None)


def _ladder_form(ladder, **changes):
    data = {
        "name": ladder.name,
        "description": ladder.description,
        "quarters_needed": ladder.quarters_needed,
        "quarters_window": ladder.quarters_window,
        "needs_matured_impact": "on" if ladder.needs_matured_impact else "",
        "matured_impact_needed": ladder.matured_impact_needed,
        "overdue_checkins_allowed": ladder.overdue_checkins_allowed,
        "close_max_short": ladder.close_max_short,
        "checkin_offsets_days": ", ".join(str(d) for d in ladder.checkin_offsets_days),
    }
    data.update(changes)
    return data


def _criterion_form(criterion, **changes):
    data = {"name": criterion.name, "slug": criterion.slug, "description": criterion.description}
    for expectation in criterion.expectations.all():
        data[f"expectation_{expectation.level_id}"] = expectation.text
    data.update(changes)
    return data


def test_staff_rename_a_ladder_and_change_thresholds_with_history(client, world):
    ladder = world.owner.ladder
    client.force_login(world.staff)
    response = client.post(
        reverse("staff_ladder_edit", args=[ladder.pk]),
        _ladder_form(ladder, name="Engineering", quarters_needed=2, checkin_offsets_days="14, 60"),
    )
    assert response.status_code == 302
    ladder.refresh_from_db()
    assert ladder.name == "Engineering" and ladder.quarters_needed == 2
    assert ladder.checkin_offsets_days == [14, 60]
    change = _edits().get()
    assert change.changed_by == world.staff
    assert "name “Software Engineer” → “Engineering”" in change.summary
    assert "quarters needed “3” → “2”" in change.summary
    page = client.get(reverse("staff_ladder_edit", args=[ladder.pk])).content.decode()
    assert "Sam Staff" in page and "Engineering" in page


def test_staff_tune_the_readiness_rule_and_the_rule_page_follows(client, world):
    ladder = world.owner.ladder
    client.force_login(world.staff)
    response = client.post(
        reverse("staff_ladder_edit", args=[ladder.pk]),
        _ladder_form(ladder, close_max_short=3, overdue_checkins_allowed=0),
    )
    assert response.status_code == 302
    ladder.refresh_from_db()
    assert (ladder.close_max_short, ladder.overdue_checkins_allowed) == (3, 0)
    assert "criteria short for Close “2” → “3”" in _edits().get().summary
    refused = client.post(
        reverse("staff_ladder_edit", args=[ladder.pk]), _ladder_form(ladder, close_max_short=0)
    )
    assert refused.status_code == 200 and "A whole number from 1 to 12." in refused.content.decode()
    page = client.get(reverse("readiness_rule"), {"ladder": ladder.pk}).content.decode()
    assert "at most 3 are not shown yet" in page and "At most 0 check-ins overdue" in page


def test_thresholds_out_of_order_are_explained_with_the_typing_kept(client, world):
    ladder = world.owner.ladder
    client.force_login(world.staff)
    response = client.post(
        reverse("staff_ladder_edit", args=[ladder.pk]),
        _ladder_form(ladder, name="Typed name", quarters_needed=5, quarters_window=4),
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Cannot exceed the quarters window" in page
    assert 'value="Typed name"' in page
    ladder.refresh_from_db()
    assert ladder.name == "Software Engineer" and not _edits().exists()


def test_bad_check_in_offsets_are_explained(client, world):
    client.force_login(world.staff)
    ladder = world.owner.ladder
    response = client.post(
        reverse("staff_ladder_edit", args=[ladder.pk]),
        _ladder_form(ladder, checkin_offsets_days="30, soon"),
    )
    assert "Write whole numbers of days" in response.content.decode()


def test_staff_add_rename_and_reorder_levels(client, world):
    ladder = world.owner.ladder
    client.force_login(world.staff)
    client.post(reverse("staff_level_new", args=[ladder.pk]), {"code": "L9", "title": "Fellow"})
    l9 = Level.objects.get(ladder=ladder, code="L9")
    assert l9.position == 5
    client.post(reverse("staff_level_edit", args=[l9.pk]), {"code": "L9", "title": "Distinguished"})
    client.post(reverse("staff_level_move", args=[l9.pk]), {"direction": "up"})
    codes = list(ladder.levels.values_list("code", flat=True))
    assert codes == ["L4", "L5", "L6", "L7", "L9", "L8"]
    summaries = list(_edits().values_list("summary", flat=True))
    assert summaries == [
        "Moved level L9 Distinguished up.",
        "Level L9: title “Fellow” → “Distinguished”.",
        "Added level L9 “Fellow”.",
    ]
    page = client.get(reverse("staff_ladder_edit", args=[ladder.pk])).content.decode()
    assert "5 of 6 expectations written" in page


def test_a_duplicate_level_code_is_refused(client, world):
    client.force_login(world.staff)
    response = client.post(
        reverse("staff_level_new", args=[world.owner.ladder_id]), {"code": "L5", "title": "Again"}
    )
    assert response.status_code == 200 and "already has a level L5" in response.content.decode()


def test_moving_the_first_level_up_is_explained(client, world):
    client.force_login(world.staff)
    first = world.owner.ladder.levels.first()
    response = client.post(
        reverse("staff_level_move", args=[first.pk]), {"direction": "up"}, follow=True
    )
    assert "already at the top" in response.content.decode()


def test_staff_add_a_criterion_with_an_expectation_per_level(client, world):
    ladder = world.owner.ladder
    levels = list(ladder.levels.all())
    client.force_login(world.staff)
    data = {"name": "Operational excellence", "slug": "operations", "description": ""}
    data.update({f"expectation_{level.pk}": f"At {level.code}: on call" for level in levels})
    response = client.post(reverse("staff_criterion_new", args=[ladder.pk]), data)
    assert response.status_code == 302
    criterion = Criterion.objects.get(slug="operations")
    assert criterion.position == 6 and criterion.expectations.count() == len(levels)
    assert _edits().get().summary == "Added criterion “Operational excellence”."
    # The edited ladder still exports to a document the loader accepts.
    parse_ladder_document(export_ladder(ladder))


def test_a_criterion_missing_an_expectation_keeps_the_typing(client, world):
    ladder = world.owner.ladder
    client.force_login(world.staff)
    response = client.post(
        reverse("staff_criterion_new", args=[ladder.pk]),
        {"name": "Typed", "slug": "Upper-Case"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Lower-case letters" in page
    assert 'value="Typed"' in page and "This field is required" in page
    assert not Criterion.objects.filter(name="Typed").exists()


def test_editing_an_expectation_and_reordering_criteria_keeps_history(client, world):
    ladder = world.owner.ladder
    scope = ladder.criteria.get(slug="scope")
    l6 = ladder.levels.get(code="L6")
    client.force_login(world.staff)
    client.post(
        reverse("staff_criterion_edit", args=[scope.pk]),
        _criterion_form(scope, **{f"expectation_{l6.pk}": "Owns a system end to end."}),
    )
    assert scope.expectations.get(level=l6).text == "Owns a system end to end."
    client.post(reverse("staff_criterion_move", args=[scope.pk]), {"direction": "down"})
    assert list(ladder.criteria.values_list("slug", flat=True))[:2] == ["impact", "scope"]
    summaries = list(_edits().values_list("summary", flat=True))
    assert summaries == [
        "Moved criterion Scope and complexity down.",
        "expectation at L6 changed.",
    ]


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_ladder_page_has_constant_queries(client, world):
    ladder = world.owner.ladder
    client.force_login(world.staff)
    url = reverse("staff_ladder_edit", args=[ladder.pk])
    few = _queries(client, url)
    levels = list(ladder.levels.all())
    for i in range(20):
        criterion = Criterion.objects.create(ladder=ladder, slug=f"extra-{i}", name=f"Extra {i}")
        for level in levels:
            criterion.expectations.create(level=level, text="x")
        LadderChange.objects.create(ladder=ladder, changed_by=world.staff, summary=f"edit {i}")
    assert _queries(client, url) == few
    assert _queries(client, reverse("staff_ladders")) == _queries(client, reverse("staff_ladders"))


def test_the_admin_shows_ladders_but_changes_none(client, world):
    ladder = world.owner.ladder
    criterion = ladder.criteria.first()
    root = world.staff
    root.is_superuser = True
    root.save(update_fields=["is_superuser"])
    client.force_login(root)
    for model, obj in (("ladder", ladder), ("criterion", criterion)):
        url = reverse(f"admin:promo_{model}_change", args=[obj.pk])
        assert client.get(url).status_code == 200
        assert client.post(url, {"name": "Taken by the admin"}).status_code == 403
        assert client.get(reverse(f"admin:promo_{model}_add")).status_code == 403
        assert client.post(reverse(f"admin:promo_{model}_delete", args=[obj.pk])).status_code == 403
    for model in ("level", "expectation"):
        assert client.get(reverse(f"admin:promo_{model}_add")).status_code == 403
    criterion.refresh_from_db()
    ladder.refresh_from_db()
    assert "admin" not in ladder.name and "admin" not in criterion.name
    assert not _edits().exists()


def test_the_ladder_form_says_checkin_offsets_count_from_shipping(client, world):
    client.force_login(world.staff)
    page = client.get(reverse("staff_ladder_edit", args=[world.owner.ladder.pk])).content.decode()
    assert "Days after a piece of work ships" in page
    assert "after a submission" not in page
