from django.core.files.base import ContentFile
from django.utils import timezone

from tests.access.rules import Rule, signed_in


def an_export(world):
    """A finished personal export of the owner's, inside its download window."""
    from promo.portability.models import PersonalExport

    export = PersonalExport(person=world.owner, status="done", finished_at=timezone.now())
    export.file.save("access-matrix.zip", ContentFile(b"PK\x05\x06" + bytes(18)), save=False)
    export.save()
    return {"pk": export.pk}


def _owner_only():
    return Rule(get=signed_in(404, owner=200), post=signed_in(405), kwargs=an_export)


RULES = {
    "portability_export_new": Rule(
        get=signed_in(405), post=signed_in(302), note="anyone may export their own data"
    ),
    "portability_export": _owner_only(),
    "portability_export_download": _owner_only(),
}
