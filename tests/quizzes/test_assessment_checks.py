"""What an assessment promises is what an attempt contains: the question count learners
see is computed from the draws and the live pool, and the admin refuses draws the pool
cannot fill."""

from http import HTTPStatus

import pytest
from django.db.models import Prefetch
from django.urls import reverse

from quizzes.admin.assessments import TOO_FEW_IN_AREA, TOO_FEW_LIVE
from quizzes.models import Assessment, AssessmentTopic, Response
from quizzes.sampling import attempt_length
from quizzes.services.attempts import attempt_start
from tests.factories import (
    AreaFactory,
    AssessmentFactory,
    AssessmentTopicFactory,
    QuestionFactory,
    TopicFactory,
    UserFactory,
)


@pytest.mark.parametrize(("draws", "kwargs", "expected"), [
    ([("a", 52, 9)], {}, 9),  # a topic cannot give more than its live questions
    ([("a", 5, 9), ("a", 5, 3)], {}, 8),
    ([("a", 1, 0)], {}, 0),
    ([("a", 0, 4), ("a", 0, 1), ("b", 0, 9)], {"per_area": 3}, 6),  # area a: 5 ≥ 3; b: 3
    ([("a", 0, 1), ("a", 0, 1), ("b", 0, 9)], {"per_area": 3}, 5),  # area a has only 2
    ([("a", 5, 4), ("a", 5, 4)], {"adaptive_max": 10}, 8),  # the pool runs out first
    ([("a", 5, 40), ("a", 5, 40)], {"adaptive_max": 10}, 10),
])
def test_attempt_length(draws, kwargs, expected):
    assert attempt_length(draws, **kwargs) == expected


def topic_with(live, *, draft=0, retired=0, area=None):
    topic = TopicFactory(area=area or AreaFactory())
    for _ in range(live):
        QuestionFactory(topic=topic)
    for _ in range(draft):
        QuestionFactory(topic=topic, status="draft")
    for _ in range(retired):
        QuestionFactory(topic=topic, status="retired")
    return topic


@pytest.mark.django_db
def test_page_never_says_52_when_an_attempt_has_9(client, user):
    topic = topic_with(9, draft=2, retired=1)
    assessment = AssessmentFactory(area=topic.area, topics=[topic], topics__per_topic=52)
    client.force_login(user)
    detail = client.get(assessment.get_absolute_url()).content.decode()
    home = client.get(reverse("quizzes:home")).content.decode()
    attempt = attempt_start(user=user, assessment=assessment)
    contains = Response.objects.filter(attempt=attempt).count()
    assert contains == 9
    assert "<dd>9 questions</dd>" in detail and "52" not in detail
    assert "9 questions" in home and "52 questions" not in home


@pytest.mark.django_db
def test_page_says_1_question_in_the_singular(client, user):
    topic = topic_with(1)
    assessment = AssessmentFactory(area=topic.area, topics=[topic], topics__per_topic=1)
    client.force_login(user)
    detail = client.get(assessment.get_absolute_url()).content.decode()
    assert "<dd>1 question</dd>" in detail
    assert "1 question · 20 min" in client.get(reverse("quizzes:home")).content.decode()


@pytest.mark.django_db
def test_per_area_count_is_what_the_draw_gives():
    small = topic_with(2)
    big_area = AreaFactory()
    big = [topic_with(4, area=big_area), topic_with(4, area=big_area)]
    assessment = AssessmentFactory(area=None, per_area=3, topics=[small, *big])
    attempt = attempt_start(user=UserFactory(), assessment=assessment)
    assert Assessment.objects.get(pk=assessment.pk).question_count == 5
    assert Response.objects.filter(attempt=attempt).count() == 5


@pytest.mark.django_db
def test_adaptive_says_up_to_the_live_pool(client, user):
    topic = topic_with(6)
    assessment = AssessmentFactory(area=topic.area, mode="adaptive", topics=[topic],
                                   topics__per_topic=20)
    client.force_login(user)
    detail = client.get(assessment.get_absolute_url()).content.decode()
    assert "up to 6 questions." in detail


@pytest.mark.django_db
def test_question_count_costs_no_query_with_prefetched_draws(django_assert_num_queries):
    topic = topic_with(3)
    AssessmentFactory(area=topic.area, topics=[topic], topics__per_topic=5)
    assessment = Assessment.objects.prefetch_related(
        Prefetch("draws", queryset=AssessmentTopic.objects.with_live_count())).get()
    with django_assert_num_queries(0):
        assert assessment.question_count == 3
    plain = Assessment.objects.get()
    with django_assert_num_queries(2):  # the draws, then the draws with their counts
        assert plain.question_count == 3


def _assessment_post(topic, count, **fields):
    data = {
        "slug": "new-check", "title": "New check", "area": topic.area.pk, "description": "",
        "mode": "fixed", "time_limit_minutes": "", "shuffle_choices": "on",
        "feedback": "deferred", "attempts_allowed": 0, "cooldown_hours": 0, "per_area": 0,
        "is_published": "on", "owner": "",
        "draws-TOTAL_FORMS": 1, "draws-INITIAL_FORMS": 0, "draws-MIN_NUM_FORMS": 0,
        "draws-MAX_NUM_FORMS": 1000,
        "draws-0-topic": topic.pk, "draws-0-count": count,
    }
    data.update(fields)
    return data


@pytest.mark.django_db
def test_admin_refuses_drawing_more_than_the_live_questions(admin_client):
    topic = topic_with(7, draft=3)
    url = reverse("admin:quizzes_assessment_add")
    response = admin_client.post(url, _assessment_post(topic, 50))
    assert response.status_code == HTTPStatus.OK
    message = TOO_FEW_LIVE.format(topic=topic, live="7 live questions", count=50)
    assert "has 7 live questions; this assessment cannot draw 50 from it." in \
        response.content.decode()
    assert response.context["inline_admin_formsets"][0].formset.errors[0]["count"] == [message]
    assert not Assessment.objects.filter(slug="new-check").exists()
    # Seven is fine.
    response = admin_client.post(url, _assessment_post(topic, 7))
    assert response.status_code == HTTPStatus.FOUND
    assert Assessment.objects.get(slug="new-check").question_count == 7


@pytest.mark.django_db
def test_admin_refuses_per_area_beyond_the_areas_live_questions(admin_client):
    topic = topic_with(1)
    response = admin_client.post(reverse("admin:quizzes_assessment_add"),
                                 _assessment_post(topic, 5, per_area=2))
    errors = response.context["inline_admin_formsets"][0].formset.non_form_errors()
    assert errors == [TOO_FEW_IN_AREA.format(area=topic.area, live="1 live question",
                                             per_area=2)]
    assert not Assessment.objects.filter(slug="new-check").exists()


@pytest.mark.django_db
def test_admin_edit_of_existing_draw_is_checked_too(admin_client):
    topic = topic_with(2)
    draw = AssessmentTopicFactory(topic=topic, assessment__area=topic.area, count=2)
    assessment = draw.assessment
    data = _assessment_post(topic, 3, slug=assessment.slug, title=assessment.title)
    data.update({"draws-INITIAL_FORMS": 1, "draws-0-id": draw.pk,
                 "draws-0-assessment": assessment.pk})
    response = admin_client.post(
        reverse("admin:quizzes_assessment_change", args=[assessment.pk]), data)
    assert response.status_code == HTTPStatus.OK
    draw.refresh_from_db()
    assert draw.count == 2
