from django.core.files.base import ContentFile
from django.utils import timezone

from tests.access.rules import Rule, signed_in, staff_only, statuses


def an_export(world):
    """A finished personal export of the owner's, inside its download window."""
    from promo.portability.models import PersonalExport

    export = PersonalExport(person=world.owner, status="done", finished_at=timezone.now())
    export.file.save("access-matrix.zip", ContentFile(b"PK\x05\x06" + bytes(18)), save=False)
    export.save()
    return {"pk": export.pk}


def _someone_who_left(world):
    from tests.factories import engineer

    leaver = engineer("L4", team=world.owner.team, manager=world.manager)
    leaver.is_active = False
    leaver.save(update_fields=["is_active"])
    return leaver


def a_leaving_link(world):
    from promo.portability.leaving import leaving_token

    return {"token": leaving_token(_someone_who_left(world))}


def a_leaving_link_with_an_export(world):
    from promo.portability.leaving import leaving_token
    from promo.portability.models import PersonalExport

    leaver = _someone_who_left(world)
    export = PersonalExport(person=leaver, status="done", finished_at=timezone.now())
    export.file.save("access-matrix.zip", ContentFile(b"PK\x05\x06" + bytes(18)), save=False)
    export.save()
    return {"token": leaving_token(leaver)}


def _owner_only():
    return Rule(get=signed_in(404, owner=200), post=signed_in(405), kwargs=an_export)


RULES = {
    "portability_export_new": Rule(
        get=signed_in(405), post=signed_in(302), note="anyone may export their own data"
    ),
    "portability_export": _owner_only(),
    # Like every staff page; the export it starts is then the asker's alone (the two rules
    # above, checked for an organisation export in tests/portability/test_organisation.py).
    "staff_export": staff_only(get=200, post=302),
    "staff_import": staff_only(note="an empty POST re-renders the form"),
    "portability_export_download": _owner_only(),
    # The signed link is the credential of someone who left (no persona): whoever else is
    # signed in gets 404, as the link is theirs alone.
    "portability_leaving": Rule(
        get=statuses(404, anonymous=200),
        post=statuses(404, anonymous=302),
        kwargs=a_leaving_link,
        note="the leaver's signed link, without logging in",
    ),
    "portability_leaving_download": Rule(
        get=statuses(404, anonymous=200),
        post=statuses(405),
        kwargs=a_leaving_link_with_an_export,
        note="the leaver's signed link, without logging in",
    ),
}
