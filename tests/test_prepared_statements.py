"""On PostgreSQL, a statement a connection runs often is prepared (config/settings.py:
server-side binding, psycopg's prepare_threshold), so the server stops planning it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import Http404

from accounts.models import User
from quizzes import take_query
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def prepared() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_postgresql_prepares_the_statements_of_every_request():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps its own statement cache (Python's sqlite3 module)")
    user = UserFactory()
    for _ in range(6):
        assert list(User.objects.filter(pk=user.pk)) == [user]
        assert take_query.attempt_rows(user_id=user.pk, pk=123_456, positions=(1, 2)) is None
    statements = prepared()
    assert any('FROM "accounts_user"' in s for s in statements)
    assert any('FROM "quizzes_response"' in s for s in statements)


def test_postgresql_plans_the_take_statement_once_per_connection():
    """Left to choose, PostgreSQL made a custom plan of the prepared take statement on
    every execution (3-4 ms of planning per take page and answer); the app's connections
    force the generic plan, made once."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    user = UserFactory()
    for _ in range(8):
        take_query.attempt_rows(user_id=user.pk, pk=123_456, positions=(1, 2))
    with connection.cursor() as cursor:
        cursor.execute("SELECT generic_plans, custom_plans FROM pg_prepared_statements "
                       "WHERE statement LIKE %s", ['%FROM "quizzes_response"%'])
        plans = cursor.fetchall()
    assert plans and all(generic >= 1 and custom == 0 for generic, custom in plans), plans


def test_postgresql_compiles_no_query_just_in_time():
    """A misjudged estimate once switched the JIT compiler on for the take page (60-80 ms
    of PostgreSQL's CPU per view); the app's connections have it off."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_psycopg_converts_the_take_statement_once():
    """psycopg caches a statement's placeholder conversion only under a length limit the
    take statement (about 7,000 characters) exceeds; the app raises it at start-up
    (config.compiled_sql.cache_long_statements). Fails if psycopg moves the limit."""
    psycopg_queries = pytest.importorskip("psycopg._queries")
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    statement = take_query._statement(first_open=False).sql
    assert len(statement) > 4096
    assert len(statement) <= psycopg_queries.MAX_CACHED_STATEMENT_LENGTH
    take_query.attempt_rows(user_id=1, pk=123_456, positions=(1, 2))
    before = psycopg_queries._query2pg.cache_info()
    for _ in range(3):
        take_query.attempt_rows(user_id=1, pk=123_456, positions=(1, 2))
    after = psycopg_queries._query2pg.cache_info()
    assert after.hits - before.hits >= 3 and after.misses == before.misses


def test_psycopg_converts_the_result_and_readiness_statements_once():
    """The result page's statement has more parameters (62) than psycopg caches the
    conversion of (50), and the readiness check's grows with its areas; the app raises
    that limit too."""
    psycopg_queries = pytest.importorskip("psycopg._queries")
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    from quizzes import selectors, standing_counts
    from tests.factories import AreaFactory

    params = selectors._result_state_sql("default")[1]
    assert len(params) > 50
    assert len(params) <= psycopg_queries.MAX_CACHED_STATEMENT_PARAMS
    user, areas = UserFactory(), [AreaFactory() for _ in range(6)]
    thetas = {a.pk: 0.0 for a in areas}

    def both():
        with pytest.raises(Http404):
            selectors.result_state(user=user, pk=123_456)
        standing_counts.per_area(user=user, thetas=thetas)

    both()
    before = psycopg_queries._query2pg.cache_info()
    for _ in range(3):
        both()
    after = psycopg_queries._query2pg.cache_info()
    assert after.hits - before.hits >= 6 and after.misses == before.misses
