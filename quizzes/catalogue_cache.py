"""The resource catalogue as plain items, kept in process memory while it is current.

The result page and the dashboard rank the whole active catalogue on every view. Instead
of reading it (two queries, some hundred items built) each time, a process keeps the
items it built together with the *catalogue version* they were read under: a random
token in Django's cache, shared by every process. Each view reads the token (one cache
read); a different token means the catalogue changed, and the items are read again.

Every write that can change an item (a resource, a topic or an area saved or deleted,
by the admin, ``load_banks`` or anything else that saves through the ORM, and a change of
a resource's topics) gets a new token, both at once and when its transaction commits:
the token is always read before the items, so a view that read the old rows under the
first new token is outdated by the second. Writes that bypass the ORM's signals
(``QuerySet.update``, ``bulk_create``, raw SQL) would not, and nothing here writes
resources, topics or areas so. A write from a process that does not share the cache (a
``load_banks`` run without the server's ``REDIS_URL``, a database restored underneath a
running server) is not seen by the token; as a safety net a process reads the catalogue
again at least every ``MAX_AGE`` seconds.

The token must live in a cache every process shares: with ``settings.CATALOGUE_CACHE``
false (the default unless Redis is configured; the process-local memory cache cannot
tell the other workers), every view reads the catalogue from the database.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Callable
from threading import Lock

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

#: Seconds after which a process reads the catalogue again whatever the token says.
MAX_AGE = 300

_memory: dict[str, tuple[str, float, tuple, str]] = {}
_lock = Lock()


def enabled() -> bool:
    return bool(getattr(settings, "CATALOGUE_CACHE", False))


def _key() -> str:
    # The database's name too: two databases (a bench's, a test run's) sharing one Redis
    # never share a token.
    return f"catalogue-version:{connection.settings_dict['NAME']}"


def version() -> str:
    """The current catalogue version (a new one if the cache has none)."""
    token = cache.get(_key())
    if token is None:
        cache.add(_key(), uuid.uuid4().hex, timeout=None)
        token = cache.get(_key())
    return token


def bump(**_signal_kwargs) -> None:
    """A new catalogue version, now and when the current transaction commits."""
    if not enabled():
        return
    cache.set(_key(), uuid.uuid4().hex, timeout=None)
    transaction.on_commit(lambda: cache.set(_key(), uuid.uuid4().hex, timeout=None))


def items(load: Callable[[], list]) -> list:
    """The catalogue ``load`` builds, from memory while the version is unchanged."""
    return list(items_and_stamp(load)[0])


def items_and_stamp(load: Callable[[], list]) -> tuple[tuple, str]:
    """The catalogue ``load`` builds (from memory while the version is unchanged) and a
    digest of its items: the same items give the same stamp in every process, and any
    change of an item a new one (the result page's cache key, quizzes/result_cache.py)."""
    if not enabled():
        loaded = tuple(load())
        return loaded, _stamp(loaded)
    token = version()  # before the rows: see the module's docstring
    known = _memory.get(_key())
    now = time.monotonic()
    if known is not None and known[0] == token and now - known[1] < MAX_AGE:
        return known[2], known[3]
    loaded = tuple(load())
    stamp = _stamp(loaded)
    with _lock:
        _memory[_key()] = (token, now, loaded, stamp)
    return loaded, stamp


def _stamp(loaded: tuple) -> str:
    return hashlib.sha256(repr(loaded).encode()).hexdigest()[:32]


def clear() -> None:
    """Forget the items this process holds (tests)."""
    with _lock:
        _memory.clear()


def connect() -> None:
    """Bump the version on every ORM write to what the catalogue shows (AppConfig.ready)."""
    from .models import Area, Resource, Topic

    for model in (Resource, Topic, Area):
        post_save.connect(bump, sender=model, dispatch_uid=f"catalogue-save-{model.__name__}")
        post_delete.connect(bump, sender=model,
                            dispatch_uid=f"catalogue-delete-{model.__name__}")
    m2m_changed.connect(bump, sender=Resource.topics.through, dispatch_uid="catalogue-topics")
