"""Django's Redis cache, keeping its ``redis.Redis`` client instead of making one per call.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` on every cache call
(the connection pool is kept; the client object, with its table of ~170 response
callbacks, is not). That was 4% of an autosave's CPU, where the session is read from
Redis on every request. A ``redis.Redis`` is safe to share between threads (each command
takes a connection from the pool), so one per pool is kept.
"""

from __future__ import annotations

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
