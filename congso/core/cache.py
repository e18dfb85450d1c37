# mypy: disable-error-code="attr-defined"
"""The Redis cache backend with one client object per connection pool, and a one-round-trip hit counter.
(mypy: the client reuses private attributes of Django's RedisCacheClient, which the stubs do not declare.)

Django's RedisCacheClient builds a new ``redis.Redis`` for every operation; its constructor copies the response
callbacks and costs about 0.2 ms, more than the network round trip itself, and a signed-in page reads the cache
three times (session, user, memberships — ADR 0005). A ``redis.Redis`` is thread-safe and holds no connection of its
own (the pool does), so one per pool is enough. Measured in docs/performance.md.
"""

from __future__ import annotations

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write) if write or index == 0 else self._pool_at(index)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client

    def _pool_at(self, index: int):
        if index not in self._pools:
            self._pools[index] = self._pool_class.from_url(self._servers[index], **self._pool_options)
        return self._pools[index]


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def count_hit(self, key: str, window: int) -> int:
        """One more hit on ``key`` in a fixed window of ``window`` seconds, in one round trip (a Lua script:
        INCR, and EXPIRE on the first hit) instead of Django's add + exists + incr."""
        key = self.make_and_validate_key(key)
        return int(self._cache.get_client(key, write=True).eval(_COUNT_HIT, 1, key, window))


_COUNT_HIT = (
    "local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end return n"
)


def count_hit(key: str, window: int) -> int:
    """Counts one hit on ``key`` within a fixed window and returns the count so far (rate limits). Shared across
    app servers with Redis; per process with the embedded default cache."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    if isinstance(backend, RedisCache):
        return backend.count_hit(key, window)
    backend.add(key, 0, window)
    try:
        return backend.incr(key)
    except ValueError:  # expired between add and incr
        backend.set(key, 1, window)
        return 1
