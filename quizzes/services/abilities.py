"""Keep each learner's latest ability per area and per topic, from all their graded
responses (the latest answer to each question counts)."""

from __future__ import annotations

from collections import defaultdict

from .. import measurement
from ..models import AbilityEstimate, Attempt, AttemptStatus, Response


def update_for_attempt(*, attempt: Attempt, responses: list[Response]) -> None:
    areas = {r.question.topic.area_id for r in responses}
    history = (Response.objects
               .filter(attempt__user_id=attempt.user_id, attempt__status=AttemptStatus.GRADED,
                       question__topic__area_id__in=areas, credit__isnull=False)
               .select_related("question__topic", "version")
               .order_by("answered_at", "attempt__submitted_at", "pk"))
    latest: dict[int, Response] = {}
    for r in history:
        latest[r.question_id] = r  # later answers replace earlier ones
    by_area: dict[int, list[Response]] = defaultdict(list)
    by_topic: dict[int, list[Response]] = defaultdict(list)
    for r in latest.values():
        by_area[r.question.topic.area_id].append(r)
        by_topic[r.question.topic_id].append(r)
    from .scoring import item_params

    def est(rs):
        return measurement.estimate([
            measurement.Observation(params=item_params(r.question, r.version), credit=r.credit)
            for r in rs])

    now = attempt.submitted_at
    for area_id, rs in by_area.items():
        e = est(rs)
        AbilityEstimate.objects.update_or_create(
            user_id=attempt.user_id, area_id=area_id, topic=None,
            defaults=_defaults(e, rs, attempt, now))
    for topic_id, rs in by_topic.items():
        e = est(rs)
        AbilityEstimate.objects.update_or_create(
            user_id=attempt.user_id, topic_id=topic_id,
            defaults={**_defaults(e, rs, attempt, now), "area_id": rs[0].question.topic.area_id})


def _defaults(e, rs, attempt, now) -> dict:
    # Blank answers are graded 0 but were not answered: the evidence minimum
    # (quizzes.standing) counts only the questions the learner actually answered.
    return {"theta": e.theta, "se": e.se, "correct": sum(r.credit for r in rs),
            "answered": sum(1 for r in rs if r.answer is not None), "attempt": attempt,
            "measured_at": now}
