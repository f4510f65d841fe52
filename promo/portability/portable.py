"""What makes a record portable: people by name and email, teams by name, criteria by
slug, dates as ISO text. Shared by the export (document.py) and the import (importing.py)."""

from datetime import date, datetime

from reviews.sections import criterion_id_from_key, criterion_key

FORMAT = "promo-export"
VERSION = 1
READABLE_VERSIONS = (1,)
# A document without "scope" is one person's export (every export before the organisation
# export existed); the organisation export says "scope": "organisation".
PERSONAL_SCOPE = "personal"
ORGANISATION_SCOPE = "organisation"
JSON_NAME = "promo-export.json"
BRAG_NAME = "brag.md"
ATTACHMENTS_DIR = "attachments"
CRITERION_KEY_PREFIX = "criterion:"


def when(value):
    """A date or datetime as ISO text; None stays None."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def person_ref(user):
    """Someone other than the exporter (or the exporter in a reference): name and email
    only, never anything else of theirs."""
    if user is None:
        return None
    return {"name": user.display_name, "email": user.email}


def portable_section_key(key, slug_by_criterion_id):
    """A document section key that names a criterion by slug instead of a local id."""
    criterion_id = criterion_id_from_key(key)
    if criterion_id is None:
        return key
    return CRITERION_KEY_PREFIX + slug_by_criterion_id.get(criterion_id, f"unknown-{criterion_id}")


def local_section_key(key, criterion_id_by_slug):
    """The inverse of portable_section_key in the target promo; None for an unknown slug."""
    if not key.startswith(CRITERION_KEY_PREFIX):
        return key
    criterion_id = criterion_id_by_slug.get(key[len(CRITERION_KEY_PREFIX) :])
    return None if criterion_id is None else criterion_key(criterion_id)
