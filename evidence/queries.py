"""Reads behind the evidence pages, each with its relations loaded in a fixed number of
queries however many artifacts there are."""

from collections import OrderedDict
from datetime import timedelta
from itertools import groupby

from django.db.models import Prefetch

from evidence.models import Artifact, ArtifactTag
from evidence.services import UNKNOWN, taggable_criteria
from promo.candidacies.targets import target_level_for
from promo.models import Expectation, Team, User


def with_tags(queryset):
    return queryset.select_related("owner").prefetch_related(
        Prefetch("tags", queryset=ArtifactTag.objects.select_related("criterion"))
    )


EVERYTHING = (
    Prefetch("tags", queryset=ArtifactTag.objects.select_related("criterion")),
    "links",
    "teams_touched",
    "teams_adopted",
    "collaborators",
    "attachments",
)


def with_everything(queryset):
    return queryset.select_related("owner").prefetch_related(*EVERYTHING)


def expectations_for(owner, criteria=None, *, target=UNKNOWN):
    """{criterion_id: expectation text} at the owner's target level (`target` when the
    caller has looked it up already)."""
    if target is UNKNOWN:
        target = target_level_for(owner)
    if target is None:
        return {}
    rows = Expectation.objects.filter(level=target)
    if criteria is not None:
        rows = rows.filter(criterion__in=criteria)
    return dict(rows.values_list("criterion_id", "text"))


def tagging_context(artifact, selected=None, *, target=UNKNOWN, expectations=None):
    """What the tagging panel shows: the tags, the criteria left, and their expectations.
    The owner's target level is looked up once (`target` if the caller has it), and so
    are the expectations (`expectations` if the caller has them: then the artifact's tags
    are its prefetched ones, as the detail page loads them)."""
    owner = artifact.owner
    if target is UNKNOWN:
        target = target_level_for(owner)
    criteria = list(taggable_criteria(owner, target=target))
    if expectations is None:
        expectations = expectations_for(owner, target=target)
        tags = list(artifact.tags.select_related("criterion"))
    else:
        tags = list(artifact.tags.all())
    for tag in tags:
        tag.expectation = expectations.get(tag.criterion_id, "")
    return {
        "tags": tags,
        "criteria": criteria,
        "target_level": target,
        "selected": selected,
        "selected_expectation": expectations.get(selected.pk, "") if selected else "",
    }


def week_start(day):
    return day - timedelta(days=day.weekday())


def weeks_before(queryset, monday, weeks=12):
    """[(week_start, [artifacts])] for the `weeks` weeks before `monday`, newest first,
    empty weeks included (a gap is worth seeing)."""
    start = monday - timedelta(weeks=weeks)
    rows = queryset.filter(happened_on__gte=start, happened_on__lt=monday).order_by(
        "-happened_on", "-id"
    )
    by_week = OrderedDict((monday - timedelta(weeks=n), []) for n in range(1, weeks + 1))
    for artifact in rows:
        by_week[week_start(artifact.happened_on)].append(artifact)
    return list(by_week.items())


def months_of(queryset, year):
    """[(first_of_month, [artifacts])] for one year, newest month first, months with
    evidence only."""
    rows = with_tags(queryset.filter(happened_on__year=year)).order_by("-happened_on", "-id")
    return [
        (month, list(items))
        for month, items in groupby(rows, key=lambda a: a.happened_on.replace(day=1))
    ]


def names_for_snapshots(snapshots):
    """{(field, pk): name} for the teams and people the snapshots mention."""
    team_ids, user_ids = set(), set()
    for snapshot in snapshots:
        team_ids.update(snapshot.get("teams_touched", []), snapshot.get("teams_adopted", []))
        user_ids.update(snapshot.get("collaborators", []))
    teams = dict(Team.objects.filter(pk__in=team_ids).values_list("pk", "name"))
    people = {u.pk: str(u) for u in User.objects.filter(pk__in=user_ids)}
    names = {}
    for pk, name in teams.items():
        names[("teams_touched", pk)] = names[("teams_adopted", pk)] = name
    for pk, name in people.items():
        names[("collaborators", pk)] = name
    return names


def trash_of(owner):
    return Artifact.all_objects.filter(owner_id=owner.pk, deleted_at__isnull=False).order_by(
        "-deleted_at"
    )
