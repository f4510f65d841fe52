"""Evidence: the owner writes; mentors, managers above and staff read shared artifacts
(the default visibility); everyone else is not told they exist."""

from evidence.services import artifact_create, artifact_trash
from tests.access.rules import Rule, get_only, signed_in
from tests.evidence.factories import attached

EVERYONE_405 = signed_in(405)


def by_relation(owner, readers, outsiders=404):
    """Owner, readers (mentor, manager, staff) and outsiders (everyone else)."""
    return signed_in(outsiders, owner=owner, mentor=readers, manager=readers, staff=readers)


def an_artifact(world):
    return {"pk": artifact_create(owner=world.owner, data={"title": "Checkout"}).pk}


def a_trashed_artifact(world):
    artifact = artifact_create(owner=world.owner, data={"title": "Old"})
    artifact_trash(artifact=artifact, by=world.owner)
    return {"pk": artifact.pk}


def a_revision(world):
    artifact = artifact_create(owner=world.owner, data={"title": "Checkout"})
    return {"pk": artifact.pk, "revision_pk": artifact.revisions.get().pk}


def a_tag(world):
    artifact = artifact_create(owner=world.owner, data={"title": "Checkout"})
    criterion = world.owner.ladder.criteria.first()
    tag = artifact.tags.create(criterion=criterion, strength="strong")
    return {"pk": artifact.pk, "tag_pk": tag.pk}


def an_attachment(world):
    artifact = artifact_create(owner=world.owner, data={"title": "Checkout"})
    return {"pk": artifact.pk, "attachment_pk": attached(artifact).pk}


OWNER_FORM = by_relation(200, 403)  # the owner's form; readers 403, outsiders 404

RULES = {
    "evidence_list": get_only(signed_in(200), note="each person's own list"),
    "evidence_new": Rule(get=signed_in(200), post=signed_in(200), note="POST re-renders errors"),
    "evidence_preview": Rule(get=EVERYONE_405, post=signed_in(200)),
    "quick_capture": Rule(get=signed_in(200), post=signed_in(200), note="POST {} shows the error"),
    "quick_capture_undo": Rule(
        get=EVERYONE_405,
        post=signed_in(404, owner=302),
        kwargs=an_artifact,
        note="only the owner may even try; readers of a shared artifact get 404 too",
    ),
    "this_week": get_only(signed_in(200)),
    "evidence_timeline": get_only(signed_in(200)),
    "evidence_trash": get_only(signed_in(200), note="each person's own trash"),
    "evidence_restore": Rule(
        get=EVERYONE_405,
        post=signed_in(404, owner=302),
        kwargs=a_trashed_artifact,
        note="nobody else learns what is in someone's trash",
    ),
    "evidence_detail": Rule(get=by_relation(200, 200), post=EVERYONE_405, kwargs=an_artifact),
    "evidence_edit": Rule(get=OWNER_FORM, post=OWNER_FORM, kwargs=an_artifact),
    "evidence_delete": Rule(get=EVERYONE_405, post=by_relation(302, 403), kwargs=an_artifact),
    "evidence_history": Rule(get=by_relation(200, 403), post=EVERYONE_405, kwargs=an_artifact),
    "evidence_revision_restore": Rule(
        get=EVERYONE_405, post=by_relation(302, 403), kwargs=a_revision
    ),
    "evidence_tags": Rule(get=OWNER_FORM, post=OWNER_FORM, kwargs=an_artifact),
    "evidence_tag_edit": Rule(
        get=EVERYONE_405,
        post=by_relation(200, 403),
        kwargs=a_tag,
        note="POST {} re-renders the panel with the error",
    ),
    "evidence_attach": Rule(
        get=EVERYONE_405, post=by_relation(302, 403), kwargs=an_artifact, note="no file: message"
    ),
    "evidence_attachment": Rule(get=by_relation(200, 200), post=EVERYONE_405, kwargs=an_attachment),
    "evidence_attachment_remove": Rule(
        get=EVERYONE_405, post=by_relation(302, 403), kwargs=an_attachment
    ),
}
