"""Spaced review of missed questions: cards scheduled by FSRS (quizzes.reviewing)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count, Min, Q
from django.utils import timezone

from .. import grading, reviewing
from ..models import Question, Response, ReviewCard
from .errors import ServiceError
from .secrecy import blocker_for_area, message_for, secret_area_ids

#: A missed question first comes back the next day: the result page just showed its key.
FIRST_REVIEW_AFTER = timedelta(days=1)
NOT_DUE = "This card is not due yet; it comes back on {due:%d %b %Y}."


def cards_for_attempt(*, attempt, responses: list[Response], now: datetime) -> int:
    """Create a card for every question answered wrong or partly wrong. Existing cards keep
    their schedule. Returns how many were created."""
    missed = {r.question_id for r in responses if (r.credit or 0.0) < 1.0}
    if not missed:
        return 0
    have = set(ReviewCard.objects.filter(user_id=attempt.user_id, question_id__in=missed)
               .values_list("question_id", flat=True))
    state = reviewing.new_card_state(now)  # the same for every card: built once
    new = [ReviewCard(user_id=attempt.user_id, question_id=q, state=state,
                      due=now + FIRST_REVIEW_AFTER)
           for q in sorted(missed - have)]
    ReviewCard.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def _reviewable(*, user, now: datetime):
    """The learner's cards that can be reviewed at some point: the question is still in
    the bank, and cards from the areas of an open timed test wait until it is submitted."""
    return (ReviewCard.objects.filter(user=user, question__current_version__isnull=False)
            .exclude(question__topic__area_id__in=secret_area_ids(user_id=user.pk, now=now)))


def due_cards(*, user, now: datetime | None = None):
    now = now or timezone.now()
    return (_reviewable(user=user, now=now).filter(due__lte=now)
            .select_related("question__current_version", "question__topic__area")
            .order_by("due", "pk"))


@dataclass(frozen=True)
class ReviewQueue:
    due: int  # due now
    scheduled: int  # not due yet
    next_due: datetime | None  # the earliest of those, in the learner's local time
    now: datetime  # local

    @property
    def sentence(self) -> str:
        return reviewing.queue_sentence(due=self.due, scheduled=self.scheduled,
                                        next_due=self.next_due, now=self.now)


def review_queue(*, user, now: datetime | None = None) -> ReviewQueue:
    """How many cards are due now, how many wait, and when the next one comes: one query,
    over the same cards ``due_cards`` draws from."""
    now = now or timezone.now()
    later = Q(due__gt=now)
    counts = _reviewable(user=user, now=now).aggregate(
        n_due=Count("pk", filter=Q(due__lte=now)), n_later=Count("pk", filter=later),
        first_later=Min("due", filter=later))
    next_due = counts["first_later"]
    return ReviewQueue(due=counts["n_due"], scheduled=counts["n_later"],
                       next_due=timezone.localtime(next_due) if next_due else None,
                       now=timezone.localtime(now))


def card_review(*, card: ReviewCard, answer: grading.Answer, seconds: float | None,
                now: datetime | None = None) -> tuple[ReviewCard, float]:
    """Grade a review answer against the question's current version and reschedule."""
    now = now or timezone.now()
    if card.due > now:
        raise ServiceError(NOT_DUE.format(due=card.due))
    blocker = blocker_for_area(user_id=card.user_id, area_id=card.question.topic.area_id,
                               now=now)
    if blocker is not None:
        raise ServiceError(message_for(blocker))
    version = card.question.current_version
    credit = grading.grade(version.answer_key(list(version.choices.all())), answer)
    outcome = reviewing.review(card.state, credit, seconds, now)
    with transaction.atomic():
        updated = ReviewCard.objects.filter(pk=card.pk, due=card.due).update(
            state=outcome.state, due=outcome.due, reviews=card.reviews + 1,
            last_rating=outcome.rating_label)
        if not updated:  # reviewed in another tab meanwhile
            raise ServiceError(NOT_DUE.format(due=ReviewCard.objects.get(pk=card.pk).due))
    card.refresh_from_db()
    return card, credit


def live_question_ids() -> set[int]:
    return set(Question.objects.live().values_list("pk", flat=True))
