"""Start, answer, navigate, expire and submit an attempt (DESIGN invariants 1–4, 8)."""

from __future__ import annotations

import random
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from .. import answer_store, grading
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
from ..sampling import stratified_sample
from . import adaptive, secrecy
from .attempts_common import new_response
from .errors import (
    ATTEMPT_CLOSED,
    COOLDOWN,
    EMPTY_BANK,
    NO_ATTEMPTS_LEFT,
    NOT_PUBLISHED,
    RESPONSE_LOCKED,
    SUPERSEDED,
    TIME_UP,
    AttemptClosed,
    CannotStart,
    ResponseLocked,
    Superseded,
    TimeUp,
)
from .scoring import attempt_grade


def attempt_validate_start(*, user, assessment: Assessment,
                           now: datetime | None = None) -> None:
    """Raise CannotStart when the learner may not start a new attempt now."""
    if not assessment.is_published or (assessment.owner_id and assessment.owner_id != user.pk):
        raise CannotStart(NOT_PUBLISHED)
    if assessment.attempts_allowed:
        used = Attempt.objects.filter(user=user, assessment=assessment).count()
        if used >= assessment.attempts_allowed:
            raise CannotStart(NO_ATTEMPTS_LEFT.format(allowed=assessment.attempts_allowed))
    available = next_attempt_at(user=user, assessment=assessment)
    if available is not None and (now or timezone.now()) < available:
        raise CannotStart(cooldown_message(assessment, available))


def next_attempt_at(*, user, assessment: Assessment) -> datetime | None:
    """When the cool-down after the learner's last submitted attempt ends (None: no
    cool-down, or no attempt submitted yet). The caller compares it with now."""
    if not assessment.cooldown_hours:
        return None
    last = (Attempt.objects.filter(user=user, assessment=assessment,
                                   status=AttemptStatus.GRADED, submitted_at__isnull=False)
            .order_by("-submitted_at").values_list("submitted_at", flat=True).first())
    return last + timedelta(hours=assessment.cooldown_hours) if last else None


def cooldown_message(assessment: Assessment, available: datetime) -> str:
    hours = assessment.cooldown_hours
    return COOLDOWN.format(when=f"{available:%-d %b %Y, %H:%M}",
                           hours=f"{hours} hour{'' if hours == 1 else 's'}")


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
    attempt_validate_start(user=user, assessment=assessment, now=now)
    blocker = secrecy.blocker_for_start(user=user, assessment=assessment, now=now)
    if blocker is not None:
        raise CannotStart(secrecy.message_for(blocker))
    deadline = (now + timedelta(minutes=assessment.time_limit_minutes)
                if assessment.time_limit_minutes else None)
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(user=user, assessment=assessment, started_at=now,
                                             deadline=deadline)
            if assessment.mode == AssessmentMode.ADAPTIVE:
                picked = adaptive.first_question(assessment=assessment, rng=rng, user=user)
                questions = [picked] if picked else []
            else:
                questions = _draw_fixed(assessment, rng, user)
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


def seen_by(user) -> Exists:
    """Annotation: the learner has been given this question before, in any attempt."""
    return Exists(Response.objects.filter(attempt__user=user, question=OuterRef("pk")))


@dataclass(frozen=True)
class _Candidate:
    """A question of the pool as the draw needs it: its id, whether the learner was given
    it before, and its difficulty tier."""

    pk: int
    seen: bool
    tier: int


def _draw_fixed(assessment: Assessment, rng: random.Random, user) -> list[Question]:
    """The questions of a fixed or practice form. Questions the learner has not been
    given before come first (a retake measures something new); seen ones only fill a
    topic whose unseen questions have run out.

    Only (topic, id, seen) of the pool is read; the drawn questions alone are then loaded
    with their versions and choices, so starting costs the same whatever the bank's size."""
    draws = list(assessment.draws.select_related("topic"))
    by_topic: dict[int, list[_Candidate]] = {}
    for topic_id, pk, seen, tier in (Question.objects.live()
                                     .filter(topic__in=[d.topic_id for d in draws])
                                     .annotate(seen=seen_by(user),
                                               tier=F("current_version__difficulty"))
                                     .order_by("pk")
                                     .values_list("topic_id", "pk", "seen", "tier")):
        by_topic.setdefault(topic_id, []).append(_Candidate(pk, bool(seen), tier))
    if assessment.per_area:
        picked = _draw_per_area(assessment.per_area, draws, by_topic, rng)
    else:
        picked = []
        for d in draws:
            picked.extend(_take(by_topic.get(d.topic_id, []), d.count, rng, stratify=True))
    rng.shuffle(picked)
    loaded = Question.objects.select_related("current_version").prefetch_related(
        "current_version__choices").in_bulk([c.pk for c in picked])
    return [loaded[c.pk] for c in picked]


def _take(candidates: list[_Candidate], count: int, rng: random.Random, *,
          stratify: bool = False) -> list[_Candidate]:
    """``count`` questions at random, unseen ones first; removes them from ``candidates``.
    ``stratify``: spread them over tier bands (``sampling.stratified_sample``), the seen
    ones that fill a topic going where the unseen ones left it thinnest."""
    unseen = [q for q in candidates if not q.seen]
    seen = [q for q in candidates if q.seen]
    if stratify:
        taken = stratified_sample(_by_tier(unseen), count, rng)
        taken += stratified_sample(_by_tier(seen), count - len(taken), rng,
                                   taken_tiers=[_tier(q) for q in taken])
    else:
        taken = rng.sample(unseen, min(count, len(unseen)))
        taken += rng.sample(seen, min(count - len(taken), len(seen)))
    for q in taken:
        candidates.remove(q)
    return taken


def _tier(q) -> int:
    """A candidate's difficulty tier (annotated on the pool, so a draw that reads only
    ids and flags can carry it too)."""
    return q.tier


def _by_tier(questions: list[_Candidate]) -> dict[int, list[_Candidate]]:
    out: dict[int, list[_Candidate]] = {}
    for q in questions:
        out.setdefault(_tier(q), []).append(q)
    return out


def _draw_per_area(per_area: int, draws, by_topic: dict[int, list[_Candidate]],
                   rng: random.Random) -> list[_Candidate]:
    """``per_area`` questions from every area, one per topic: the topics the learner has
    been given fewest questions of come first (random among equals), so every attempt
    covers every area and retakes rotate through all the topics."""
    topics_by_area: dict[int, list[int]] = {}
    for d in draws:
        topics_by_area.setdefault(d.topic.area_id, []).append(d.topic_id)
    picked: list[_Candidate] = []
    for topic_ids in topics_by_area.values():
        order = sorted(topic_ids, key=lambda t: (
            sum(1 for q in by_topic.get(t, []) if q.seen), rng.random()))
        wanted = per_area
        while wanted:
            took = 0
            for t in order:
                if wanted and (one := _take(by_topic.get(t, []), 1, rng)):
                    picked.extend(one)
                    wanted -= 1
                    took += 1
            if not took:
                break  # the area's listed topics have no questions left
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
                  flagged: bool | None = None, seq: int | None = None,
                  now: datetime | None = None) -> Response:
    """Persist an answer the moment it is given (invariant 4). ``answer`` is the JSON the
    form produced; None leaves the stored answer as it is (e.g. only flagging).

    ``seq`` is the client's sequence number of this answer (it grows with every change in
    the page). The write is one conditional UPDATE (attempt open, response not locked,
    stored seq not newer), so of two requests racing, an older one that finishes later
    changes nothing and raises Superseded: no read-modify-write window. A post without
    ``seq`` (a page from before, a script) writes unconditionally, as a no-JS post does.

    With immediate feedback (practice and adaptive modes, or an assessment set so), the
    answer is graded and locked at once; an adaptive attempt then draws its next question.
    """
    now = now or timezone.now()
    response_validate_save(attempt=attempt, response=response, now=now)
    values: dict = {}
    if flagged is not None and flagged != response.flagged:
        values["flagged"] = flagged
    if answer is not None:
        values.update(answer=answer, answered_at=now)
        if response.shown_at:
            values["seconds"] = max(0.0, (now - response.shown_at).total_seconds())
        if seq is not None:
            values["seq"] = seq
        if immediate_feedback(attempt):
            key = response.version.answer_key(list(response.version.choices.all()))
            values["credit"] = grading.grade(key,
                                             answer_from_json(response.version.kind, answer))
            values["locked"] = True
    if not values:
        return response
    adaptive_mode = attempt.assessment.mode == AssessmentMode.ADAPTIVE
    # One UPDATE is atomic by itself: a transaction (two more round trips) only where the
    # adaptive check draws its next question with it.
    with transaction.atomic() if adaptive_mode else nullcontext():
        # One UPDATE with every condition in its WHERE, compiled once per process
        # (quizzes/answer_store.py): the response not locked, its attempt open and, for an
        # answer with a sequence number, the stored one not newer.
        if not answer_store.store(response_id=response.pk, attempt_id=attempt.pk,
                                  values=values,
                                  seq=seq if answer is not None else None):
            _raise_not_stored(attempt=attempt, response=response)
        for name, value in values.items():
            setattr(response, name, value)
        if answer is not None and adaptive_mode:
            adaptive.extend(attempt=attempt)
    return response


def _raise_not_stored(*, attempt: Attempt, response: Response) -> None:
    """Say why the conditional UPDATE changed nothing."""
    if not Attempt.objects.filter(pk=attempt.pk, status=AttemptStatus.IN_PROGRESS).exists():
        raise AttemptClosed(ATTEMPT_CLOSED)
    if Response.objects.filter(pk=response.pk, locked=True).exists():
        raise ResponseLocked(RESPONSE_LOCKED)
    raise Superseded(SUPERSEDED)


def response_mark_shown(*, response: Response, now: datetime | None = None) -> None:
    """Remember when a question was first shown (for time-on-question and review rating)."""
    if response.shown_at is None and not response.locked:
        response.shown_at = now or timezone.now()
        answer_store.stamp_shown(response_id=response.pk, when=response.shown_at)


def answer_from_json(kind: str, data: dict | None) -> grading.Answer:
    """The stored answer JSON as the pure grading module's ``Answer``."""
    if not data:
        return grading.Answer()
    if data.get("dont_know"):
        return grading.Answer(dont_know=True)
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
