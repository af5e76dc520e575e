"""Attempt services: draw, save, expire, submit; invariants 1, 3, 4 and 8."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.models import Attempt, AttemptStatus, Response
from quizzes.services.attempts import (
    answer_from_json,
    attempt_expire_if_due,
    attempt_start,
    attempt_submit,
    response_save,
)
from quizzes.services.errors import (
    ATTEMPT_CLOSED,
    EMPTY_BANK,
    TIME_UP,
    AttemptClosed,
    CannotStart,
    ResponseLocked,
    TimeUp,
)
from tests.factories import AssessmentFactory, QuestionVersionFactory, UserFactory

pytestmark = pytest.mark.django_db


def right_answer(response: Response) -> dict:
    """The answer JSON that earns full credit for a response's version."""
    v = response.version
    choices = sorted(v.choices.all(), key=lambda c: c.order)
    if v.kind in ("single", "truefalse"):
        return {"choices": [next(c.pk for c in choices if c.fraction == 1)]}
    if v.kind == "multiple":
        return {"choices": [c.pk for c in choices if c.fraction > 0]}
    if v.kind == "numeric":
        # As the answer form stores it: the typed text and the number it reads as.
        return {"value": str(v.data["answer"]), "number": float(v.data["answer"])}
    if v.kind == "text":
        return {"text": v.data["accepted"][0]}
    return {"order": [c.pk for c in choices]}


def test_attempt_start_draws_per_topic_counts_as_versions(build_assessment, user):
    assessment = build_assessment(10, per_topic=3)
    attempt = attempt_start(user=user, assessment=assessment, rng=random.Random(1))
    responses = list(attempt.responses.select_related("question", "version"))
    assert len(responses) == 6
    assert len({r.question_id for r in responses}) == 6
    assert all(r.version_id == r.question.current_version_id for r in responses)
    assert sorted(r.position for r in responses) == list(range(1, 7))
    assert attempt.deadline == attempt.started_at + timedelta(minutes=20)


def test_attempt_start_twice_resumes_the_open_attempt(build_assessment, user):
    assessment = build_assessment(4)
    first = attempt_start(user=user, assessment=assessment)
    again = attempt_start(user=user, assessment=assessment)
    assert again.pk == first.pk
    assert Attempt.objects.filter(user=user).count() == 1


def test_attempt_start_respects_attempts_allowed(build_assessment, user):
    assessment = build_assessment(4, attempts_allowed=1)
    attempt = attempt_start(user=user, assessment=assessment)
    attempt_submit(attempt=attempt)
    with pytest.raises(CannotStart, match="all 1 attempts"):
        attempt_start(user=user, assessment=assessment)


def test_attempt_start_without_live_questions_is_refused(db, user):
    assessment = AssessmentFactory()
    with pytest.raises(CannotStart) as info:
        attempt_start(user=user, assessment=assessment)
    assert str(info.value) == EMPTY_BANK
    assert not Attempt.objects.exists()  # nothing half-written


def test_attempt_start_shuffles_ordering_items_away_from_key(build_assessment, user):
    assessment = build_assessment(4, kinds=["ordering"])
    for seed in range(5):
        attempt = attempt_start(user=user, assessment=assessment, rng=random.Random(seed))
        for r in attempt.responses.all():
            key = [c.pk for c in r.version.choices.order_by("order")]
            assert sorted(r.choice_order) == sorted(key)
            assert r.choice_order != key
        attempt_submit(attempt=attempt)


def test_submit_grades_every_kind_with_full_credit(build_assessment, user):
    attempt = attempt_start(user=user, assessment=build_assessment(12))
    for r in attempt.responses.all():
        response_save(attempt=attempt, response=r, answer=right_answer(r))
    attempt = attempt_submit(attempt=attempt)
    assert attempt.status == AttemptStatus.GRADED
    assert attempt.score == pytest.approx(1.0)
    assert set(attempt.responses.values_list("credit", flat=True)) == {1.0}
    assert sum(t["total"] for t in attempt.topic_results.values()) == 12


def test_submit_twice_grades_once(build_assessment, user):
    attempt = attempt_start(user=user, assessment=build_assessment(4))
    first = attempt_submit(attempt=attempt)
    submitted_at = first.submitted_at
    stale = Attempt.objects.get(pk=attempt.pk)
    stale.status = AttemptStatus.IN_PROGRESS  # a second tab that still thinks it is open
    again = attempt_submit(attempt=stale)
    assert again.submitted_at == submitted_at
    assert Attempt.objects.get(pk=attempt.pk).submitted_at == submitted_at


def test_response_save_after_submit_is_refused(build_assessment, user):
    attempt = attempt_start(user=user, assessment=build_assessment(4))
    r = attempt.responses.first()
    attempt_submit(attempt=attempt)
    attempt.refresh_from_db()
    with pytest.raises(AttemptClosed) as info:
        response_save(attempt=attempt, response=r, answer=right_answer(r))
    assert str(info.value) == ATTEMPT_CLOSED


def test_response_save_after_deadline_is_refused_and_attempt_graded(build_assessment, user):
    attempt = attempt_start(user=user, assessment=build_assessment(4))
    first, second = list(attempt.responses.order_by("position"))[:2]
    response_save(attempt=attempt, response=first, answer=right_answer(first))
    late = attempt.deadline + timedelta(seconds=1)
    with pytest.raises(TimeUp) as info:
        response_save(attempt=attempt, response=second, answer=right_answer(second), now=late)
    assert str(info.value) == TIME_UP
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.GRADED and attempt.expired
    assert attempt.submitted_at == attempt.deadline
    second.refresh_from_db()
    assert second.answer is None and second.credit == 0.0
    first.refresh_from_db()
    assert first.credit == 1.0


def test_expire_if_due_grades_with_saved_answers(build_assessment, user):
    attempt = attempt_start(user=user, assessment=build_assessment(4))
    r = attempt.responses.first()
    response_save(attempt=attempt, response=r, answer=right_answer(r))
    assert not attempt_expire_if_due(attempt=attempt, now=timezone.now())
    assert attempt_expire_if_due(attempt=attempt, now=attempt.deadline)
    attempt.refresh_from_db()
    assert attempt.score == pytest.approx(0.25)


def test_editing_question_after_attempt_keeps_past_version_and_score(build_assessment, user):
    attempt = attempt_start(user=user, assessment=build_assessment(2, kinds=["single"]))
    for r in attempt.responses.all():
        response_save(attempt=attempt, response=r, answer=right_answer(r))
    attempt = attempt_submit(attempt=attempt)
    r = attempt.responses.select_related("question").first()
    old_version = r.version_id
    # A new version whose key moves the full credit to another option.
    new = QuestionVersionFactory(question=r.question, choices=[("Wrong now", 0.0),
                                                               ("Right now", 1.0)])
    r.question.current_version = new
    r.question.save()
    r.refresh_from_db()
    assert r.version_id == old_version
    assert r.credit == 1.0
    assert Attempt.objects.get(pk=attempt.pk).score == pytest.approx(1.0)


def test_immediate_feedback_locks_answer(build_assessment, user):
    attempt = attempt_start(user=user, assessment=build_assessment(2, feedback="immediate"))
    r = attempt.responses.first()
    response_save(attempt=attempt, response=r, answer=right_answer(r))
    r.refresh_from_db()
    assert r.locked and r.credit == 1.0
    with pytest.raises(ResponseLocked):
        response_save(attempt=attempt, response=r, answer={"choices": []})


def test_deferred_feedback_answer_can_change_until_submit(build_assessment, user):
    attempt = attempt_start(user=user, assessment=build_assessment(2, kinds=["single"]))
    r = attempt.responses.first()
    wrong = next(c.pk for c in r.version.choices.all() if c.fraction == 0)
    response_save(attempt=attempt, response=r, answer={"choices": [wrong]})
    response_save(attempt=attempt, response=r, answer=right_answer(r))
    r.refresh_from_db()
    assert r.credit is None and not r.locked  # nothing graded before submit
    attempt_submit(attempt=attempt)
    r.refresh_from_db()
    assert r.credit == 1.0


def test_submit_creates_review_cards_for_missed_questions(build_assessment, user):
    attempt = attempt_start(user=user, assessment=build_assessment(4, kinds=["single"]))
    responses = list(attempt.responses.all())
    response_save(attempt=attempt, response=responses[0], answer=right_answer(responses[0]))
    attempt_submit(attempt=attempt)
    assert set(user.review_cards.values_list("question_id", flat=True)) == {
        r.question_id for r in responses[1:]}


def test_submit_updates_area_and_topic_abilities(build_assessment, user):
    assessment = build_assessment(6)
    attempt = attempt_start(user=user, assessment=assessment)
    for r in attempt.responses.all():
        response_save(attempt=attempt, response=r, answer=right_answer(r))
    attempt_submit(attempt=attempt)
    area = user.abilities.get(topic__isnull=True)
    assert area.area_id == assessment.area_id
    assert area.theta > 0.5 and area.answered == 6
    assert user.abilities.filter(topic__isnull=False).count() == 2


def test_other_learner_cannot_be_graded_into_my_abilities(build_assessment, user):
    other = UserFactory()
    attempt = attempt_start(user=other, assessment=build_assessment(2))
    attempt_submit(attempt=attempt)
    assert not user.abilities.exists()


def test_numeric_answer_grades_by_the_stored_number_and_reads_old_rows_from_the_text():
    """New rows keep the number read when typed; rows stored before that are read again."""
    assert answer_from_json("numeric", {"value": "2,448", "number": 2448.0}).number == 2448.0
    assert answer_from_json("numeric", {"value": "2,448"}).number == 2448.0
    assert answer_from_json("numeric", {"value": "2,44"}).number is None  # refused: blank
