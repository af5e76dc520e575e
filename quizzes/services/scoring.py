"""Grade a submitted attempt: credits, per-topic results, ability estimates, review cards."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.db import OperationalError, transaction

from .. import grading, measurement, version_cache
from ..bulk_write import bulk_set
from ..models import Attempt, AttemptStatus, Response
from ..reporting import is_dont_know
from ..selectors import attempt_responses
from . import abilities, readiness, reviews


class _AlreadyGraded(Exception):
    pass


def item_params(question, version) -> measurement.ItemParams:
    """Calibrated parameters when the question has them, else its tier's prior; the
    lower asymptote is always the version's fixed chance credit (never fitted), computed
    once per process from the version's choices (``version_cache.chance_credit``): load
    them with ``version_cache.with_choices`` to keep the query count."""
    c = version_cache.chance_credit(version)
    if question.irt_a is not None and question.irt_b is not None:
        return measurement.ItemParams(a=question.irt_a, b=question.irt_b, c=c)
    return measurement.prior_params(version.difficulty, c=c)


def observation(r: Response) -> measurement.Observation:
    """A graded response as the measurement model sees it."""
    return measurement.Observation(params=item_params(r.question, r.version),
                                   credit=r.credit or 0.0, dont_know=is_dont_know(r.answer))


def estimates_by_topic(responses) -> tuple[measurement.Estimate, dict]:
    """The area estimate and each topic's estimate (keyed by topic id) under the
    two-level model: topics informed by the learner's other topics in the area."""
    by_topic: dict[int, list[measurement.Observation]] = defaultdict(list)
    for r in responses:
        by_topic[r.question.topic_id].append(observation(r))
    return measurement.estimate_area(by_topic), measurement.estimate_topics(by_topic)


#: How many times a grading runs when PostgreSQL cancels it to break a deadlock: two
#: gradings can wait on each other's row locks (an attempt over several areas moves its
#: learner in each area's ability bands, in the order of its rows, and another learner's
#: grading can take the same bands in the other order). The cancelled one rolled back
#: whole, so it is simply run again; the other went through.
DEADLOCK_TRIES = 3


def attempt_grade(*, attempt: Attempt, submitted_at: datetime, expired: bool) -> Attempt | None:
    """Grade in one transaction; None when another request graded it first."""
    tries = DEADLOCK_TRIES
    while True:
        tries -= 1
        try:
            return _grade_once(attempt=attempt, submitted_at=submitted_at, expired=expired)
        except OperationalError as error:
            if tries == 0 or getattr(error.__cause__, "sqlstate", None) != "40P01":
                raise
            attempt.refresh_from_db()  # as it is again: the cancelled try rolled back


def _grade_once(*, attempt: Attempt, submitted_at: datetime, expired: bool) -> Attempt | None:
    from .attempts import answer_from_json

    try:
        with transaction.atomic():
            responses = attempt_responses(attempt)
            changed = []
            for r in responses:
                if r.locked and r.credit is not None:
                    continue
                key = r.version.answer_key(list(r.version.choices.all()))
                r.credit = grading.grade(key, answer_from_json(r.version.kind, r.answer))
                r.locked = True
                changed.append(r)
            bulk_set(changed, ["credit", "locked"])
            summary = summarise(responses)
            still_open = Attempt.objects.filter(pk=attempt.pk, status=AttemptStatus.IN_PROGRESS)
            updated = still_open.update(
                status=AttemptStatus.GRADED,
                submitted_at=submitted_at,
                expired=expired,
                score=summary["score"],
                theta=summary["theta"],
                se=summary["se"],
                topic_results=summary["topics"],
            )
            if not updated:
                raise _AlreadyGraded
            attempt.refresh_from_db()
            for r in responses:  # the history below reads each one's submitted_at
                Response.attempt.field.set_cached_value(r, attempt)
            counted, area_estimates = abilities.update_for_attempt(attempt=attempt,
                                                                   responses=responses)
            if attempt.assessment.area_id is None:
                readiness.record_area_results(attempt=attempt, responses=responses,
                                              counted=counted, estimates=area_estimates)
            reviews.cards_for_attempt(attempt=attempt, responses=responses, now=submitted_at)
    except _AlreadyGraded:
        return None
    return attempt


def summarise(responses: list[Response]) -> dict:
    """Overall score, area ability and per-topic results of graded responses."""
    total = len(responses)
    credit = sum(r.credit or 0.0 for r in responses)
    per_topic: dict[str, list[Response]] = defaultdict(list)
    for r in responses:
        per_topic[_topic_ref(r)].append(r)
    # Each area's topics inform one another (an attempt may span several areas).
    per_area: dict[int, list[Response]] = defaultdict(list)
    for r in responses:
        per_area[r.question.topic.area_id].append(r)
    topic_estimates: dict[int, measurement.Estimate] = {}
    for rs in per_area.values():
        topic_estimates.update(estimates_by_topic(rs)[1])
    overall = (estimates_by_topic(responses)[0] if len(per_area) == 1
               else measurement.estimate([observation(r) for r in responses]))
    topics = {}
    for ref, rs in per_topic.items():
        topic = rs[0].question.topic
        est = topic_estimates[topic.pk]
        got = sum(r.credit or 0.0 for r in rs)
        topics[ref] = {
            "title": topic.title,
            "area": topic.area.title,
            "credit": round(got, 4),
            "answered": sum(1 for r in rs if r.answer is not None),
            "dont_know": sum(1 for r in rs if is_dont_know(r.answer)),
            "total": len(rs),
            "percent": round(100 * got / len(rs), 1),
            "theta": round(est.theta, 4),
            "se": round(est.se, 4),
        }
    return {
        "score": (credit / total) if total else 0.0,
        "theta": overall.theta,
        "se": overall.se,
        "topics": dict(sorted(topics.items())),
    }


def _topic_ref(r: Response) -> str:
    return f"{r.question.topic.area.slug}/{r.question.topic.slug}"

