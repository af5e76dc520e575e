import pytest

from quizzes.services.attempts import attempt_start, attempt_submit, response_save
from tests.factories import AreaFactory, AssessmentFactory, QuestionFactory, TopicFactory

ALL_KINDS = ["single", "multiple", "truefalse", "numeric", "text", "ordering"]


@pytest.fixture
def build_assessment(db):
    """``build_assessment(n, kinds=…, **assessment_fields)``: an assessment over two topics
    with ``n`` live questions in all, cycling through ``kinds``."""

    def build(n=6, kinds=None, per_topic=None, **fields):
        kinds = kinds or ALL_KINDS
        area = AreaFactory()
        topics = [TopicFactory(area=area, order=1), TopicFactory(area=area, order=2)]
        for i in range(n):
            QuestionFactory(topic=topics[i % 2], version__kind=kinds[i % len(kinds)],
                            version__difficulty=1 + i % 5)
        count = per_topic or (n + 1) // 2
        fields.setdefault("area", area)
        return AssessmentFactory(topics=topics, topics__per_topic=count, **fields)

    return build


@pytest.fixture
def session_queries(settings) -> int:
    """Queries a request spends reading the session: none when sessions are served from
    the Redis cache (cached_db, as in production with REDIS_URL), one from the database."""
    return 0 if settings.SESSION_ENGINE.endswith("cached_db") else 1


@pytest.fixture
def built_instances():
    """How many model instances of each class a block builds (rows fetched as objects)."""
    from collections import Counter

    from django.db.models.signals import post_init

    counts: Counter = Counter()

    def count(sender, **kwargs):
        counts[sender.__name__] += 1

    post_init.connect(count)
    yield counts
    post_init.disconnect(count)


@pytest.fixture
def graded(build_assessment, user, client):
    """``graded(n, per_topic, answer=lambda response: dict | None)``: a graded attempt
    whose ``answer`` decides each response (None leaves it blank)."""
    client.force_login(user)

    from tests.quizzes.test_services import right_answer

    def make(n=6, per_topic=None, answer=right_answer):
        assessment = build_assessment(n, kinds=["single"], per_topic=per_topic)
        attempt = attempt_start(user=user, assessment=assessment)
        for r in attempt.responses.select_related("version").order_by("position"):
            given = answer(r)
            if given is not None:
                response_save(attempt=attempt, response=r, answer=given)
        return attempt_submit(attempt=attempt)

    return make
