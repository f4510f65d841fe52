"""Turning a merged pull request or a closed issue into an evidence draft, once per person.

The webhook and the backfill both come here with GitHub's own JSON for the item (the
`pull_request` of a webhook and a pull request read from the REST API have one shape), so
the same pull request makes the same draft whichever saw it first, and only one of them.
"""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from evidence.models import Artifact
from evidence.services import artifact_create
from promo.integrations.github.models import GitHubItem


def _date_in_zone(stamp, person):
    """GitHub's '2019-05-15T15:21:18Z' as the date it was for the person."""
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return timezone.localdate(moment, timezone=person.zone)


def _title(text):
    limit = Artifact._meta.get_field("title").max_length
    text = " ".join(text.split()) or "Untitled"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _label_names(item):
    return [label["name"] for label in item.get("labels") or [] if label.get("name")]


def pull_request_facts(pull, repository):
    """What a draft says about a merged pull request: GitHub's JSON -> plain values."""
    return {
        "kind": "pull request",
        "url": pull["html_url"],
        "title": pull["title"],
        "number": pull["number"],
        "repository": repository,
        "date": pull["merged_at"],
        "additions": pull.get("additions"),
        "deletions": pull.get("deletions"),
        "labels": _label_names(pull),
    }


def issue_facts(issue, repository):
    """What a draft says about a closed issue."""
    return {
        "kind": "issue",
        "url": issue["html_url"],
        "title": issue["title"],
        "number": issue["number"],
        "repository": repository,
        "date": issue["closed_at"],
        "additions": None,
        "deletions": None,
        "labels": _label_names(issue),
    }


def _body(facts, day):
    verb = "Merged" if facts["kind"] == "pull request" else "Closed"
    lines = [f"{verb} {facts['kind']} in **{facts['repository']}** on {day.isoformat()}."]
    if facts["additions"] is not None:
        lines.append(f"Lines: +{facts['additions']} / −{facts['deletions']}.")
    if facts["labels"]:
        lines.append("Labels: " + ", ".join(facts["labels"]) + ".")
    lines.append("Imported from GitHub: say what changed because of it before it counts.")
    return "\n\n".join(lines)


def github_draft_create(*, person, facts):
    """A draft for `person` from `facts` (pull_request_facts or issue_facts), unless this
    item was turned into a draft for them before. Returns the artifact, or None when it
    already was.

    The GitHubItem row is written first, in the same transaction: two writers of the same
    item (a webhook and a backfill at once) meet at its unique constraint, and the second
    makes nothing."""
    day = _date_in_zone(facts["date"], person)
    label = f"{facts['repository']}#{facts['number']}"
    with transaction.atomic():
        try:
            with transaction.atomic():
                item = GitHubItem.objects.create(person=person, url=facts["url"])
        except IntegrityError:
            return None
        artifact = artifact_create(
            owner=person,
            data={
                "title": _title(facts["title"]),
                "happened_on": day,
                "body": _body(facts, day),
                "is_draft": True,
                "links": [(label, facts["url"])],
            },
        )
        item.artifact = artifact
        item.save(update_fields=["artifact"])
    return artifact
