"""The request id every log record carries, and the two formats logs are written in.

A request's id lives in a context variable: the middleware sets it for the request, a
worker sets it for each task (from the message header the publisher added), and a log
record factory copies it onto every record, whoever logs it (Django, Celery, promo).
Standard library only: settings.py names these classes before Django is set up.
"""

import contextvars
import json
import logging
import re
import traceback
import uuid
from datetime import UTC, datetime

request_id_var = contextvars.ContextVar("request_id", default="")

# An id from outside (a proxy's X-Request-ID) is echoed into logs and headers, so it is
# kept to a short, inert alphabet: no spaces, quotes or control characters to forge lines.
INCOMING_ID = re.compile(r"[A-Za-z0-9._:-]{8,64}")


def new_request_id():
    return uuid.uuid4().hex


def accepted_request_id(incoming):
    """`incoming` when it is a well-formed id, else a new one."""
    if incoming and INCOMING_ID.fullmatch(incoming):
        return incoming
    return new_request_id()


def current_request_id():
    return request_id_var.get()


def _install_record_factory():
    previous = logging.getLogRecordFactory()
    if getattr(previous, "carries_request_id", False):
        return

    def record_with_request_id(*args, **kwargs):
        record = previous(*args, **kwargs)
        record.request_id = request_id_var.get() or "-"
        return record

    record_with_request_id.carries_request_id = True
    logging.setLogRecordFactory(record_with_request_id)


_install_record_factory()

# Everything a LogRecord has of its own; any other attribute came in through `extra=`.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id, then whatever
    the call passed in `extra` (a request's method, path, status, duration...)."""

    def format(self, record):
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exception"] = "".join(traceback.format_exception(*record.exc_info))
        return json.dumps(line, default=str)


PLAIN_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def logging_config(*, log_format, level):
    """settings.LOGGING: human-readable lines unless `log_format` is "json"."""
    formatter = (
        {"()": "promo.monitoring.logs.JsonFormatter"}
        if log_format == "json"
        else {"format": PLAIN_FORMAT}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"promo": formatter},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "promo"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {"django.db.backends": {"level": "INFO"}},
    }
