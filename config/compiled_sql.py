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


def find_slots(params: Iterable, sentinels: Iterable, *, where: str) -> Slots:
    """The slots of ``sentinels`` in ``params``; RuntimeError (naming ``where``) unless
    each is there exactly once."""
    params, sentinels = tuple(params), tuple(sentinels)
    at = tuple((i, s) for i, p in enumerate(params) for s in sentinels if _same(p, s))
    found = [s for _, s in at]
    if sorted(map(repr, found)) != sorted(map(repr, sentinels)):
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
