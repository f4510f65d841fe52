"""The Redis cache backend's breaker: one timeout, then misses without a network call
until the retry window passes; then one probe, which closes it if Redis answers."""

import time

import pytest
from django.core.cache import cache

from promo.web import breaker
from tests.broker import BlackHole
from tests.conftest import require


@pytest.fixture
def cache_at(settings):
    require(settings.REDIS_URL, "REDIS_URL is not set: the backend under test is Redis")
    real = settings.CACHES["default"]
    holes = []

    def point(location):
        settings.CACHES = {"default": {**real, "LOCATION": location}}

    def black_hole():
        holes.append(BlackHole())
        point(f"redis://127.0.0.1:{holes[-1].port}/0")

    breaker.forget_outages()
    yield black_hole, lambda: point(real["LOCATION"])
    breaker.forget_outages()
    for hole in holes:
        hole.close()


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def test_one_timeout_then_misses_then_one_probe_that_closes_it(cache_at, settings):
    black_hole, real_redis = cache_at
    black_hole()
    value, first = timed(lambda: cache.get("k", "miss"))
    assert value == "miss" and settings.CACHE_TIMEOUT <= first < settings.CACHE_TIMEOUT + 0.5
    assert breaker.cache.is_open()
    _, later = timed(lambda: (cache.set("k", 1), cache.get_many(["k"]), cache.get("k")))
    assert later < 0.05, "no network call while the breaker is open"
    with pytest.raises(breaker.ServiceUnavailable):
        cache.incr("counter")  # a count is never silently wrong

    real_redis()
    breaker.cache.open_until = time.monotonic() - 1  # the retry window has passed
    cache.set("k", "answered")
    assert not breaker.cache.is_open() and cache.get("k") == "answered"
    cache.delete("k")


def test_the_backend_keeps_one_client_per_connection_pool(cache_at):
    client = cache._cache.get_client("a-key")
    assert cache._cache.get_client("another-key") is client
    cache.set("client-reuse", {"drawn": "twice"})
    assert cache.get("client-reuse") == {"drawn": "twice"}
    assert cache._cache.get_client("client-reuse", write=True) is client  # one server
