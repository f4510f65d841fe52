from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.conftest import rolled_back_at_the_end


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Attachments and export zips go through the storage API; keep them out of var/.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo organisation, seeded once for a module and rolled back after it."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    media = tmp_path_factory.mktemp("media")
    with (
        override_settings(PASSWORD_HASHERS=fast, MEDIA_ROOT=media),
        rolled_back_at_the_end(django_db_blocker),
    ):
        with django_db_blocker.unblock():
            call_command("seed_demo", stdout=StringIO())
        yield
