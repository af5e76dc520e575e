"""The take page's and the answer post's reads and write compiled once per process
(quizzes/take_query.py, quizzes/answer_store.py): the same rows and instances as the ORM
gives, only the learner's own attempt, and out-of-range numbers refused, not raised."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quizzes import answer_store, take_query
from quizzes.models import Area, Assessment, Attempt, Question, QuestionVersion, Response, Topic
from quizzes.selectors import attempt_navigator
from quizzes.services.attempts import attempt_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def attempt(build_assessment, user):
    attempt = attempt_start(user=user, assessment=build_assessment(6))
    Response.objects.filter(attempt=attempt, position__in=[1, 2]).update(
        answer={"text": "x"})
    Response.objects.filter(attempt=attempt, position=4).update(flagged=True)
    return attempt


def fields(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


def test_the_rows_are_the_orms(attempt, user):
    found = take_query.attempt_rows(user_id=user.pk, pk=attempt.pk, positions=(3, 5))
    assert sorted(found.responses) == [3, 5]
    assert fields(found.attempt) == fields(Attempt.objects.get(pk=attempt.pk))
    assert fields(found.attempt.assessment) == fields(Assessment.objects.get(
        pk=attempt.assessment_id))
    assert fields(found.attempt.assessment.area) == fields(Area.objects.get(
        pk=attempt.assessment.area_id))
    assert found.cells == attempt_navigator(attempt)
    for position, shown in found.responses.items():
        stored = Response.objects.get(attempt=attempt, position=position)
        assert fields(shown) == fields(stored)
        assert shown.attempt is found.attempt
        assert fields(shown.version) == fields(QuestionVersion.objects.get(pk=stored.version_id))
        assert fields(shown.question) == fields(Question.objects.get(pk=stored.question_id))
        assert fields(shown.question.topic) == fields(Topic.objects.get(
            pk=shown.question.topic_id))
        assert shown.question.topic.area.pk == shown.question.topic.area_id


def test_related_reads_cost_no_query(attempt, user):
    found = take_query.attempt_rows(user_id=user.pk, pk=attempt.pk, positions=(3,))
    shown = found.responses[3]
    with CaptureQueriesContext(connection) as queries:
        _ = (found.attempt.assessment.title, shown.version.stem, shown.question.topic.title,
             shown.question.topic.area.title, shown.attempt.deadline)
    assert not queries.captured_queries


def test_without_a_position_it_reads_the_first_unanswered(attempt, user):
    found = take_query.attempt_rows(user_id=user.pk, pk=attempt.pk)
    assert list(found.responses) == [3]
    Response.objects.filter(attempt=attempt).update(answer={"text": "x"})
    assert list(take_query.attempt_rows(user_id=user.pk, pk=attempt.pk).responses) == [1]


def test_only_the_learners_own_attempt_and_its_positions(attempt, user, other_user):
    assert take_query.attempt_rows(user_id=other_user.pk, pk=attempt.pk) is None
    assert take_query.attempt_rows(user_id=other_user.pk, pk=attempt.pk,
                                   positions=(1,)) is None
    assert take_query.attempt_rows(user_id=user.pk, pk=attempt.pk, positions=(99,)) is None
    for huge in (10**30, 2**63):
        assert take_query.attempt_rows(user_id=user.pk, pk=huge, positions=(1,)) is None
        assert take_query.attempt_rows(user_id=user.pk, pk=attempt.pk,
                                       positions=(huge,)) is None


def test_huge_numbers_in_the_urls_are_404_or_refused_never_500(attempt, client, user):
    client.force_login(user)
    huge = "9" * 30
    assert client.get(f"/attempts/{huge}/").status_code == HTTPStatus.NOT_FOUND
    assert client.post(f"/attempts/{huge}/q/1/", {"action": "next"}).status_code == 404
    url = reverse("quizzes:attempt_take", args=[attempt.pk])
    assert client.get(url, {"q": huge}).status_code == HTTPStatus.OK
    response = client.post(f"{url}q/{huge}/", {"action": "next"})
    assert response.status_code == HTTPStatus.FOUND  # "not part of this attempt"
    response = client.post(f"{url}q/1/", {"action": "goto-" + huge})
    assert response.status_code == HTTPStatus.FOUND


def test_the_compiled_update_keeps_every_condition(attempt):
    r = Response.objects.get(attempt=attempt, position=3)
    values = {"answer": {"text": "a"}, "seq": 5}
    assert answer_store.store(response_id=r.pk, attempt_id=attempt.pk, values=values, seq=5)
    # an older answer is refused by the stored seq
    assert not answer_store.store(response_id=r.pk, attempt_id=attempt.pk,
                                  values={"answer": {"text": "old"}, "seq": 4}, seq=4)
    # another attempt's id, a locked response, a closed attempt: nothing written
    assert not answer_store.store(response_id=r.pk, attempt_id=attempt.pk + 1,
                                  values={"answer": {"text": "b"}, "seq": 6}, seq=6)
    Response.objects.filter(pk=r.pk).update(locked=True)
    assert not answer_store.store(response_id=r.pk, attempt_id=attempt.pk,
                                  values={"answer": {"text": "c"}, "seq": 7}, seq=7)
    Response.objects.filter(pk=r.pk).update(locked=False)
    Attempt.objects.filter(pk=attempt.pk).update(status="graded")
    assert not answer_store.store(response_id=r.pk, attempt_id=attempt.pk,
                                  values={"answer": {"text": "d"}, "seq": 8}, seq=8)
    r.refresh_from_db()
    assert r.answer == {"text": "a"} and r.seq == 5


def test_held_back_is_read_with_the_page(build_assessment, user, client, session_queries):
    """The one statement also says whether an open timed test holds the attempt back, as
    ``secrecy.blocker_for_attempt`` finds it, so the page of an attempt that is not a
    timed test of its own (practice, an untimed test, the adaptive check) spends no query
    on it (it spent one on every view and every answer)."""
    from datetime import timedelta

    from django.utils import timezone

    from quizzes.services import secrecy
    from quizzes.services.practice import practice_assessment_for

    client.force_login(user)
    assessment = build_assessment(8, kinds=["single"], time_limit_minutes=25)
    topic = assessment.draws.first().topic
    practice = attempt_start(user=user, assessment=practice_assessment_for(user=user,
                                                                           topic=topic))

    def held(attempt) -> bool:
        return take_query.attempt_rows(user_id=user.pk, pk=attempt.pk, positions=(1,)).held

    url = reverse("quizzes:attempt_take", args=[practice.pk]) + "?q=1"
    assert client.get(url).status_code == HTTPStatus.OK
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == HTTPStatus.OK
    assert len(queries.captured_queries) == 1 + session_queries  # the statement (and user)
    assert not held(practice)
    diagnostic = attempt_start(user=user, assessment=assessment)
    assert held(practice) and secrecy.blocker_for_attempt(practice) == diagnostic
    assert not held(diagnostic)  # not by itself
    now = timezone.now()
    Attempt.objects.filter(pk=diagnostic.pk).update(started_at=now - timedelta(hours=2),
                                                    deadline=now - timedelta(minutes=1))
    assert not held(practice) and secrecy.blocker_for_attempt(practice) is None


def test_the_first_unanswered_position_is_found_once_not_per_row(attempt, user):
    """The take page without ?q= looks up the first unanswered position once (an InitPlan
    on PostgreSQL), not once per response row: correlated, its estimate grew with the
    responses table until PostgreSQL JIT-compiled the statement on every first view
    (1.8 s of its CPU per take page at 110,000 responses; docs/performance.md)."""
    found = take_query.attempt_rows(user_id=user.pk, pk=attempt.pk)
    assert list(found.responses) == [3]  # 1 and 2 are answered
    statement = take_query._statement(True)
    lookup = statement.sql[statement.sql.index('"position" = (COALESCE((SELECT'):]
    lookup = lookup[:lookup.index("LIMIT 1")]
    assert '"U0"."attempt_id" = %s' in lookup and '"quizzes_response".' not in lookup
    if connection.vendor == "postgresql":
        params = statement.slots.bind({
            take_query._ATTEMPT: attempt.pk, take_query._ATTEMPT_AGAIN: attempt.pk,
            take_query._USER: user.pk, statement.now: statement.now})
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + statement.sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "InitPlan" in plan


def test_the_shown_stamp_is_written_once_with_its_time(attempt):
    """answer_store.stamp_shown: the first time only, with the exact time (the review's
    rating and time-on-question read it), and only that response."""
    from datetime import UTC, datetime

    r3, r4 = (Response.objects.get(attempt=attempt, position=p) for p in (3, 4))
    first = datetime(2026, 11, 29, 16, 20, 1, 123_456, tzinfo=UTC)
    with CaptureQueriesContext(connection) as ctx:
        assert answer_store.stamp_shown(response_id=r3.pk, when=first) == 1
    assert len(ctx.captured_queries) == 1
    assert answer_store.stamp_shown(response_id=r3.pk, when=datetime.now(UTC)) == 0
    r3.refresh_from_db()
    r4.refresh_from_db()
    assert r3.shown_at == first and r4.shown_at is None
