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


#: The words a learner would pick for each FSRS rating (stored as the rating's name).
RATING_WORDS = {"Again": "Forgot", "Hard": "Hard", "Good": "Got it", "Easy": "Easy"}
RATING_RULE = (f"Rated from your answer: not fully right is “Forgot”; right but slower than "
               f"{SLOW_SECONDS:.0f} s is “Hard”; right is “Got it”; right within "
               f"{FAST_SECONDS:.0f} s is “Easy”.")


def rating_words(name: str) -> str:
    """"Got it" for a stored "Good"; an unknown name is shown as it is."""
    return RATING_WORDS.get(name, name)


def when_words(due: datetime, now: datetime) -> str:
    """When a card is due, in the learner's words: "now", "today at 14:05", "tomorrow",
    "on Thursday 3 Dec", "on 12 Jan 2027". Both datetimes are in the learner's local time
    (the caller converts), so "tomorrow" is the learner's tomorrow."""
    if due <= now:
        return "now"
    days = (due.date() - now.date()).days
    if days == 0:
        return f"today at {due:%H:%M}"
    if days == 1:
        return "tomorrow"
    if days < 7:
        return f"on {due:%A} {due.day} {due:%b}"
    return f"on {due.day} {due:%b}" + (f" {due.year}" if due.year != now.year else "")


def queue_sentence(*, due: int, scheduled: int, next_due: datetime | None,
                   now: datetime) -> str:
    """The review queue in one sentence: what is due now and, when nothing is, how many
    cards wait and when the next comes ("Nothing due now; 23 cards scheduled, the next
    due tomorrow."). ``scheduled`` counts the cards not due yet; datetimes are local."""
    def cards(n: int, more: str = "") -> str:
        return f"{n} {more}{'card' if n == 1 else 'cards'}"

    waiting = scheduled and next_due is not None
    if due:
        head = f"{cards(due)} due now"
        if not waiting:
            return f"{head}."
        return (f"{head}; {cards(scheduled, 'more ')} scheduled, the next due "
                f"{when_words(next_due, now)}.")
    if waiting:
        return (f"Nothing due now; {cards(scheduled)} scheduled, the next due "
                f"{when_words(next_due, now)}.")
    return "No cards yet: every question you miss in a test comes back here the next day."
