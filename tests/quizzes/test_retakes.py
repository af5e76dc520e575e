"""Retakes: which answers count for the ability (the first graded answer to a question,
ordered without NULLs), unseen questions first, and the author's cool-down."""

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quizzes.models import Response
from quizzes.services.abilities import counted_history, counted_responses
from quizzes.services.attempts import (
    attempt_start,
    attempt_submit,
    next_attempt_at,
    response_save,
)
from quizzes.services.errors import CannotStart
from tests.quizzes.test_services import right_answer

pytestmark = pytest.mark.django_db


def take(user, assessment, *, answer, now, rng=None):
    """Start, answer (``answer(response)`` -> dict or None for a blank) and submit."""
    attempt = attempt_start(user=user, assessment=assessment, now=now,
                            rng=rng or random.Random(1))
    for r in attempt.responses.select_related("version"):
        data = answer(r)
        if data is not None:
            response_save(attempt=attempt, response=r, answer=data, now=now)
    return attempt_submit(attempt=attempt, now=now + timedelta(minutes=5))


def test_blank_first_then_right_on_retake_counts_the_blank(build_assessment, user):
    # The same questions twice (2 questions, 1 per topic drawn, nothing unseen left).
    assessment = build_assessment(2, per_topic=1)
    start = timezone.now() - timedelta(days=2)
    first = take(user, assessment, answer=lambda r: None, now=start)
    second = take(user, assessment, answer=right_answer, now=start + timedelta(days=1))
    assert {r.question_id for r in first.responses.all()} == \
        {r.question_id for r in second.responses.all()}
    # The blanks have answered_at NULL, the retake's answers a date: on SQLite NULLs sort
    # first, on PostgreSQL last. The counted answers must not depend on that.
    assert not first.responses.filter(answered_at__isnull=False).exists()
    counted = counted_history(user_id=user.pk, area_ids=[assessment.area_id])
    assert {r.attempt_id for r in counted} == {first.pk}
    assert all(r.credit == 0 for r in counted)
    area = user.abilities.get(topic__isnull=True)
    assert area.theta < 0 and area.correct == 0 and area.attempt_id == second.pk


def test_right_answer_after_seeing_the_explanation_does_not_inflate(build_assessment, user):
    assessment = build_assessment(2, per_topic=1)
    start = timezone.now() - timedelta(days=2)
    take(user, assessment, answer=lambda r: {"text": "wrong"} if r.version.kind == "text"
         else {"choices": []} if r.version.kind != "numeric" else {"value": "-999"},
         now=start)
    before = user.abilities.get(topic__isnull=True).theta
    take(user, assessment, answer=right_answer, now=start + timedelta(days=1))
    assert user.abilities.get(topic__isnull=True).theta == pytest.approx(before)


def test_counted_responses_orders_by_submission_not_by_answered_at_or_database(
        build_assessment, user):
    assessment = build_assessment(2, per_topic=1)
    start = timezone.now() - timedelta(days=3)
    early = take(user, assessment, answer=right_answer, now=start)
    late = take(user, assessment, answer=lambda r: None, now=start + timedelta(days=1))
    # A later attempt with a larger answered_at but an EARLIER primary key must not win,
    # nor may an answered_at far in the past on the later attempt.
    Response.objects.filter(attempt=late).update(answered_at=start - timedelta(days=30))
    rows = list(Response.objects.filter(attempt__user=user).select_related("attempt"))
    for shuffled in (rows, rows[::-1], sorted(rows, key=lambda r: -r.pk)):
        assert {r.attempt_id for r in counted_responses(shuffled)} == {early.pk}
    with CaptureQueriesContext(connection) as queries:
        counted_history(user_id=user.pk, area_ids=[assessment.area_id])
    sql = " ".join(q["sql"] for q in queries.captured_queries).upper()
    assert "ORDER BY" not in sql  # no reliance on the database's order, NULLs or not


def test_retake_draws_unseen_questions_first(build_assessment, user):
    assessment = build_assessment(8, per_topic=2)  # 4 per topic, 2 drawn per topic
    start = timezone.now() - timedelta(days=2)
    first = take(user, assessment, answer=lambda r: None, now=start,
                 rng=random.Random(3))
    second = attempt_start(user=user, assessment=assessment, now=start + timedelta(days=1),
                           rng=random.Random(3))
    one = set(first.responses.values_list("question_id", flat=True))
    two = set(second.responses.values_list("question_id", flat=True))
    assert len(one) == len(two) == 4 and not one & two


def test_retake_refills_with_seen_questions_when_unseen_run_out(build_assessment, user):
    assessment = build_assessment(6, per_topic=2)  # 3 per topic
    start = timezone.now() - timedelta(days=2)
    first = take(user, assessment, answer=lambda r: None, now=start)
    second = attempt_start(user=user, assessment=assessment, now=start + timedelta(days=1))
    one = set(first.responses.values_list("question_id", flat=True))
    two = set(second.responses.values_list("question_id", flat=True))
    assert len(two) == 4 and len(two - one) == 2  # both unseen ones, then 2 seen


def test_adaptive_retake_starts_with_an_unseen_question(build_assessment, user):
    assessment = build_assessment(4, per_topic=2, mode="adaptive")
    start = timezone.now() - timedelta(days=2)
    seen = set()
    for day in range(3):
        attempt = attempt_start(user=user, assessment=assessment,
                                now=start + timedelta(hours=day), rng=random.Random(day))
        r = attempt.responses.get()
        assert r.question_id not in seen
        seen.add(r.question_id)
        attempt_submit(attempt=attempt, now=start + timedelta(hours=day, minutes=5))


def test_cooldown_refuses_a_retake_and_says_when(build_assessment, user):
    assessment = build_assessment(2, per_topic=1, cooldown_hours=24)
    submitted = timezone.now().replace(microsecond=0) - timedelta(hours=2)
    take(user, assessment, answer=lambda r: None, now=submitted - timedelta(minutes=5))
    available = next_attempt_at(user=user, assessment=assessment)
    assert available == submitted + timedelta(hours=24)
    with pytest.raises(CannotStart, match=r"again from .* UTC.*24 hours between attempts"):
        attempt_start(user=user, assessment=assessment)
    # After the pause, a retake starts.
    later = attempt_start(user=user, assessment=assessment,
                          now=available + timedelta(minutes=1))
    assert later.is_open


def test_assessment_page_states_the_cooldown_and_next_start(client, build_assessment, user):
    assessment = build_assessment(2, per_topic=1, cooldown_hours=48)
    client.force_login(user)
    page = client.get(reverse("quizzes:assessment_detail", args=[assessment.slug]))
    assert "48 hours between attempts" in page.content.decode()
    take(user, assessment, answer=lambda r: None,
         now=timezone.now() - timedelta(minutes=10))
    page = client.get(reverse("quizzes:assessment_detail", args=[assessment.slug])).content
    assert "next attempt from" in page.decode()
    refused = client.post(reverse("quizzes:attempt_start", args=[assessment.slug]),
                          follow=True)
    assert "You can take this assessment again from" in refused.content.decode()
    assert user.attempts.count() == 1


def test_grading_estimates_equal_recomputing_the_whole_history(build_assessment, user):
    """Grading counts the attempt it has just graded from memory and reads only the
    learner's other attempts: what it stores must be what reading the whole history from
    the database gives (``recompute_for_user``), after retakes that repeat some questions
    and bring new ones, with blanks, wrong and right answers."""
    from quizzes.models import AbilityEstimate
    from quizzes.services.abilities import recompute_for_user

    # 5 per topic, 2 drawn per topic: the third attempt repeats one question per topic
    # (its answers do not count) and brings one new one (they do).
    assessment = build_assessment(10, per_topic=2)
    start = timezone.now() - timedelta(days=5)
    answers = [lambda r: None, right_answer,
               lambda r: right_answer(r) if r.position % 2 else None]
    for day, answer in enumerate(answers):
        take(user, assessment, answer=answer, now=start + timedelta(days=day),
             rng=random.Random(day))

    def stored():
        return {(e.area_id, e.topic_id): (e.theta, e.se, e.correct, e.answered)
                for e in AbilityEstimate.objects.filter(user=user)}

    graded = stored()
    assert len(graded) == 3  # the area and its two topics
    AbilityEstimate.objects.filter(user=user).update(theta=9.0, se=9.0, correct=99,
                                                     answered=99)
    recompute_for_user(user_id=user.pk, area_ids=[assessment.area_id])
    assert stored().keys() == graded.keys()
    for key, values in stored().items():
        assert values == pytest.approx(graded[key]), key
