"""Remembering, per process, that Redis (as broker or as cache) stopped answering.

A Redis that accepts connections and never answers costs every call its full socket
timeout. Without memory, a page that calls it twice pays twice, on every view. A breaker
trips on the first timeout and then refuses at once until OUTAGE_RETRY_SECONDS pass; the
next call after that is the probe, and one that succeeds closes the breaker again. So a
process pays at most one timeout per service per retry window.

The state is per process on purpose: a web worker learns of an outage from its own first
timeout, and nothing shared (which would itself be Redis) has to answer first.
"""

import logging
import socket
import time

from django.conf import settings
from kombu.exceptions import OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

# What an unreachable or silent service raises. Anything else (a bad argument, a value
# that cannot be serialised) is a bug in the caller, not an outage, and trips nothing.
OUTAGE_ERRORS = (
    OperationalError,
    RedisConnectionError,
    RedisTimeoutError,
    ConnectionError,
    socket.timeout,
)


class ServiceUnavailable(ConnectionError):
    """Raised at once, without a network call, while a breaker is open."""


class Breaker:
    def __init__(self, name):
        self.name = name
        self.open_until = 0.0

    def is_open(self):
        return time.monotonic() < self.open_until

    def unavailable(self):
        seconds = max(0.0, self.open_until - time.monotonic())
        return ServiceUnavailable(f"{self.name} did not answer; next try in {seconds:.0f}s")

    def trip(self, error):
        if not self.is_open():
            log.warning(
                "%s did not answer (%r); failing fast for %ss",
                self.name,
                error,
                settings.OUTAGE_RETRY_SECONDS,
            )
        self.open_until = time.monotonic() + settings.OUTAGE_RETRY_SECONDS

    def close(self):
        if self.open_until:
            log.info("%s answers again", self.name)
        self.open_until = 0.0


broker = Breaker("the Celery broker")
cache = Breaker("the Redis cache")


def forget_outages():
    """Close every breaker, as a freshly started process would have them."""
    broker.close()
    cache.close()
