"""While a timed test is open, nothing else shows the answers to its questions (issue 9:
practice, the adaptive check and reviews served 1–3 of an open diagnostic's questions
with their keys)."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.forms import choice_token
from quizzes.models import AssessmentMode, Attempt, FeedbackTiming, ReviewCard
from quizzes.services.attempts import attempt_start, attempt_submit
from quizzes.services.practice import practice_assessment_for
from quizzes.services.reviews import cards_for_attempt
from quizzes.services.secrecy import HELD_BACK
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}
HELD = HELD_BACK.split("”")[1][:30]  # " is open and its time is runni"


@pytest.fixture
def diagnostic(build_assessment, user, client):
    """An open timed diagnostic (feedback at the end) over both topics of an area."""
    client.force_login(user)
    assessment = build_assessment(8, kinds=["single"], time_limit_minutes=25,
                                  feedback=FeedbackTiming.DEFERRED)
    return attempt_start(user=user, assessment=assessment)


def topic_ref(attempt) -> str:
    topic = attempt.responses.select_related("question__topic__area").first().question.topic
    return topic.ref


def test_topic_practice_in_the_area_waits_with_a_reason(diagnostic, client, user):
    response = client.post(reverse("quizzes:practice_start"), {"topic": topic_ref(diagnostic)},
                           follow=True)
    html = response.content.decode()
    assert diagnostic.assessment.title in html and "wait" in html
    assert not Attempt.objects.filter(user=user).exclude(pk=diagnostic.pk).exists()


def test_adaptive_check_in_the_area_waits(diagnostic, client, user):
    area = diagnostic.assessment.area
    adaptive = AssessmentFactory(area=area, mode=AssessmentMode.ADAPTIVE,
                                 feedback=FeedbackTiming.IMMEDIATE, time_limit_minutes=None,
                                 topics=list(area.topics.all()))
    response = client.post(reverse("quizzes:attempt_start", args=[adaptive.slug]), follow=True)
    assert HELD in response.content.decode()
    assert not Attempt.objects.filter(assessment=adaptive).exists()


def test_a_second_test_in_the_area_waits_too(diagnostic, client, build_assessment, user):
    """Its result page would list keys, some of them the open test's."""
    other = AssessmentFactory(area=diagnostic.assessment.area,
                              topics=list(diagnostic.assessment.area.topics.all()))
    client.post(reverse("quizzes:attempt_start", args=[other.slug]))
    assert not Attempt.objects.filter(assessment=other).exists()
    # Resuming the open test itself is of course allowed.
    assert attempt_start(user=user, assessment=diagnostic.assessment) == diagnostic


def test_practice_opened_before_is_held_back_until_submitted(build_assessment, user, client):
    client.force_login(user)
    assessment = build_assessment(8, kinds=["single"], time_limit_minutes=25)
    topic = assessment.draws.first().topic
    practice = attempt_start(user=user, assessment=practice_assessment_for(user=user,
                                                                           topic=topic))
    diagnostic = attempt_start(user=user, assessment=assessment)
    take = reverse("quizzes:attempt_take", args=[practice.pk])
    response = client.get(take)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("quizzes:attempt_take", args=[diagnostic.pk])
    r = practice.responses.get(position=1)
    right = next(c.pk for c in r.version.choices.all() if c.fraction == 1)
    response = client.post(reverse("quizzes:response_save", args=[practice.pk, 1]),
                           {"answer": choice_token(f"r{r.pk}", right), "action": "next"},
                           headers=HX)
    assert response["HX-Redirect"].endswith(f"/attempts/{diagnostic.pk}/")
    r.refresh_from_db()
    assert r.answer is None and not r.locked  # nothing graded, no key shown
    page = client.get(response["HX-Redirect"]).content.decode()
    assert HELD in page
    # Submitted: practice goes on.
    attempt_submit(attempt=diagnostic)
    assert client.get(take).status_code == HTTPStatus.OK


def test_reviews_from_the_area_are_held_back_and_say_why(build_assessment, user, client):
    client.force_login(user)
    first = build_assessment(8, kinds=["single"], time_limit_minutes=25)
    graded = attempt_submit(attempt=attempt_start(user=user, assessment=first))
    cards_for_attempt(attempt=graded, responses=list(graded.responses.all()),
                      now=timezone.now())
    ReviewCard.objects.update(due=timezone.now() - timedelta(minutes=1))
    assert "Check answer" in client.get(reverse("quizzes:review_session")).content.decode()
    other = AssessmentFactory(area=first.area, topics=list(first.area.topics.all()))
    diagnostic = attempt_start(user=user, assessment=other)
    html = client.get(reverse("quizzes:review_session")).content.decode()
    assert "Check answer" not in html and "held back" in html and other.title in html
    card = ReviewCard.objects.first()
    version = card.question.current_version
    right = next(c.pk for c in version.choices.all() if c.fraction == 1)
    response = client.post(reverse("quizzes:review_answer", args=[card.pk]),
                           {"answer": choice_token(f"rv{card.pk}.0", right)}, follow=True)
    assert "is-key" not in response.content.decode()
    card.refresh_from_db()
    assert card.reviews == 0
    attempt_submit(attempt=diagnostic)
    assert "Check answer" in client.get(reverse("quizzes:review_session")).content.decode()


def test_other_areas_and_expired_tests_hold_nothing(diagnostic, build_assessment, client, user):
    elsewhere = build_assessment(4, kinds=["single"], time_limit_minutes=None,
                                 mode=AssessmentMode.PRACTICE,
                                 feedback=FeedbackTiming.IMMEDIATE)
    assert attempt_start(user=user, assessment=elsewhere).is_open
    Attempt.objects.filter(pk=diagnostic.pk).update(
        started_at=timezone.now() - timedelta(hours=2),
        deadline=timezone.now() - timedelta(minutes=1))
    response = client.post(reverse("quizzes:practice_start"), {"topic": topic_ref(diagnostic)})
    assert response["Location"].startswith("/attempts/")
