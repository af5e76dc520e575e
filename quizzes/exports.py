"""The results of an assessment as CSV rows, one per attempt, streamed: the attempts and
their responses are read with ``.iterator()`` side by side (both ordered by attempt), so
a cohort of any size never sits in memory.

Cells an author or learner typed (the learner's email, question slugs) are defused
against CSV injection: a spreadsheet runs a cell starting with ``=``, ``+``, ``-`` or
``@`` (or a tab or carriage return) as a formula, so such cells get a leading ``'``
(OWASP "CSV Injection").
"""

from __future__ import annotations

from collections.abc import Iterator

from .models import Assessment, Attempt, Response

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FIXED_COLUMNS = ["attempt", "learner", "status", "started", "submitted", "expired", "score"]


def safe_cell(value: object) -> object:
    """The value, or a text cell that a spreadsheet would read as a formula, quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _when(value) -> str:
    return value.isoformat(timespec="seconds") if value else ""


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.4g}"


def results_rows(assessment: Assessment) -> Iterator[list[object]]:
    """The header, then one row per attempt (oldest first): learner, dates, score (a
    fraction of full credit) and the credit of each question, one column per question
    slug that any attempt contained, blank when this attempt did not contain it (or it is
    not graded yet)."""
    slugs = list(Response.objects.filter(attempt__assessment=assessment)
                 .order_by("question__slug").values_list("question__slug", flat=True)
                 .distinct())
    column = {slug: i for i, slug in enumerate(slugs)}
    yield [safe_cell(c) for c in FIXED_COLUMNS + slugs]
    attempts = (Attempt.objects.filter(assessment=assessment).order_by("pk")
                .values_list("pk", "user__email", "status", "started_at", "submitted_at",
                             "expired", "score").iterator(chunk_size=2000))
    responses = (Response.objects.filter(attempt__assessment=assessment)
                 .order_by("attempt_id", "position")
                 .values_list("attempt_id", "question__slug", "credit")
                 .iterator(chunk_size=2000))
    pending = next(responses, None)
    for pk, email, status, started, submitted, expired, score in attempts:
        credits = [""] * len(slugs)
        while pending is not None and pending[0] <= pk:
            if pending[0] == pk:
                credits[column[pending[1]]] = _number(pending[2])
            pending = next(responses, None)
        yield [pk, safe_cell(email), status, _when(started), _when(submitted),
               "yes" if expired else "no", _number(score), *credits]
