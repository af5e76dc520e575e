"""A grading PostgreSQL cancels to break a deadlock is run again, not lost as an error.

Two gradings can wait on each other's row locks (the ability bands, ``AbilityBucket``, of
several areas taken in opposite orders). The test makes a real deadlock with a second
connection: it holds the bands' table while the grading needs it, then waits for the
attempt's row, which the grading holds. PostgreSQL cancels the grading, which waited
first; the grading must then run again and succeed."""

import threading
import time

import psycopg
import pytest
from django.db import connection, connections

from quizzes.models import AbilityBucket, AbilityEstimate, Attempt, AttemptStatus
from quizzes.services.attempts import attempt_start, attempt_submit

pytestmark = pytest.mark.django_db(transaction=True)


def _other_connection():
    settings = connection.settings_dict
    return psycopg.connect(dbname=settings["NAME"], user=settings["USER"],
                           password=settings["PASSWORD"] or None,
                           host=settings["HOST"] or None, port=settings["PORT"] or None)


def _waiting_on_a_lock(conn, pid: int) -> bool:
    row = conn.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s",
                       [pid]).fetchone()
    return bool(row) and row[0] == "Lock"


@pytest.fixture
def watch():
    """A connection that reads pg_stat_activity (the one holding the lock cannot)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's deadlock detection (SQLite writes one at a time)")
    conn = _other_connection()
    conn.autocommit = True
    yield conn
    conn.close()


def test_a_grading_cancelled_in_a_deadlock_runs_again(build_assessment, user, watch):
    attempt = attempt_start(user=user, assessment=build_assessment(4))
    outcome: dict = {}

    def grade():
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                outcome["pid"] = cursor.fetchone()[0]
            outcome["graded"] = attempt_submit(attempt=Attempt.objects.get(pk=attempt.pk))
        except Exception as error:  # reported to the test below
            outcome["error"] = error
        finally:
            connections.close_all()

    other = _other_connection()
    try:
        other.execute("LOCK TABLE quizzes_abilitybucket IN EXCLUSIVE MODE")
        grading = threading.Thread(target=grade)
        grading.start()
        deadline = time.monotonic() + 20
        while "pid" not in outcome or not _waiting_on_a_lock(watch, outcome["pid"]):
            assert time.monotonic() < deadline, "the grading never waited on the bands"
            time.sleep(0.02)
        # The grading holds the attempt's row and waits for the bands; wait for its row.
        other.execute("SELECT id FROM quizzes_attempt WHERE id = %s FOR UPDATE",
                      [attempt.pk])
        other.commit()
        grading.join(timeout=30)
    finally:
        other.close()
    assert "error" not in outcome, outcome.get("error")
    graded = Attempt.objects.get(pk=attempt.pk)
    assert graded.status == AttemptStatus.GRADED
    assert graded.responses.filter(credit__isnull=True).count() == 0
    estimate = AbilityEstimate.objects.get(user=user, topic__isnull=True)
    assert AbilityBucket.objects.get(area_id=estimate.area_id).learners == 1

