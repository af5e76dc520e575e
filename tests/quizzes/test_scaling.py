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
    area question count, so none is taken (it joined every question of every area). The
    one read of questions is the draws' query: per drawn topic, a COUNT of its live
    questions, so the number of questions shown is the one an attempt will contain."""
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
    reads = [q["sql"] for q in big if '"quizzes_question"' in q["sql"]]
    assert len(reads) == 1
    assert reads[0].startswith('SELECT "quizzes_assessmenttopic"') and "COUNT(" in reads[0]


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
    result()  # the first view renders the review and keeps it (quizzes/review_cache.py)
    _, few, estimates = result()
    for _ in range(25):
        AbilityEstimateFactory(user=UserFactory(), area=area, theta=1.0)
    html, many, _ = result()
    assert few == many
    assert estimates and all("COUNT(" in sql.upper() for sql in estimates)
    # 3 below, 2 tied, 25 above: (3 + 1) / 30 → 13th
    assert "13th" in html and "30 other learners" in html


def spread_assessment(n_questions: int, n_topics: int) -> Assessment:
    """An assessment drawing ``n_questions`` spread over ``n_topics`` topics of one area."""
    from tests.factories import AssessmentFactory

    area = AreaFactory()
    topics = [TopicFactory(area=area, order=i) for i in range(n_topics)]
    for i in range(n_questions):
        QuestionFactory(topic=topics[i % n_topics], version__kind="single")
    return AssessmentFactory(area=area, topics=topics, topics__per_topic=n_questions // n_topics)


def test_grading_queries_do_not_grow_with_questions_or_topics(user):
    """Grading reads the attempt, writes credits, the attempt, every area and topic
    estimate and the review cards in a fixed number of queries (the estimates were one
    update_or_create per area and per topic: 37-41 queries for 24 questions, 133 for 50)."""
    from quizzes.services.attempts import attempt_submit

    counts = {}
    for n, topics in ((24, 4), (50, 10)):
        attempt = attempt_start(user=user, assessment=spread_assessment(n, topics))
        with CaptureQueriesContext(connection) as ctx:
            attempt_submit(attempt=attempt)
        counts[n] = len(ctx.captured_queries)
    assert counts[24] == counts[50] == 14  # pinned: docs/performance.md


def test_grading_again_updates_the_estimates_in_place(user):
    """A second attempt in the same area updates the learner's rows (no duplicates)."""
    from quizzes.models import AbilityEstimate
    from quizzes.services.attempts import attempt_submit

    assessment = spread_assessment(8, 4)
    attempt_submit(attempt=attempt_start(user=user, assessment=assessment))
    first = {(e.area_id, e.topic_id): e.pk for e in AbilityEstimate.objects.filter(user=user)}
    second = attempt_submit(attempt=attempt_start(user=user, assessment=assessment))
    rows = AbilityEstimate.objects.filter(user=user)
    assert {(e.area_id, e.topic_id): e.pk for e in rows} == first
    assert len(first) == 5  # the area and its four topics
    assert all(e.attempt_id == second.pk for e in rows)
