"""Keep each learner's latest ability per area and per topic, from their graded responses.

Which responses count is one policy (``counted_responses``, docs/measurement.md
"Retakes"): a question's FIRST graded answer counts; later answers to it are excluded,
because the learner had seen its right answer and explanation when their first attempt
was graded (or at once, with immediate feedback). A blank in a submitted attempt was
graded 0 by that attempt's rules and counts as wrong. "First" is decided by the attempt's
``submitted_at`` (always set once graded), then the attempt's and the response's primary
keys, sorted in Python: never by the nullable ``answered_at``, whose NULLs sort first on
SQLite and last on PostgreSQL.

How they are estimated is the two-level model (``scoring.estimates_by_topic``,
docs/measurement.md "Topic estimates"): a topic's estimate is informed by the learner's
other topics in the area."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db.models import Q

from .. import version_cache
from ..bulk_write import bulk_set
from ..models import AbilityEstimate, Attempt, AttemptStatus, Response


def update_for_attempt(*, attempt: Attempt,
                       responses: list[Response]) -> tuple[list[Response], dict]:
    """Store the learner's estimates in every area the attempt touched; returns what it
    read and wrote for the readiness snapshot (``services.readiness``): the counted
    responses, and each area's estimate values by area id."""
    from .scoring import estimates_by_topic

    areas = {r.question.topic.area_id for r in responses}
    counted = counted_history(user_id=attempt.user_id, area_ids=areas, graded=responses)
    by_area: dict[int, list[Response]] = defaultdict(list)
    for r in counted:
        by_area[r.question.topic.area_id].append(r)
    now = attempt.submitted_at
    rows: dict[tuple[int, int | None], dict] = {}
    for area_id, rs in by_area.items():
        area_est, topic_ests = estimates_by_topic(rs)
        rows[(area_id, None)] = _defaults(area_est, rs, attempt, now)
        by_topic: dict[int, list[Response]] = defaultdict(list)
        for r in rs:
            by_topic[r.question.topic_id].append(r)
        for topic_id, trs in by_topic.items():
            rows[(area_id, topic_id)] = _defaults(topic_ests[topic_id], trs, attempt, now)
    _store(user_id=attempt.user_id, rows=rows)
    return counted, {area_id: values for (area_id, topic_id), values in rows.items()
                     if topic_id is None}


def recompute_for_user(*, user_id: int, area_ids: Iterable[int]) -> None:
    """Re-estimate the learner's abilities in these areas from their counted history, after
    a regrade changed credits (``services.regrades``). Only the estimate changes: which
    attempt last measured it, when, and the ``previous_*`` values a retake compares with
    stay as they were."""
    from .scoring import estimates_by_topic

    by_area: dict[int, list[Response]] = defaultdict(list)
    for r in counted_history(user_id=user_id, area_ids=area_ids):
        by_area[r.question.topic.area_id].append(r)
    values: dict[tuple[int, int | None], dict] = {}
    for area_id, rs in by_area.items():
        area_est, topic_ests = estimates_by_topic(rs)
        values[(area_id, None)] = _estimate_values(area_est, rs)
        by_topic: dict[int, list[Response]] = defaultdict(list)
        for r in rs:
            by_topic[r.question.topic_id].append(r)
        for topic_id, trs in by_topic.items():
            values[(area_id, topic_id)] = _estimate_values(topic_ests[topic_id], trs)
    changed = []
    for e in AbilityEstimate.objects.select_for_update().filter(
            Q(area_id__in=list(by_area), topic__isnull=True)
            | Q(topic_id__in=[t for _, t in values if t is not None]), user_id=user_id):
        new = values.get((e.area_id, e.topic_id))
        if new is not None:
            for name, value in new.items():
                setattr(e, name, value)
            changed.append(e)
    bulk_set(changed, ["theta", "se", "correct", "answered"])


def _estimate_values(e, rs) -> dict:
    return {"theta": e.theta, "se": e.se, "correct": sum(r.credit for r in rs),
            "answered": sum(1 for r in rs if r.answer is not None)}


def _store(*, user_id: int, rows: dict[tuple[int, int | None], dict]) -> None:
    """Write the learner's estimates keyed by (area id, topic id or None) in a constant
    number of queries, whatever the number of areas and topics: read (and lock) the
    existing rows once, then one bulk update and one bulk insert (it was one
    update_or_create, two or three queries, per area and per topic). A replaced estimate
    is kept in ``previous_*`` (the study plan says what changed after a retake)."""
    if not rows:
        return
    areas = {area_id for area_id, topic_id in rows if topic_id is None}
    topics = {topic_id for _, topic_id in rows if topic_id is not None}
    existing = {(None if e.topic_id else e.area_id, e.topic_id): e
                for e in AbilityEstimate.objects.select_for_update().filter(
                    Q(area_id__in=areas, topic__isnull=True) | Q(topic_id__in=topics),
                    user_id=user_id)}
    changed, new = [], []
    for (area_id, topic_id), values in rows.items():
        estimate = existing.get((None if topic_id else area_id, topic_id))
        if estimate is None:
            new.append(AbilityEstimate(user_id=user_id, area_id=area_id, topic_id=topic_id,
                                       **values))
            continue
        estimate.previous_theta, estimate.previous_se = estimate.theta, estimate.se
        estimate.previous_correct = estimate.correct
        estimate.previous_answered = estimate.answered
        estimate.area_id = area_id  # a topic's row follows its topic if it moved area
        for field, value in values.items():
            setattr(estimate, field, value)
        changed.append(estimate)
    fields = ["area", "previous_theta", "previous_se", "previous_correct",
              "previous_answered", *next(iter(rows.values()))]
    bulk_set(changed, fields)
    AbilityEstimate.objects.bulk_create(new)


def _defaults(e, rs, attempt, now) -> dict:
    # Blank answers are graded 0 but were not answered: the evidence minimum
    # (quizzes.standing) counts only the questions the learner actually answered.
    return {**_estimate_values(e, rs), "attempt": attempt, "measured_at": now}


def counted_history(*, user_id: int, area_ids: Iterable[int],
                    graded: Sequence[Response] = ()) -> list[Response]:
    """The learner's responses that count for their ability in these areas (one per
    question, ``counted_responses``), with question, topic, version (and its choices, for
    the chance asymptote) and attempt.

    ``graded``: every response of an attempt just graded, already in memory with the
    same relations (the grading's own): they are used as they are and not read again
    (reading them again was a fifth of a submit's CPU)."""
    history = (Response.objects
               .filter(attempt__user_id=user_id, attempt__status=AttemptStatus.GRADED,
                       question__topic__area_id__in=list(area_ids), credit__isnull=False)
               .select_related("question__topic", "version", "attempt")
               .order_by())  # the order is decided in counted_responses
    if graded:
        history = history.exclude(attempt_id__in={r.attempt_id for r in graded})
    history = list(history)
    # The choices of versions, which never change, from process memory: a learner's whole
    # history in the areas is read at every grading, and building its choices again was
    # a tenth of a submit's CPU.
    version_cache.with_choices([r.version for r in history])
    return counted_responses([*history, *graded])


def counted_responses(responses: Iterable[Response]) -> list[Response]:
    """One response per (learner, question): the first graded one.

    Responses must carry their attempt (``attempt.submitted_at``). The order is decided
    here, in Python, by (submitted_at, attempt id, response id): the database's order,
    and where it puts NULLs, plays no part.
    """
    first: dict[tuple[int, int], Response] = {}
    for r in sorted(responses, key=_graded_order):
        first.setdefault((r.attempt.user_id, r.question_id), r)
    return list(first.values())


def _graded_order(r: Response) -> tuple:
    return (r.attempt.submitted_at, r.attempt_id, r.pk)
