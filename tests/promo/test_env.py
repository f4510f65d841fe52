import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from promo.env import (
    env_bool,
    env_database,
    env_int,
    env_list,
    env_redis_url,
    env_time_zone,
)
from tests.conftest import require

ROOT = Path(__file__).resolve().parents[2]


def test_it_reads_booleans():
    assert env_bool("X", environ={"X": "yes"}) is True
    assert env_bool("X", environ={"X": "0"}) is False
    assert env_bool("X", True, environ={}) is True


def test_it_names_the_variable_when_a_boolean_is_malformed():
    with pytest.raises(ImproperlyConfigured, match=r"DEBUG='maybe': expected one of true/false"):
        env_bool("DEBUG", environ={"DEBUG": "maybe"})


def test_it_checks_whole_numbers():
    assert env_int("N", 3, environ={"N": "7"}) == 7
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT='smtp': expected a whole number"):
        env_int("EMAIL_PORT", 25, environ={"EMAIL_PORT": "smtp"})
    with pytest.raises(ImproperlyConfigured, match=">= 1"):
        env_int("EMAIL_PORT", 25, environ={"EMAIL_PORT": "0"}, minimum=1)


def test_it_splits_lists():
    assert env_list("H", environ={"H": "a.example, b.example,"}) == ["a.example", "b.example"]
    assert env_list("H", ["x"], environ={}) == ["x"]


def test_it_checks_time_zones():
    assert env_time_zone("TZ", environ={"TZ": "Europe/Berlin"}) == "Europe/Berlin"
    with pytest.raises(ImproperlyConfigured, match="IANA time zone"):
        env_time_zone("TIME_ZONE", environ={"TIME_ZONE": "Mars/Olympus"})


def test_it_defaults_to_sqlite(tmp_path):
    config = env_database("DATABASE_URL", tmp_path / "db.sqlite3", environ={})
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "db.sqlite3")


def test_it_parses_postgres_with_persistent_connections():
    config = env_database(
        "DATABASE_URL",
        Path("x"),
        environ={"DATABASE_URL": "postgres://u:p%40ss@db.internal:6432/promo"},
    )
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"], config["HOST"], config["PORT"], config["NAME"]) == (
        "u",
        "p@ss",
        "db.internal",
        "6432",
        "promo",
    )
    assert config["CONN_MAX_AGE"] > 0 and config["CONN_HEALTH_CHECKS"] is True


def test_it_pools_connections_when_asked():
    environ = {
        "DATABASE_URL": "postgres://u@db.internal:5432/promo",
        "DATABASE_POOL": "true",
        "DATABASE_POOL_MAX": "8",
    }
    config = env_database("DATABASE_URL", Path("x"), environ=environ)
    assert config["CONN_MAX_AGE"] == 0  # Django refuses a pool with persistent connections
    assert config["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 8, "timeout": 10}
    with pytest.raises(ImproperlyConfigured, match="DATABASE_POOL_MAX"):
        env_database("DATABASE_URL", Path("x"), environ={**environ, "DATABASE_POOL_MAX": "0"})


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("mysql://u@h/db", "unsupported scheme"),
        ("postgres://u@h:port/db", "the port is not a number"),
        ("postgres://u@h:5432/", "the database NAME is missing"),
        ("sqlite://", "expected postgres://"),
    ],
)
def test_it_rejects_malformed_database_urls(value, message):
    with pytest.raises(ImproperlyConfigured, match=message) as error:
        env_database("DATABASE_URL", Path("x"), environ={"DATABASE_URL": value})
    assert str(error.value).startswith("DATABASE_URL=")


def test_it_checks_redis_urls():
    assert env_redis_url("REDIS_URL", environ={}) is None
    assert env_redis_url("REDIS_URL", environ={"REDIS_URL": "redis://127.0.0.1:6379/1"})
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL='localhost:6379': expected redis://"):
        env_redis_url("REDIS_URL", environ={"REDIS_URL": "localhost:6379"})


def _manage_check(**env):
    environment = {**os.environ, "DEBUG": "true", **env}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_startup_stops_with_a_message_naming_the_variable():
    result = _manage_check(REDIS_URL="not a url")
    assert result.returncode != 0
    assert "REDIS_URL='not a url': expected redis://HOST:PORT/DB" in result.stderr


def test_startup_needs_a_secret_key_without_debug():
    result = _manage_check(DEBUG="false", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


# Requests through promo started with DATABASE_POOL=true: each takes a connection from the
# pool and gives it back, so after the first (which opens the pool) no new connection is
# made. The test client keeps its connection between requests; a server closes it as each
# request finishes, as here.
POOLED_REQUESTS = """
import json
from django.db import close_old_connections, connection
from django.test import Client
client, statuses, stats = Client(), [], []
for _ in range(6):
    statuses.append(client.get("/healthz").status_code)
    close_old_connections()
    stats.append(connection.pool.get_stats())
print(json.dumps({"statuses": statuses, "first": stats[0], "last": stats[-1]}))
"""


@pytest.mark.django_db
def test_a_pooled_promo_reuses_one_connection_across_requests():
    from django.db import connection

    require(connection.vendor == "postgresql", "the pool is PostgreSQL's (psycopg_pool)")
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    environment = {
        **os.environ,
        "DEBUG": "true",
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/"
        f"{db['NAME']}",
        "DATABASE_POOL": "true",
    }
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", POOLED_REQUESTS],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    stats = json.loads(result.stdout.strip().splitlines()[-1])
    assert stats["statuses"] == [200] * 6
    first, last = stats["first"], stats["last"]
    assert last["requests_num"] - first["requests_num"] == 5, stats
    assert last["connections_num"] == first["connections_num"] <= 2, stats


def test_it_prepares_statements_unless_told_not_to():
    environ = {"DATABASE_URL": "postgres://u@db.internal:5432/promo"}
    config = env_database("DATABASE_URL", Path("x"), environ=environ)
    assert config["PREPARED_STATEMENTS"] is True
    assert config["OPTIONS"]["prepare_threshold"] > 10**9  # only what promo asks to prepare

    environ["DATABASE_PREPARED"] = "false"
    config = env_database("DATABASE_URL", Path("x"), environ=environ)
    assert config["PREPARED_STATEMENTS"] is False
    assert "prepare_threshold" not in config["OPTIONS"]  # Django's default: nothing prepared
