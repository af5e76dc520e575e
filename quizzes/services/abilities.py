"""Keep each learner's latest ability per area and per topic, from all their graded
responses (the latest answer to each question counts)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q

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
    rows: dict[tuple[int, int | None], dict] = {}
    for area_id, rs in by_area.items():
        rows[(area_id, None)] = _defaults(est(rs), rs, attempt, now)
    for topic_id, rs in by_topic.items():
        rows[(rs[0].question.topic.area_id, topic_id)] = _defaults(est(rs), rs, attempt, now)
    _store(user_id=attempt.user_id, rows=rows)


def _store(*, user_id: int, rows: dict[tuple[int, int | None], dict]) -> None:
    """Write the learner's estimates keyed by (area id, topic id or None) in a constant
    number of queries, whatever the number of areas and topics: read the existing rows
    once, then one bulk update and one bulk insert (it was one update_or_create, two or
    three queries, per area and per topic)."""
    if not rows:
        return
    areas = {area_id for area_id, topic_id in rows if topic_id is None}
    topics = {topic_id for _, topic_id in rows if topic_id is not None}
    existing = {(None if e.topic_id else e.area_id, e.topic_id): e
                for e in AbilityEstimate.objects.filter(
                    Q(area_id__in=areas, topic__isnull=True) | Q(topic_id__in=topics),
                    user_id=user_id)}
    changed, new = [], []
    for (area_id, topic_id), values in rows.items():
        estimate = existing.get((None if topic_id else area_id, topic_id))
        if estimate is None:
            new.append(AbilityEstimate(user_id=user_id, area_id=area_id, topic_id=topic_id,
                                       **values))
            continue
        estimate.area_id = area_id  # a topic's row follows its topic if it moved area
        for field, value in values.items():
            setattr(estimate, field, value)
        changed.append(estimate)
    fields = ["area", *next(iter(rows.values()))]
    AbilityEstimate.objects.bulk_update(changed, fields)
    AbilityEstimate.objects.bulk_create(new)


def _defaults(e, rs, attempt, now) -> dict:
    # Blank answers are graded 0 but were not answered: the evidence minimum
    # (quizzes.standing) counts only the questions the learner actually answered.
    return {"theta": e.theta, "se": e.se, "correct": sum(r.credit for r in rs),
            "answered": sum(1 for r in rs if r.answer is not None), "attempt": attempt,
            "measured_at": now}
