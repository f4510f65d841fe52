"""docs/deploy.md's backup and restore, run for real: the demo organisation seeded into
PostgreSQL, `pg_dump -Fc`, `pg_restore` into a fresh database, and promo started against
the copy (a separate `manage.py` process) counts the same rows and serves a page of them."""

import json
import os
import shutil
import subprocess
import sys
import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.utils.html import escape

from promo.models import User
from tests.conftest import require

ROOT = Path(__file__).resolve().parents[1]

# Run by the restored promo: every model's rows, and the staff people page as a staff
# member sees it.
READ_BACK = """
import json
from django.apps import apps
from django.test import Client
from django.urls import reverse
from promo.models import User
rows = {m._meta.label: m._base_manager.count() for m in apps.get_models()}
client = Client()
client.force_login(User.objects.filter(is_staff=True, is_active=True).order_by("pk").first())
page = client.get(reverse("staff_people"))
print(json.dumps({"rows": rows, "status": page.status_code, "html": page.content.decode()}))
"""


def _server_env(dbname):
    db = connection.settings_dict
    env = {**os.environ, "PGHOST": db["HOST"] or "127.0.0.1", "PGPORT": str(db["PORT"] or 5432)}
    env["PGUSER"] = db["USER"] or "postgres"
    if db["PASSWORD"]:
        env["PGPASSWORD"] = db["PASSWORD"]
    env["PGDATABASE"] = dbname
    return env


def _run(command, env, **kwargs):
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, **kwargs)
    assert done.returncode == 0, f"{command[0]} failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture
def restore_database():
    """A fresh, empty database's name; dropped afterwards."""
    name = f"promo_h_ops_restore_{uuid.uuid4().hex[:8]}"
    env = _server_env("postgres")
    _run(["psql", "-v", "ON_ERROR_STOP=1", "-c", f'CREATE DATABASE "{name}"'], env)
    yield name
    _run(["psql", "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'], env)


@pytest.mark.slow(seconds=120)  # seeding the demo is most of it
def test_a_dump_restored_into_a_fresh_database_serves_the_same_organisation(
    transactional_db, restore_database, settings, tmp_path
):
    require(connection.vendor == "postgresql", "backups are PostgreSQL's pg_dump/pg_restore")
    for tool in ("pg_dump", "pg_restore", "psql"):
        require(shutil.which(tool), f"{tool} is missing (apt-get install postgresql-client)")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=StringIO())
    seeded = {model._meta.label: model._base_manager.count() for model in apps.get_models()}
    for label in ("promo.User", "evidence.Artifact", "evidence.ArtifactTag", "promo.Candidacy"):
        assert seeded[label] > 0, label

    dump = tmp_path / "promo.dump"
    source = _server_env(connection.settings_dict["NAME"])
    _run(["pg_dump", "-Fc", "--no-owner", "-f", str(dump)], source)
    target = _server_env(restore_database)
    _run(["pg_restore", "--no-owner", "--exit-on-error", "-d", restore_database, str(dump)], target)

    env = {
        **target,
        "DEBUG": "true",
        "DATABASE_URL": f"postgres://{target['PGUSER']}@{target['PGHOST']}:{target['PGPORT']}/"
        f"{restore_database}",
        "PROMO_VAR_DIR": str(tmp_path / "var"),
        "ALLOWED_HOSTS": "testserver",  # the Django test client's host name
    }
    if "PGPASSWORD" in target:
        env["DATABASE_URL"] = env["DATABASE_URL"].replace(
            f"{target['PGUSER']}@", f"{target['PGUSER']}:{target['PGPASSWORD']}@"
        )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    output = _run([sys.executable, "manage.py", "shell", "-c", READ_BACK], env, cwd=ROOT)
    restored = json.loads(output.strip().splitlines()[-1])

    assert restored["rows"] == seeded
    assert restored["status"] == 200
    for person in User.objects.filter(is_active=True).order_by("pk")[:5]:
        assert escape(person.display_name) in restored["html"], person
