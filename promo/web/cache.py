"""Django's Redis cache, made to fail fast and quietly while Redis does not answer.

promo caches only what it can compute again (rendered dashboard rows), so an outage
should cost time once, not on every view. The first call that times out trips the cache
breaker (promo/web/breaker.py); until the retry window passes, reads are misses and writes
are dropped without touching the network. `incr` and `decr` count things, where a silent
wrong answer would be worse than an error, so they raise ServiceUnavailable instead.
"""

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from promo.web import breaker


class OneClientPerPool(RedisCacheClient):
    """Django's client, keeping one redis.Redis per connection pool: Django builds a new
    one for every call (its response callbacks and all), which cost about as much as a
    small GET on loopback. A redis.Redis takes a connection from its pool per command, so
    sharing it is safe; each thread has its own cache backend anyway."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients_by_pool", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCacheWithBreaker(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = OneClientPerPool

    def _guarded(self, call, fallback):
        if breaker.cache.is_open():
            return fallback
        try:
            result = call()
        except breaker.OUTAGE_ERRORS as error:
            breaker.cache.trip(error)
            return fallback
        breaker.cache.close()
        return result

    def get(self, key, default=None, version=None):
        parent = super()
        return self._guarded(lambda: parent.get(key, default, version), default)

    def get_many(self, keys, version=None):
        parent = super()
        return self._guarded(lambda: parent.get_many(keys, version), {})

    def has_key(self, key, version=None):
        parent = super()
        return self._guarded(lambda: parent.has_key(key, version), False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super()
        return self._guarded(lambda: parent.add(key, value, timeout, version), False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super()
        return self._guarded(lambda: parent.set(key, value, timeout, version), None)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super()
        return self._guarded(lambda: parent.set_many(data, timeout, version), list(data))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super()
        return self._guarded(lambda: parent.touch(key, timeout, version), False)

    def delete(self, key, version=None):
        parent = super()
        return self._guarded(lambda: parent.delete(key, version), False)

    def delete_many(self, keys, version=None):
        parent = super()
        return self._guarded(lambda: parent.delete_many(keys, version), None)

    def clear(self):
        parent = super()
        return self._guarded(parent.clear, False)

    def incr(self, key, delta=1, version=None):
        if breaker.cache.is_open():
            raise breaker.cache.unavailable()
        try:
            result = super().incr(key, delta, version)
        except breaker.OUTAGE_ERRORS as error:
            breaker.cache.trip(error)
            raise
        breaker.cache.close()
        return result
