"""config.redis_cache: Django's Redis cache with one ``redis.Redis`` client per pool."""

from __future__ import annotations

import os
import secrets
import threading

import pytest

from config.redis_cache import RedisCache

REDIS_URL = os.environ.get("REDIS_URL", "")
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set (the suite on "
                                "PostgreSQL sets it; .ci/run starts Redis)")


@pytest.fixture
def cache():
    found = RedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{secrets.token_hex(4)}"})
    yield found
    found.clear()


def test_one_client_is_kept_for_reads_and_writes(cache):
    client = cache._cache.get_client()
    assert cache._cache.get_client("any-key") is client
    # One server: reads and writes share the pool, so they share the client too.
    assert cache._cache.get_client(write=True) is client


def test_values_round_trip_through_the_kept_client(cache):
    cache.set("a", {"answer": [1, 2]}, 30)
    cache.set_many({"b": 2, "c": "three"}, 30)
    assert cache.get("a") == {"answer": [1, 2]}
    assert cache.get_many(["b", "c", "missing"]) == {"b": 2, "c": "three"}
    assert cache.incr("b") == 3
    cache.delete("a")
    assert cache.get("a", "gone") == "gone"


def test_threads_share_the_client_without_mixing_replies(cache):
    wrong: list[tuple[int, object]] = []

    def work(n: int) -> None:
        for i in range(50):
            cache.set(f"k{n}-{i}", n * 1000 + i, 30)
            got = cache.get(f"k{n}-{i}")
            if got != n * 1000 + i:
                wrong.append((n, got))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []
