"""The settings the fleet test's web servers and workers run with: production's, read from
the environment as promo.settings reads them (DEBUG=false, Redis, PostgreSQL, timeouts),
except static file names. Production's manifest storage needs `collectstatic` first,
which costs 10–45 s on a loaded 2-core box, and the test's client never fetches a
static file; so templates name static files without their content hash here."""

from promo.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
