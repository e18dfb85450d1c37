"""The Redis cache backend with one client object per connection pool.

Django's RedisCacheClient builds a new ``redis.Redis`` for every operation; its constructor copies the response
callbacks and costs about 0.2 ms, more than the network round trip itself, and a signed-in page reads the cache
three times (session, user, memberships — ADR 0005). A ``redis.Redis`` is thread-safe and holds no connection of its
own (the pool does), so one per pool is enough. Measured in docs/performance.md.
"""

from __future__ import annotations

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
