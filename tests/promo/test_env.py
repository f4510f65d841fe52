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
