"""Tiny helpers that read settings from the environment.

Every helper names the variable and the expected form when a value is malformed,
so a typo stops startup with a message instead of a confusing traceback later.
"""

import ipaddress
import os
import zoneinfo
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured


def _raw(name, environ):
    environ = os.environ if environ is None else environ
    value = environ.get(name)
    return None if value is None or value.strip() == "" else value.strip()


def env_str(name, default="", *, environ=None):
    value = _raw(name, environ)
    return default if value is None else value


def env_bool(name, default=False, *, environ=None):
    value = _raw(name, environ)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r}: expected one of true/false, 1/0, yes/no, on/off."
    )


def env_int(name, default, *, environ=None, minimum=None):
    value = _raw(name, environ)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r}: expected a whole number.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={value!r}: expected a whole number >= {minimum}.")
    return number


def env_list(name, default=(), *, environ=None):
    value = _raw(name, environ)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_networks(name, default=(), *, environ=None):
    """Comma-separated CIDRs ("10.0.0.0/8, ::1/128") as ip_network objects."""
    networks = []
    for item in env_list(name, default, environ=environ):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {item!r} is not a network; expected CIDRs such as 10.0.0.0/8,::1/128."
            ) from None
    return networks


def env_time_zone(name, default="UTC", *, environ=None):
    value = env_str(name, default, environ=environ)
    if value not in zoneinfo.available_timezones():
        raise ImproperlyConfigured(
            f"{name}={value!r}: expected an IANA time zone name such as 'Europe/London'."
        )
    return value


DATABASE_FORM = "postgres://USER:PASSWORD@HOST:PORT/NAME or sqlite:///PATH"


def env_database(name, default_sqlite_path: Path, *, environ=None):
    """Parse DATABASE_URL into a Django DATABASES entry.

    PostgreSQL keeps connections open across requests (CONN_MAX_AGE): a new
    connection per request costs about ten times the throughput on these machines.
    DATABASE_POOL=true uses Django's psycopg pool instead (docs/deploy.md).
    """
    value = _raw(name, environ)
    if value is None:
        return _sqlite(default_sqlite_path)
    parts = urlsplit(value)
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        if path in ("", "/"):
            raise ImproperlyConfigured(f"{name}={value!r}: expected {DATABASE_FORM}.")
        return _sqlite(Path(path[1:]) if path.startswith("//") else Path(path))
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        db_name = unquote(parts.path.lstrip("/"))
        if not db_name:
            raise ImproperlyConfigured(
                f"{name}={value!r}: the database NAME is missing; expected {DATABASE_FORM}."
            )
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}={value!r}: the port is not a number; expected {DATABASE_FORM}."
            ) from None
        options = dict(parse_qsl(parts.query))
        conn_max_age = options.pop("conn_max_age", "600")
        conn_max_age = int(conn_max_age) if conn_max_age.isdigit() else 600
        prepared = env_bool("DATABASE_PREPARED", True, environ=environ)
        if env_bool("DATABASE_POOL", False, environ=environ):
            # Django's psycopg pool in place of one kept connection: it needs CONN_MAX_AGE=0.
            conn_max_age, options["pool"] = 0, _pool_options(environ)
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": db_name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            "CONN_MAX_AGE": conn_max_age,
            "CONN_HEALTH_CHECKS": True,
            # Django reads a QuerySet.iterator() (and every ModelChoiceField's <select>)
            # through a server-side cursor WITH HOLD outside a transaction: DECLARE, FETCH
            # and CLOSE, three round trips for a handful of rows, on every form rendered.
            # promo never streams a result too large for memory, so one plain SELECT it is.
            "DISABLE_SERVER_SIDE_CURSORS": True,
            "OPTIONS": {"connect_timeout": 5, **options, **_prepared_options(prepared)},
            # promo.web.prepared: the few statements each page view sends are planned once
            # per connection. DATABASE_PREPARED=false for a pooler that cannot keep them.
            "PREPARED_STATEMENTS": prepared,
        }
    raise ImproperlyConfigured(f"{name}={value!r}: unsupported scheme; expected {DATABASE_FORM}.")


def _prepared_options(prepared):
    """psycopg prepares nothing with Django's default (prepare_threshold None); with a
    threshold no statement reaches, it prepares only what a cursor asks it to."""
    return {"prepare_threshold": 2**31 - 1} if prepared else {}


def _pool_options(environ):
    """psycopg_pool's sizes, per process: a sync gunicorn worker serves one request at a
    time, so one connection is all it uses; threads or async workers use up to `max_size`."""
    min_size = env_int("DATABASE_POOL_MIN", 1, environ=environ, minimum=0)
    max_size = env_int("DATABASE_POOL_MAX", 4, environ=environ, minimum=max(min_size, 1))
    timeout = env_int("DATABASE_POOL_TIMEOUT", 10, environ=environ, minimum=1)
    return {"min_size": min_size, "max_size": max_size, "timeout": timeout}


def _sqlite(path: Path):
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        # WAL lets the web server read while the Celery worker writes.
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


def env_redis_url(name, *, environ=None):
    value = _raw(name, environ)
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in {"redis", "rediss", "unix"} or (
        parts.scheme != "unix" and not parts.hostname
    ):
        raise ImproperlyConfigured(f"{name}={value!r}: expected redis://HOST:PORT/DB.")
    try:
        parts.port  # noqa: B018 - parsing the port is the validation
    except ValueError:
        raise ImproperlyConfigured(
            f"{name}={value!r}: the port is not a number; expected redis://HOST:PORT/DB."
        ) from None
    return value
