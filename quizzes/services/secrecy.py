"""While a timed test is open, nothing else shows the answers to its questions.

Topic practice and adaptive checks give feedback after each answer, review cards show the
key, and another test's result lists its keys: any of them could serve a question of the
open test with its answer. So while a learner has an open timed test whose feedback
comes at the end, everything else in the areas its questions come from waits until it is
submitted (or its time runs out): starting, continuing or submitting another attempt
there, and reviewing cards from there. The learner is told why and where to go."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from ..models import (
    Assessment,
    AssessmentMode,
    AssessmentTopic,
    Attempt,
    AttemptStatus,
    FeedbackTiming,
    Response,
)

HELD_BACK = ("“{title}” is open and its time is running. Until you submit it, practice, "
             "other tests and reviews in {areas} wait, so that nothing shows the answers "
             "to its questions.")


def keeps_keys_secret(attempt: Attempt, now: datetime | None = None) -> bool:
    """An open timed attempt whose answers are shown only after it is submitted."""
    now = now or timezone.now()
    a = attempt.assessment
    return (attempt.is_open and attempt.deadline is not None and attempt.deadline > now
            and a.mode == AssessmentMode.FIXED and a.feedback == FeedbackTiming.DEFERRED)


def secret_attempts(*, user_id: int, now: datetime | None = None) -> QuerySet[Attempt]:
    """The learner's open timed attempts with feedback at the end."""
    return Attempt.objects.filter(
        user_id=user_id, status=AttemptStatus.IN_PROGRESS, deadline__gt=now or timezone.now(),
        assessment__mode=AssessmentMode.FIXED, assessment__feedback=FeedbackTiming.DEFERRED)


def secret_area_ids(*, user_id: int, now: datetime | None = None) -> QuerySet:
    """The areas those attempts' questions come from (a subquery, no query of its own)."""
    return Response.objects.filter(
        attempt__in=secret_attempts(user_id=user_id, now=now)
    ).values("question__topic__area_id")


def message_for(blocker: Attempt) -> str:
    area = blocker.assessment.area
    return HELD_BACK.format(title=blocker.assessment.title,
                            areas=area.title if area else "the areas it covers")


def _blocker(*, user_id: int, area_ids, exclude_pk: int | None,
             now: datetime | None) -> Attempt | None:
    qs = secret_attempts(user_id=user_id, now=now).filter(
        responses__question__topic__area_id__in=area_ids)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.select_related("assessment__area").order_by("deadline").first()


def blocker_for_start(*, user, assessment: Assessment,
                      now: datetime | None = None) -> Attempt | None:
    """The open timed attempt that stops ``assessment`` from starting now, if any."""
    areas = AssessmentTopic.objects.filter(assessment=assessment).values("topic__area_id")
    return _blocker(user_id=user.pk, area_ids=areas, exclude_pk=None, now=now)


def blocker_for_attempt(attempt: Attempt, now: datetime | None = None) -> Attempt | None:
    """The open timed attempt that holds ``attempt`` back, if any. A timed test that keeps
    its own keys secret is never held back by this rule (and costs no query)."""
    if keeps_keys_secret(attempt, now):
        return None
    areas = Response.objects.filter(attempt=attempt).values("question__topic__area_id")
    return _blocker(user_id=attempt.user_id, area_ids=areas, exclude_pk=attempt.pk, now=now)


def held_back_exists(*, attempt_ref, user_ref, now) -> Exists:
    """An expression for another query: is the attempt ``attempt_ref`` names held back by
    an open timed test of its learner (``user_ref``), as ``blocker_for_attempt`` finds it
    (the caller still lets a test that keeps its own keys secret through)."""
    areas = Response.objects.filter(attempt_id=OuterRef(OuterRef(attempt_ref))).values(
        "question__topic__area_id")  # a subquery of the Exists: two levels out
    return Exists(secret_attempts(user_id=OuterRef(user_ref), now=now)
                  .filter(responses__question__topic__area_id__in=areas)
                  .exclude(pk=OuterRef(attempt_ref)))


def blocker_for_area(*, user_id: int, area_id: int,
                     now: datetime | None = None) -> Attempt | None:
    return _blocker(user_id=user_id, area_ids=[area_id], exclude_pk=None, now=now)
