import pytest

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
