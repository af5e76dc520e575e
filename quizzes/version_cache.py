"""A question version's ordered choices and chance credit, kept in process memory.

A version an attempt refers to never changes (invariant 1: editing an answered version
saves a new one), so its choices can be read once per process and reused by every page
that shows it, instead of one query per page. The key is not the id alone: it also holds
the version's content hash and creation time, read with the version row itself, so a
version edited in place before anyone answered it (its hash changes) or an id reused by
another database (a test database rolled back, a restored dump) is a different key and
never finds the old choices.
"""

from __future__ import annotations

from threading import Lock

from django.db.models import Prefetch, prefetch_related_objects

from . import measurement
from .models import Choice, QuestionVersion

#: More versions than every shipped bank holds (about a thousand); past it the cache is
#: emptied and fills again, so a long-lived process cannot grow without bound.
MAX_VERSIONS = 20_000

_choices: dict[tuple, tuple[Choice, ...]] = {}
_chance: dict[tuple, float] = {}
_lock = Lock()


def _key(version: QuestionVersion) -> tuple:
    return version.pk, version.content_hash, version.created_at


def clear() -> None:
    """Forget every version (the test suite does this between tests)."""
    with _lock:
        _choices.clear()
        _chance.clear()


def _attach(version: QuestionVersion, choices: tuple[Choice, ...]) -> None:
    """Make ``version.choices.all()`` return ``choices`` without a query, as a
    ``prefetch_related`` would."""
    queryset = version.choices.all()
    queryset._result_cache = list(choices)
    queryset._prefetch_done = True
    version._prefetched_objects_cache = {
        **getattr(version, "_prefetched_objects_cache", {}), "choices": queryset}


def with_choices(versions: list[QuestionVersion]) -> None:
    """Load the ordered choices of ``versions``: from memory where known, the rest in one
    query (none when every version is known or already has them)."""
    missing = []
    for version in versions:
        if "choices" in getattr(version, "_prefetched_objects_cache", {}):
            continue
        known = _choices.get(_key(version))
        if known is None:
            missing.append(version)
        else:
            _attach(version, known)
    if not missing:
        return
    prefetch_related_objects(missing, Prefetch("choices",
                                               queryset=Choice.objects.order_by("order")))
    with _lock:
        if len(_choices) + len(missing) > MAX_VERSIONS:
            _choices.clear()
        for version in missing:
            _choices[_key(version)] = tuple(version.choices.all())


def chance_credit(version: QuestionVersion) -> float:
    """The version's chance credit (``measurement.chance_credit``), computed once per
    process: grading asks for it for every counted answer of the learner's history, and
    a select-all question grades every one of its 2^n ways of ticking to find it."""
    if version.pk is None:  # an author's draft, not stored: nothing to key it by
        return measurement.chance_credit(version.answer_key(list(version.choices.all())))
    key = _key(version)
    found = _chance.get(key)
    if found is None:
        found = measurement.chance_credit(version.answer_key(list(version.choices.all())))
        with _lock:
            if len(_chance) >= MAX_VERSIONS:
                _chance.clear()
            _chance[key] = found
    return found
