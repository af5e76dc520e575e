"""Database constraints: each checked by full_clean() and by the database itself."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from quizzes.models import Attempt, Choice, QuestionVersion, Response, Topic
from tests.factories import (
    AreaFactory,
    AssessmentTopicFactory,
    AttemptFactory,
    QuestionFactory,
    ResourceFactory,
    ResponseFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def both_fail(instance, create):
    with pytest.raises(ValidationError):
        instance.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_topic_slug_unique_per_area():
    t = TopicFactory()
    dup = Topic(area=t.area, slug=t.slug, title="x")
    both_fail(dup, lambda: Topic.objects.create(area=t.area, slug=t.slug, title="x"))
    Topic.objects.create(area=AreaFactory(), slug=t.slug, title="other area is fine")


def test_version_difficulty_range():
    q = QuestionFactory()
    v = QuestionVersion(question=q, number=9, kind="single", difficulty=6, stem="s")
    both_fail(v, lambda: QuestionVersion.objects.create(question=q, number=9, kind="single",
                                                        difficulty=6, stem="s"))


def test_version_number_unique_per_question():
    q = QuestionFactory()
    v = QuestionVersion(question=q, number=1, kind="single", difficulty=2, stem="s")
    both_fail(v, lambda: QuestionVersion.objects.create(question=q, number=1, kind="single",
                                                        difficulty=2, stem="s"))


def test_choice_fraction_range_and_unique_order():
    v = QuestionFactory().current_version
    c = Choice(version=v, order=50, text="x", fraction=1.5)
    both_fail(c, lambda: Choice.objects.create(version=v, order=50, text="x", fraction=1.5))
    dup = Choice(version=v, order=1, text="x", fraction=0)
    both_fail(dup, lambda: Choice.objects.create(version=v, order=1, text="x", fraction=0))


def test_one_open_attempt_per_learner_and_assessment():
    a = AttemptFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(user=a.user, assessment=a.assessment, started_at=timezone.now())
    a.status = "graded"
    a.save()
    Attempt.objects.create(user=a.user, assessment=a.assessment, started_at=timezone.now())


def test_attempt_score_range_and_deadline_after_start():
    a = AttemptFactory()
    a.score = 1.2
    both_fail(a, lambda: Attempt.objects.filter(pk=a.pk).update(score=1.2))
    a.score = None
    a.deadline = a.started_at
    both_fail(a, lambda: Attempt.objects.filter(pk=a.pk).update(deadline=a.started_at))


def test_one_response_per_question_per_attempt():
    r = ResponseFactory()
    dup = Response(attempt=r.attempt, question=r.question, version=r.version, position=99)
    both_fail(dup, lambda: Response.objects.create(attempt=r.attempt, question=r.question,
                                                   version=r.version, position=99))


def test_response_credit_range():
    r = ResponseFactory()
    r.credit = -0.1
    both_fail(r, lambda: Response.objects.filter(pk=r.pk).update(credit=-0.1))


def test_assessment_topic_count_positive():
    d = AssessmentTopicFactory()
    d.count = 0
    both_fail(d, lambda: type(d).objects.filter(pk=d.pk).update(count=0))


def test_resource_hours_positive():
    r = ResourceFactory()
    r.hours = 0
    both_fail(r, lambda: type(r).objects.filter(pk=r.pk).update(hours=0))


def test_str_and_urls():
    r = ResponseFactory()
    assert str(r.attempt.assessment) in str(r.attempt)
    assert r.attempt.get_absolute_url().endswith(f"/attempts/{r.attempt.pk}/")
    assert str(r.question) == r.question.slug and "v1" in str(r.version)
