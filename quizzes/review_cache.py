"""A graded attempt's review (each question with its answer, the key and the
explanation), rendered once and kept in Django's cache (Redis in production, memory in a
single process otherwise).

The key is built from everything a review card shows, read each time in one query of
plain values (``selectors.attempt_review_rows``): the learner, the attempt and when it
was graded, and per question its position, version (id, content hash and creation time:
a version never changes once answered, invariant 1), choice order, stored answer, credit
and topic title, plus a digest of the code that renders a card. So a
regrade (a credit changes), a renamed topic or a new deploy is a new key: the cache is
never stale, it only misses. Only graded attempts have a review (the result page sends an
open attempt to its questions first), so no key is cached before it may be shown
(invariant 2), and a learner reaches only their own attempt's key (invariant 5).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache as memoize
from pathlib import Path

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

from . import cards, rendering, review_html

#: The modules whose change changes what a card looks like.
_MODULES = (cards, rendering, review_html)
#: A week: reviews are read right after grading and now and then later; Redis evicts
#: what is not read again.
TIMEOUT = 7 * 24 * 3600


@dataclass(frozen=True)
class ReviewedCard:
    position: int
    correct: bool
    html: SafeString


@memoize
def code_stamp() -> str:
    """A digest of the modules that render a card (read once a process)."""
    digest = hashlib.sha256()
    for module in _MODULES:
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:16]


def review_key(*, user_id: int, attempt, rows: list[tuple]) -> str:
    """The cache key of an attempt's review: a digest of every value its cards show."""
    digest = hashlib.sha256(repr((user_id, attempt.pk, attempt.submitted_at, rows))
                            .encode()).hexdigest()
    return f"review:{attempt.pk}:{code_stamp()}:{digest}"


def reviewed_cards(*, user_id: int, attempt, rows: list[tuple],
                   build: Callable[[], list[ReviewedCard]]) -> list[ReviewedCard]:
    """The attempt's review cards from the cache, or ``build()`` them and keep them."""
    key = review_key(user_id=user_id, attempt=attempt, rows=rows)
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, TIMEOUT)
    # Rendered by the template engine (escaped there), stored as text.
    return [ReviewedCard(c.position, c.correct, mark_safe(c.html)) for c in found]  # noqa: S308
