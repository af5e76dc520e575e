"""Grade a submitted attempt: credits, per-topic results, ability estimates, review cards."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.db import transaction

from .. import grading, measurement
from ..models import Attempt, AttemptStatus, Response
from . import abilities, readiness, reviews


class _AlreadyGraded(Exception):
    pass


def item_params(question, version) -> measurement.ItemParams:
    """Calibrated parameters when the question has them, else its tier's prior."""
    if question.irt_a is not None and question.irt_b is not None:
        return measurement.ItemParams(a=question.irt_a, b=question.irt_b)
    return measurement.prior_params(version.difficulty)


def attempt_grade(*, attempt: Attempt, submitted_at: datetime, expired: bool) -> Attempt | None:
    """Grade in one transaction; None when another request graded it first."""
    from .attempts import answer_from_json

    try:
        with transaction.atomic():
            responses = list(Response.objects.filter(attempt=attempt).with_content())
            changed = []
            for r in responses:
                if r.locked and r.credit is not None:
                    continue
                key = r.version.answer_key(list(r.version.choices.all()))
                r.credit = grading.grade(key, answer_from_json(r.version.kind, r.answer))
                r.locked = True
                changed.append(r)
            Response.objects.bulk_update(changed, ["credit", "locked"])
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
            abilities.update_for_attempt(attempt=attempt, responses=responses)
            if attempt.assessment.area_id is None:
                readiness.record_area_results(attempt=attempt, responses=responses)
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
    overall = measurement.estimate([_observation(r) for r in responses])
    topics = {}
    for ref, rs in per_topic.items():
        est = measurement.estimate([_observation(r) for r in rs])
        topic = rs[0].question.topic
        got = sum(r.credit or 0.0 for r in rs)
        topics[ref] = {
            "title": topic.title,
            "area": topic.area.title,
            "credit": round(got, 4),
            "answered": sum(1 for r in rs if r.answer is not None),
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


def _observation(r: Response) -> measurement.Observation:
    return measurement.Observation(params=item_params(r.question, r.version),
                                   credit=r.credit or 0.0)
