"""Invariant 7 at scale: starting an attempt, the home page and the percentile cost the
same whatever the size of the bank or the number of learners (queries and rows)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quizzes.models import Assessment
from quizzes.services.attempts import attempt_start
from tests.factories import (
    AbilityEstimateFactory,
    AreaFactory,
    QuestionFactory,
    TopicFactory,
    UserFactory,
)
from tests.quizzes.test_views_labels import craft, result_html

pytestmark = pytest.mark.django_db


def grow_bank(assessment: Assessment, extra: int) -> None:
    topics = [d.topic for d in assessment.draws.select_related("topic")]
    for i in range(extra):
        QuestionFactory(topic=topics[i % len(topics)], version__kind="single")


def test_attempt_start_reads_only_the_drawn_questions(build_assessment, built_instances):
    """Drawing a form samples question ids and loads only the drawn questions with their
    versions and choices (it loaded the whole pool, 8× slower with a big bank)."""
    assessment = build_assessment(6, kinds=["single"])
    drawn = sum(d.count for d in assessment.draws.all())

    def start():
        built_instances.clear()
        with CaptureQueriesContext(connection) as ctx:
            attempt_start(user=UserFactory(), assessment=assessment)
        return len(ctx.captured_queries), dict(built_instances)

    small_queries, small_built = start()
    grow_bank(assessment, 40)
    big_queries, big_built = start()
    assert small_queries == big_queries
    for built in (small_built, big_built):
        assert built["Question"] == built["QuestionVersion"] == drawn
        assert built["Choice"] == 4 * drawn


def test_home_page_counts_no_question_of_areas_with_assessments(build_assessment, client,
                                                                user, session_queries):
    """The home page's cost does not grow with the bank: areas with an assessment show no
    question count, so none is taken (it joined every question of every area)."""
    client.force_login(user)
    assessment = build_assessment(4)

    def home():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("quizzes:home")).status_code == 200
        return ctx.captured_queries

    small = home()
    grow_bank(assessment, 20)
    big = home()
    assert len(small) == len(big)
    assert not any('"quizzes_question"' in q["sql"] for q in big)


def test_home_page_area_without_assessment_shows_its_live_question_count(client, user):
    client.force_login(user)
    area = AreaFactory()
    topic = TopicFactory(area=area)
    for _ in range(3):
        QuestionFactory(topic=topic)
    QuestionFactory(topic=topic, status="draft")
    html = client.get(reverse("quizzes:home")).content.decode()
    assert "3 questions in the bank; no assessment published yet." in html


def test_percentile_is_counted_by_the_database(graded, client, user):
    """The percentile counts other learners below and tied in SQL (one aggregate): no
    learner's ability is fetched, so the result page does not grow with the cohort."""
    attempt = craft(graded(6), theta=0.0, se=0.3)
    area = attempt.assessment.area

    def result():
        with CaptureQueriesContext(connection) as ctx:
            html = result_html(client, attempt)
        estimates = [q["sql"] for q in ctx.captured_queries
                     if '"quizzes_abilityestimate"' in q["sql"] and "theta" in q["sql"]]
        return html, len(ctx.captured_queries), estimates

    for i in range(5):
        AbilityEstimateFactory(user=UserFactory(), area=area, theta=-1.0 if i < 3 else 0.0)
    _, few, estimates = result()
    for _ in range(25):
        AbilityEstimateFactory(user=UserFactory(), area=area, theta=1.0)
    html, many, _ = result()
    assert few == many
    assert estimates and all("COUNT(" in sql.upper() for sql in estimates)
    # 3 below, 2 tied, 25 above: (3 + 1) / 30 → 13th
    assert "13th" in html and "30 other learners" in html
