"""A graded attempt's result page, rendered once per state and kept in Django's cache
(Redis in production, memory in a single process otherwise), like its review
(``quizzes.review_cache``), of which it is the next layer.

The page's content (summary, topic table, recommendations, the review with a problem
report form under each question) is kept as HTML under a key that is a digest of
everything it shows: the learner (id, target and study preferences), the attempt (id,
status, when it was graded, score, estimates, topic and area results, assessment and
area titles), and what can change after grading, read on every view in one query of
plain values (``selectors.result_state``): each response as the review's key reads it,
the learner's problem reports on these questions, the attempt's regrades and the
learner's resource marks; plus a digest of the recommendations' catalogue
(``catalogue_cache``), whether only the missed questions are shown, and a digest of the
project's templates and code. So a regrade, a report sent or answered by staff, a
resource marked, a new target, a catalogue edit or a deploy is a new key: the cache only
misses, it is never stale.

Two things differ between requests and are never inside the kept HTML: the CSRF token
of its forms (masked afresh for every response) and the percentile among other learners
(it moves whenever another learner in the area is graded). The content is rendered with
stand-ins for both, made of a random marker kept with the HTML (nothing a learner typed
before the page was rendered can contain it), and the view puts this request's token and
percentile in their place. An attempt across areas shows a percentile per area inside
its readings: those counts are in its key instead.

Only graded attempts have a result (the page sends an open attempt to its questions
first), so no key is cached before it may be shown (invariant 2); the attempt is read
with the learner's id first, so another learner gets a 404 before any key is made
(invariant 5), and the learner's id is part of the key.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache as memoize
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

#: The partials of ``quizzes/attempt_result.html``: the kept content, and the percentile
#: rendered into it on every request.
BODY_TEMPLATE = "quizzes/attempt_result.html#result-body"
PERCENTILE_TEMPLATE = "quizzes/attempt_result.html#percentile-stat"
#: A week, as the review's (``review_cache.TIMEOUT``).
TIMEOUT = 7 * 24 * 3600


@dataclass(frozen=True)
class Kept:
    """One rendering of a result page's content."""

    marker: str  # random, made when rendered: the stand-ins below are made of it
    html: str
    has_level: bool | None  # the overall reading has a level (None: across areas)

    @property
    def csrf(self) -> str:
        return csrf_stand_in(self.marker)

    def filled(self, *, csrf_token: str, percentile_html: str) -> SafeString:
        """The content with this request's CSRF token and percentile in place."""
        html = self.html.replace(csrf_stand_in(self.marker), csrf_token)
        html = html.replace(percentile_stand_in(self.marker), percentile_html)
        # Rendered by the template engine (escaped there), stored as text.
        return mark_safe(html)  # noqa: S308


def csrf_stand_in(marker: str) -> str:
    return f"csrf{marker}"


def percentile_stand_in(marker: str) -> SafeString:
    return mark_safe(f"<!--percentile-{marker}-->")  # noqa: S308  (letters and digits)


@memoize
def code_stamp() -> str:
    """A digest of every template of the project and every module of this app (read once
    a process): a deploy that changes any of them renders the pages again."""
    digest = hashlib.sha256()
    roots = [Path(d) for t in settings.TEMPLATES for d in t.get("DIRS", ())]
    files = [f for root in roots for f in root.rglob("*.html")]
    files += [f for f in Path(__file__).parent.rglob("*.py") if "migrations" not in f.parts]
    for path in sorted(files):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def key(*, user_id: int, attempt_id: int, shown: tuple) -> str:
    """The cache key of a result page's content: a digest of every value it shows."""
    digest = hashlib.sha256(repr((user_id, attempt_id, shown)).encode()).hexdigest()
    return f"result:{attempt_id}:{code_stamp()}:{digest}"


def content(key: str, render: Callable[[str], tuple[str, bool | None]]) -> Kept:
    """The kept content under ``key``, or ``render(marker)`` it (with the stand-ins of a
    new marker) and keep it."""
    found = cache.get(key)
    if found is None:
        marker = secrets.token_hex(12)
        html, has_level = render(marker)
        found = Kept(marker, str(html), has_level)
        cache.set(key, found, TIMEOUT)
    return found
