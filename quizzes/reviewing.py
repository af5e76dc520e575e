"""Spaced review of missed questions with FSRS (the maintained `fsrs` library).

Pure: a card's state is a JSON-ready dict (stored in ReviewCard.state); these functions
take it and return the next one. Day-level scheduling suits quizzes: no minute-long
learning steps, so a missed question comes back tomorrow at the earliest, not in ten
minutes. Fuzzing is off so schedules are reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fsrs import Card, Rating, Scheduler

DESIRED_RETENTION = 0.9
#: A fully right answer this fast is "Easy"; slower than SLOW_SECONDS is "Hard".
FAST_SECONDS = 20.0
SLOW_SECONDS = 90.0

SCHEDULER = Scheduler(desired_retention=DESIRED_RETENTION, learning_steps=(),
                      relearning_steps=(), enable_fuzzing=False)


@dataclass(frozen=True)
class ReviewOutcome:
    state: dict
    due: datetime
    rating_label: str


def new_card_state(now: datetime) -> dict:
    """A new card, due now."""
    return Card(due=now).to_dict()


def rating_for(credit: float, seconds: float | None) -> Rating:
    """Correctness first, then speed: anything short of full credit is Again."""
    if credit < 1.0:
        return Rating.Again
    if seconds is not None and seconds < FAST_SECONDS:
        return Rating.Easy
    if seconds is not None and seconds > SLOW_SECONDS:
        return Rating.Hard
    return Rating.Good


def review(state: dict, credit: float, seconds: float | None, now: datetime) -> ReviewOutcome:
    """Rate one review and schedule the next."""
    card = Card.from_dict(state) if state else Card(due=now)
    rating = rating_for(credit, seconds)
    card, _log = SCHEDULER.review_card(card, rating, review_datetime=now)
    return ReviewOutcome(state=card.to_dict(), due=card.due, rating_label=rating.name)


def due_of(state: dict) -> datetime:
    return Card.from_dict(state).due
