"""FSRS scheduling of review cards: ratings from correctness and speed, day-level steps."""

import itertools
import json
from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Rating

from quizzes import reviewing
from quizzes.reviewing import due_of, new_card_state, rating_for, review

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("credit", "seconds", "rating"), [
    (0.0, 5, Rating.Again), (0.5, 5, Rating.Again), (1.0, 5, Rating.Easy),
    (1.0, 45, Rating.Good), (1.0, None, Rating.Good), (1.0, 200, Rating.Hard),
])
def test_rating_for_credit_and_speed(credit, seconds, rating):
    assert rating_for(credit, seconds) == rating


def test_new_card_is_due_now_and_round_trips_json():
    state = new_card_state(NOW)
    assert due_of(json.loads(json.dumps(state))) == NOW


def test_wrong_answer_comes_back_in_days_not_minutes():
    outcome = review(new_card_state(NOW), 0.0, 30, NOW)
    assert outcome.rating_label == "Again"
    assert timedelta(hours=20) <= outcome.due - NOW <= timedelta(days=2)


def test_consecutive_right_answers_push_the_card_further_out():
    state, now, gaps = new_card_state(NOW), NOW, []
    for _ in range(4):
        outcome = review(json.loads(json.dumps(state)), 1.0, 40, now)
        gaps.append(outcome.due - now)
        state, now = outcome.state, outcome.due
    assert all(later > earlier for earlier, later in itertools.pairwise(gaps))
    assert gaps[-1] >= timedelta(days=10)


def test_easy_schedules_later_than_hard():
    easy = review(new_card_state(NOW), 1.0, 5, NOW).due
    hard = review(new_card_state(NOW), 1.0, 300, NOW).due
    assert easy > hard


def test_lapse_after_success_shortens_the_interval():
    first = review(new_card_state(NOW), 1.0, 40, NOW)
    second_good = review(first.state, 1.0, 40, first.due)
    second_bad = review(first.state, 0.0, 40, first.due)
    assert second_bad.due - first.due < second_good.due - first.due


@pytest.mark.parametrize(("stored", "words"), [
    ("Again", "Forgot"), ("Hard", "Hard"), ("Good", "Got it"), ("Easy", "Easy")])
def test_rating_words_are_a_learners_words(stored, words):
    assert reviewing.rating_words(stored) == words


def test_every_fsrs_rating_has_words():
    assert {r.name for r in Rating} == set(reviewing.RATING_WORDS)


@pytest.mark.parametrize(("due", "words"), [
    (NOW - timedelta(minutes=1), "now"),
    (NOW + timedelta(hours=3), "today at 15:00"),
    (NOW + timedelta(hours=13), "tomorrow"),  # 01:00 the next day is tomorrow, not "in 13 h"
    (NOW + timedelta(days=2), "on Thursday 26 Nov"),
    (NOW + timedelta(days=10), "on 4 Dec"),
    (NOW + timedelta(days=60), "on 23 Jan 2027"),
])
def test_when_words(due, words):
    assert reviewing.when_words(due, NOW) == words


def test_queue_sentence_after_many_misses_says_how_many_wait_and_when():
    # 23 misses just now: nothing is due, but the learner sees they are scheduled.
    assert reviewing.queue_sentence(due=0, scheduled=23, next_due=NOW + timedelta(days=1),
                                    now=NOW) == (
        "Nothing due now; 23 cards scheduled, the next due tomorrow.")


def test_queue_sentence_due_and_later():
    assert reviewing.queue_sentence(due=1, scheduled=4, next_due=NOW + timedelta(days=3),
                                    now=NOW) == (
        "1 card due now; 4 more cards scheduled, the next due on Friday 27 Nov.")
    assert reviewing.queue_sentence(due=2, scheduled=0, next_due=None, now=NOW) == (
        "2 cards due now.")


def test_queue_sentence_without_cards():
    assert reviewing.queue_sentence(due=0, scheduled=0, next_due=None, now=NOW).startswith(
        "No cards yet")
