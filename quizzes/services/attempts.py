"""Start, answer, navigate, expire and submit an attempt (DESIGN invariants 1–4, 8)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import grading
from ..models import (
    Assessment,
    AssessmentMode,
    Attempt,
    AttemptStatus,
    FeedbackTiming,
    Question,
    QuestionKind,
    Response,
)
from . import adaptive
from .attempts_common import new_response
from .errors import (
    ATTEMPT_CLOSED,
    EMPTY_BANK,
    NO_ATTEMPTS_LEFT,
    NOT_PUBLISHED,
    RESPONSE_LOCKED,
    TIME_UP,
    AttemptClosed,
    CannotStart,
    ResponseLocked,
    TimeUp,
)
from .scoring import attempt_grade


def attempt_validate_start(*, user, assessment: Assessment) -> None:
    """Raise CannotStart when the learner may not start a new attempt now."""
    if not assessment.is_published or (assessment.owner_id and assessment.owner_id != user.pk):
        raise CannotStart(NOT_PUBLISHED)
    if assessment.attempts_allowed:
        used = Attempt.objects.filter(user=user, assessment=assessment).count()
        if used >= assessment.attempts_allowed:
            raise CannotStart(NO_ATTEMPTS_LEFT.format(allowed=assessment.attempts_allowed))


def attempt_open_for(*, user, assessment: Assessment) -> Attempt | None:
    return Attempt.objects.filter(
        user=user, assessment=assessment, status=AttemptStatus.IN_PROGRESS
    ).first()


def attempt_start(*, user, assessment: Assessment, now: datetime | None = None,
                  rng: random.Random | None = None) -> Attempt:
    """Start an attempt, or return the learner's open one (resume).

    The questions of a fixed or practice form are drawn now, as versions, so later edits
    never change this attempt. An adaptive attempt draws its first question only.
    """
    now = now or timezone.now()
    rng = rng or random.Random()
    existing = attempt_open_for(user=user, assessment=assessment)
    if existing is not None:
        attempt_expire_if_due(attempt=existing, now=now)
        if existing.is_open:
            return existing
    attempt_validate_start(user=user, assessment=assessment)
    deadline = (now + timedelta(minutes=assessment.time_limit_minutes)
                if assessment.time_limit_minutes else None)
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(user=user, assessment=assessment, started_at=now,
                                             deadline=deadline)
            if assessment.mode == AssessmentMode.ADAPTIVE:
                picked = adaptive.first_question(assessment=assessment, rng=rng)
                questions = [picked] if picked else []
            else:
                questions = _draw_fixed(assessment, rng)
            if not questions:
                raise CannotStart(EMPTY_BANK)
            Response.objects.bulk_create(
                [new_response(attempt, q, i, assessment.shuffle_choices, rng)
                 for i, q in enumerate(questions, start=1)]
            )
    except IntegrityError:
        # Two tabs started at once: the conditional unique constraint let one win.
        existing = attempt_open_for(user=user, assessment=assessment)
        if existing is None:
            raise
        return existing
    return attempt


def _draw_fixed(assessment: Assessment, rng: random.Random) -> list[Question]:
    draws = list(assessment.draws.all())
    pool = (Question.objects.live().filter(topic__in=[d.topic_id for d in draws])
            .select_related("current_version").prefetch_related("current_version__choices"))
    by_topic: dict[int, list[Question]] = {}
    for q in pool:
        by_topic.setdefault(q.topic_id, []).append(q)
    picked: list[Question] = []
    for d in draws:
        candidates = sorted(by_topic.get(d.topic_id, []), key=lambda q: q.pk)
        picked.extend(rng.sample(candidates, min(d.count, len(candidates))))
    rng.shuffle(picked)
    return picked


def attempt_expire_if_due(*, attempt: Attempt, now: datetime | None = None) -> bool:
    """Grade an open attempt whose deadline has passed, with what was saved before it.
    Returns True when the attempt is (now) expired."""
    now = now or timezone.now()
    if attempt.is_open and attempt.deadline and now >= attempt.deadline:
        attempt_submit(attempt=attempt, now=now, expired=True)
        return True
    return attempt.expired


def response_validate_save(*, attempt: Attempt, response: Response,
                           now: datetime) -> None:
    """Raise when this answer may not be saved: closed attempt, deadline, final answer."""
    if not attempt.is_open:
        raise AttemptClosed(ATTEMPT_CLOSED)
    if attempt.deadline and now >= attempt.deadline:
        attempt_submit(attempt=attempt, now=now, expired=True)
        raise TimeUp(TIME_UP)
    if response.locked:
        raise ResponseLocked(RESPONSE_LOCKED)


def immediate_feedback(attempt: Attempt) -> bool:
    return (attempt.assessment.feedback == FeedbackTiming.IMMEDIATE
            or attempt.assessment.mode in (AssessmentMode.PRACTICE, AssessmentMode.ADAPTIVE))


def response_save(*, attempt: Attempt, response: Response, answer: dict | None,
                  flagged: bool | None = None, now: datetime | None = None) -> Response:
    """Persist an answer the moment it is given (invariant 4). ``answer`` is the JSON the
    form produced; None leaves the stored answer as it is (e.g. only flagging).

    With immediate feedback (practice and adaptive modes, or an assessment set so), the
    answer is graded and locked at once; an adaptive attempt then draws its next question.
    """
    now = now or timezone.now()
    response_validate_save(attempt=attempt, response=response, now=now)
    fields = []
    if flagged is not None and flagged != response.flagged:
        response.flagged = flagged
        fields.append("flagged")
    if answer is not None:
        response.answer = answer
        response.answered_at = now
        if response.shown_at:
            response.seconds = max(0.0, (now - response.shown_at).total_seconds())
        fields += ["answer", "answered_at", "seconds"]
        if immediate_feedback(attempt):
            key = response.version.answer_key(list(response.version.choices.all()))
            response.credit = grading.grade(key, answer_from_json(response.version.kind, answer))
            response.locked = True
            fields += ["credit", "locked"]
    if not fields:
        return response
    with transaction.atomic():
        # Guard against a submit that landed in between: only an open attempt changes.
        if not Attempt.objects.filter(pk=attempt.pk, status=AttemptStatus.IN_PROGRESS).exists():
            raise AttemptClosed(ATTEMPT_CLOSED)
        response.save(update_fields=fields)
        if answer is not None and attempt.assessment.mode == AssessmentMode.ADAPTIVE:
            adaptive.extend(attempt=attempt)
    return response


def response_mark_shown(*, response: Response, now: datetime | None = None) -> None:
    """Remember when a question was first shown (for time-on-question and review rating)."""
    if response.shown_at is None and not response.locked:
        response.shown_at = now or timezone.now()
        Response.objects.filter(pk=response.pk, shown_at__isnull=True).update(
            shown_at=response.shown_at)


def answer_from_json(kind: str, data: dict | None) -> grading.Answer:
    """The stored answer JSON as the pure grading module's ``Answer``."""
    if not data:
        return grading.Answer()
    if kind in (QuestionKind.SINGLE, QuestionKind.TRUEFALSE, QuestionKind.MULTIPLE):
        return grading.Answer(choice_ids=tuple(int(i) for i in data.get("choices", ())))
    if kind == QuestionKind.ORDERING:
        return grading.Answer(choice_ids=tuple(int(i) for i in data.get("order", ())))
    if kind == QuestionKind.NUMERIC:
        if isinstance(data.get("number"), int | float):
            return grading.Answer(number=float(data["number"]))
        try:  # stored before the reading was kept with the answer
            return grading.Answer(number=grading.parse_number(str(data.get("value", ""))))
        except ValueError:
            return grading.Answer()
    return grading.Answer(text=str(data.get("text", "")))


def attempt_submit(*, attempt: Attempt, now: datetime | None = None,
                   expired: bool = False) -> Attempt:
    """Grade the attempt exactly once (invariant 4): a double click, a retry or a second
    tab finds it graded and returns it unchanged."""
    now = now or timezone.now()
    if not attempt.is_open:
        return attempt
    graded_at = min(now, attempt.deadline) if (expired and attempt.deadline) else now
    graded = attempt_grade(attempt=attempt, submitted_at=graded_at, expired=expired)
    attempt.refresh_from_db()
    return graded or attempt
