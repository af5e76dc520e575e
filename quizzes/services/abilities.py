"""Keep each learner's latest ability per area and per topic, from all their graded
responses (the latest answer to each question counts).

Two steps, kept apart: ``counted_responses`` decides WHICH responses count (the retake
policy); ``update_for_attempt`` estimates from them (the two-level model: a topic's
estimate is informed by the learner's other topics in the area, docs/measurement.md)."""

from __future__ import annotations

from collections import defaultdict

from ..models import AbilityEstimate, Attempt, AttemptStatus, Response


def counted_responses(*, attempt: Attempt, areas: set[int]) -> list[Response]:
    """The learner's responses that count for the estimates of ``areas``: the latest
    graded answer to each question."""
    history = (Response.objects
               .filter(attempt__user_id=attempt.user_id, attempt__status=AttemptStatus.GRADED,
                       question__topic__area_id__in=areas, credit__isnull=False)
               .select_related("question__topic", "version")
               .prefetch_related("version__choices")
               .order_by("answered_at", "attempt__submitted_at", "pk"))
    latest: dict[int, Response] = {}
    for r in history:
        latest[r.question_id] = r  # later answers replace earlier ones
    return list(latest.values())


def update_for_attempt(*, attempt: Attempt, responses: list[Response]) -> None:
    from .scoring import estimates_by_topic

    areas = {r.question.topic.area_id for r in responses}
    by_area: dict[int, list[Response]] = defaultdict(list)
    for r in counted_responses(attempt=attempt, areas=areas):
        by_area[r.question.topic.area_id].append(r)
    now = attempt.submitted_at
    for area_id, rs in by_area.items():
        area_est, topic_ests = estimates_by_topic(rs)
        AbilityEstimate.objects.update_or_create(
            user_id=attempt.user_id, area_id=area_id, topic=None,
            defaults=_defaults(area_est, rs, attempt, now))
        by_topic: dict[int, list[Response]] = defaultdict(list)
        for r in rs:
            by_topic[r.question.topic_id].append(r)
        for topic_id, trs in by_topic.items():
            AbilityEstimate.objects.update_or_create(
                user_id=attempt.user_id, topic_id=topic_id,
                defaults={**_defaults(topic_ests[topic_id], trs, attempt, now),
                          "area_id": area_id})


def _defaults(e, rs, attempt, now) -> dict:
    # Blank answers are graded 0 but were not answered: the evidence minimum
    # (quizzes.standing) counts only the questions the learner actually answered.
    return {"theta": e.theta, "se": e.se, "correct": sum(r.credit for r in rs),
            "answered": sum(1 for r in rs if r.answer is not None), "attempt": attempt,
            "measured_at": now}
