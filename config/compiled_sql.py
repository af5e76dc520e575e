"""A query compiled once per process, with the request's values swapped in.

Compiling a QuerySet costs the ORM a few hundred microseconds of CPU on every request
that builds one. A query run on every request (the signed-in user, the take page's
statement, the answer's UPDATE) is compiled once from an ordinary QuerySet, so its SQL is
the ORM's own on SQLite and PostgreSQL, with **sentinels** (values no request uses) where
the request's numbers go; each request then only swaps its values in. Compiling checks
that each sentinel is in the parameters exactly once, so a query that moved or copied one
fails loudly instead of binding the wrong value.

Users: ``accounts.backends`` (the user of a session), ``quizzes.take_query`` and
``quizzes.answer_store``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

#: How long a statement, and how many parameters, psycopg keeps converted (see
#: ``cache_long_statements``).
LONGEST_CACHED_STATEMENT = 16_384
MOST_CACHED_PARAMETERS = 200


def cache_long_statements() -> bool:
    """Let psycopg keep the conversion of long statements too.

    psycopg turns a query's ``%s`` placeholders into PostgreSQL's ``$1`` on every
    execution, and caches the result (an LRU of 128 statements) only for statements under
    4,096 characters with at most 50 parameters. The take page's statement
    (``quizzes.take_query``) is about 7,000 characters, so each take page and answer post
    converted it again: 0.3 ms of a take page's 7 ms of CPU (docs/performance.md, "The
    panel built once in Python"); the result page's (62 parameters since the standing is
    counted from bands) doubled its Python time the same way. Every statement here is
    written by the ORM, a bounded set, so caching the long ones too is safe. The limits
    are module constants of psycopg, not documented settings: if they move, this does
    nothing and says so (False); ``tests/test_prepared_statements.py`` notices."""
    try:
        from psycopg import _queries
    except ImportError:  # SQLite only: nothing to do
        return False
    if not all(hasattr(_queries, name) for name in ("MAX_CACHED_STATEMENT_LENGTH",
                                                     "MAX_CACHED_STATEMENT_PARAMS")):
        return False
    _queries.MAX_CACHED_STATEMENT_LENGTH = max(_queries.MAX_CACHED_STATEMENT_LENGTH,
                                               LONGEST_CACHED_STATEMENT)
    _queries.MAX_CACHED_STATEMENT_PARAMS = max(_queries.MAX_CACHED_STATEMENT_PARAMS,
                                               MOST_CACHED_PARAMETERS)
    return True


@dataclass(frozen=True)
class Slots:
    """Where each sentinel sits in a compiled query's parameters."""

    params: tuple
    at: tuple[tuple[int, object], ...]  # (index in params, sentinel)

    def bind(self, values: Mapping[object, object]) -> list:
        """The parameters with each sentinel replaced by ``values[sentinel]``."""
        params = list(self.params)
        for index, sentinel in self.at:
            params[index] = values[sentinel]
        return params


def _same(param: object, sentinel: object) -> bool:
    # Numbers match by value (PostgreSQL's parameters may be psycopg's int subclasses,
    # Int2(32687) for a small integer column), never a bool; anything else by type too.
    if isinstance(sentinel, int):
        return isinstance(param, int) and not isinstance(param, bool) and param == sentinel
    return isinstance(param, type(sentinel)) and param == sentinel


def find_slots(params: Iterable, sentinels: Iterable, *, where: str,
               repeated: bool = False) -> Slots:
    """The slots of ``sentinels`` in ``params``; RuntimeError (naming ``where``) unless
    each is there exactly once, or, when ``repeated`` (a statement that compares a value
    in several places), at least once."""
    params, sentinels = tuple(params), tuple(sentinels)
    at = tuple((i, s) for i, p in enumerate(params) for s in sentinels if _same(p, s))
    found = [s for _, s in at]
    missing = any(s not in found for s in sentinels)
    if missing or (not repeated and sorted(map(repr, found)) != sorted(map(repr, sentinels))):
        raise RuntimeError(f"{where}: a sentinel is missing or written twice in the "
                           f"compiled query")
    return Slots(params, at)


@dataclass(frozen=True)
class Rows:
    """A model's rows (every concrete column), compiled once: ``fetch`` makes instances."""

    model: type
    sql: str
    slots: Slots
    names: tuple[str, ...]
    converters: tuple  # (column, converter functions, expression)

    def fetch(self, connection, values: Mapping[object, object]) -> list:
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.slots.bind(values))
            rows = cursor.fetchall()
        return [self.model.from_db(connection.alias, self.names,
                                   convert(row, self.converters, connection))
                for row in rows]


def converters_of(compiler, expressions: list) -> tuple:
    """The ORM's converters of a compiled query's columns (SQLite's dates, JSON, ...), as
    (column, functions, expression): what ``convert`` applies to each row."""
    return tuple((i, tuple(functions), expression) for i, (functions, expression)
                 in compiler.get_converters(expressions).items())


def convert(row, converters: tuple, connection) -> list:
    """A fetched row as the ORM would hand it to a model (``converters_of``)."""
    row = list(row)
    for column, functions, expression in converters:
        for function in functions:
            row[column] = function(row[column], expression, connection)
    return row


def compile_rows(queryset, sentinels: Iterable, connection, *, where: str) -> Rows:
    """``queryset`` (of one model, filtered by ``sentinels``) compiled once, reading every
    concrete column, with the converters the ORM would apply (SQLite's dates, JSON)."""
    model = queryset.model
    names = tuple(f.attname for f in model._meta.concrete_fields)
    compiler = queryset.values_list(*names).query.get_compiler(connection=connection)
    sql, params = compiler.as_sql()
    expressions = [col for col, _, _ in compiler.select]
    if len(expressions) != len(names):
        raise RuntimeError(f"{where}: the compiled columns are not the ones asked for")
    return Rows(model, sql, find_slots(params, sentinels, where=where), names,
                converters_of(compiler, expressions))
