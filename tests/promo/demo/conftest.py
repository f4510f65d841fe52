"""`seed_demo` runs twice for the whole package, not twice in every test: seeding takes
seconds. The package's tests read the demo as the first run left it, inside one transaction
rolled back at the end (each test in a savepoint of its own), and judge idempotency from
the rows counted after each run."""

from dataclasses import dataclass
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from promo.models import User
from tests.conftest import rolled_back_at_the_end


@dataclass(frozen=True)
class SeededDemo:
    rows_after_first_run: dict  # model label -> rows, every row (no manager's filter)
    rows_after_second_run: dict
    levels_after_second_run: dict  # email -> level code, or None

    def unchanged_by_the_second_run(self, *models):
        labels = [model._meta.label for model in models]
        first = {label: self.rows_after_first_run[label] for label in labels}
        return first == {label: self.rows_after_second_run[label] for label in labels}


def _rows():
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def _seed_twice():
    call_command("seed_demo", stdout=StringIO())
    first = _rows()
    with transaction.atomic():  # the second run is counted, then undone
        call_command("seed_demo", stdout=StringIO())
        second = _rows()
        levels = dict(User.objects.values_list("email", "level__code"))
        transaction.set_rollback(True)
    return SeededDemo(first, second, levels)


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    media = tmp_path_factory.mktemp("media")
    with (
        override_settings(PASSWORD_HASHERS=fast, MEDIA_ROOT=media),
        rolled_back_at_the_end(django_db_blocker),
    ):
        with django_db_blocker.unblock():
            seeded = _seed_twice()
        yield seeded
