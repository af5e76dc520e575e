"""The take page and the answer post in one query, compiled once per process.

Both need the learner's own attempt (with its assessment and area, and the learner's
own row, which saves the session check a query of its own), the navigator's plain
values and one or two responses in full (version, question, topic). The ORM wrote that as
three queries and spent a quarter of the page compiling them on every request; here one
statement is compiled from a QuerySet once per database (so it stays portable to SQLite
and PostgreSQL), with sentinel values where the request's numbers go, and each request
only swaps its numbers in, executes it and builds the instances from the row (no
compilation, no joins resolved again). What it returns are ordinary model instances, so
the services (``response_save``, expiry, secrecy) work on them unchanged.

Another learner's attempt, or a position that is not in the attempt, gives no row: the
caller then takes the ordinary path (which answers 404, or clamps the position).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from config.compiled_sql import Slots, convert, converters_of, find_slots

from .models import Area, Assessment, Attempt, Question, QuestionVersion, Response, Topic
from .navigator import NavCell
from .selectors import navigator_cells, navigator_subquery
from .services import secrecy

#: Where each request's numbers go in the compiled statement: values no query writes
#: (checked when compiling), within each column's range (Django turns an out-of-range
#: integer lookup into an empty result before it reaches the SQL).
_ATTEMPT, _USER, _FIRST, _SECOND = 1_999_999_871, 1_999_999_877, 32_687, 32_693
_ATTEMPT_AGAIN = 1_999_999_889
_NOW = datetime(2001, 2, 3, 4, 5, 6, 789_012, tzinfo=UTC)  # held back: timed tests open now

#: The largest position (a small integer column) and id (a big one) a row can hold.
_MAX_POSITION, _MAX_ID = 32_767, 2**63 - 1

User = get_user_model()

#: Every model the row holds, by its path from the response; each is read whole (all
#: concrete columns), so nothing is deferred and later reads cost no query.
_PATHS = (("", Response), ("attempt", Attempt), ("attempt__user", User),
          ("attempt__assessment", Assessment),
          ("attempt__assessment__area", Area), ("version", QuestionVersion),
          ("question", Question), ("question__topic", Topic),
          ("question__topic__area", Area))
#: Paths shared by every row of one attempt: built once per request.
_SHARED = {"attempt", "attempt__user", "attempt__assessment", "attempt__assessment__area"}


@dataclass(frozen=True)
class _Part:
    path: str
    model: type
    names: tuple[str, ...]
    start: int
    stop: int
    parent: str  # the path of the instance this one hangs from
    relation: object  # the parent's foreign key to this one (None for the response)


@dataclass(frozen=True)
class _Statement:
    sql: str
    slots: Slots  # where the request's numbers go
    now: object  # the sentinel of the time, as the database takes it
    converters: tuple  # (column, converter functions, expression)
    parts: tuple[_Part, ...]
    navigator: int  # the column of the navigator's string


@dataclass
class TakeRows:
    """One attempt as the take page and the answer post need it."""

    attempt: Attempt
    #: The learner's own row, read in the same statement: the views hand it to the
    #: session check (``accounts.backends.already_read``) instead of reading it again.
    user: object
    cells: list[NavCell]
    responses: dict[int, Response]  # by position; the positions asked for that exist
    #: An open timed test of the learner holds this attempt back (``secrecy``): the
    #: caller then asks ``secrecy.blocker_for_attempt`` which (a query only then).
    held: bool = False


_compiled: dict[tuple, _Statement] = {}


def _first_open_position() -> Coalesce:
    """The first unanswered position of the attempt, else 1 (the take page without
    ``?q=``). Not correlated with the outer row (the attempt's id is bound again, as a
    sentinel of its own), so PostgreSQL computes it once and finds the row by the
    (attempt, position) index; correlated, it was estimated at a cost that switched on
    the JIT compiler, 60-80 ms per take page."""
    first = (Response.objects.filter(attempt_id=_ATTEMPT_AGAIN, answer__isnull=True)
             .order_by("position").values("position")[:1])
    return Coalesce(Subquery(first), Value(1))


def _compile(first_open: bool) -> _Statement:
    columns: list[str] = []
    parts = []
    for path, model in _PATHS:
        names = tuple(f.attname for f in model._meta.concrete_fields)
        start = len(columns)
        columns += [f"{path}__{n}" if path else n for n in names]
        parent, _, field = path.rpartition("__")
        relation = dict(_PATHS)[parent]._meta.get_field(field) if path else None
        parts.append(_Part(path, model, names, start, len(columns), parent, relation))
    rows = Response.objects.filter(attempt_id=_ATTEMPT, attempt__user_id=_USER)
    if first_open:
        rows = rows.filter(position=_first_open_position())
    else:
        rows = rows.filter(position__in=[_FIRST, _SECOND])
    held = secrecy.held_back_exists(attempt_ref="attempt_id", user_ref="attempt__user_id",
                                    now=_NOW)
    rows = (rows.annotate(navigator_cells=navigator_subquery("attempt_id"), held=held)
            .order_by().values_list(*columns, "navigator_cells", "held"))
    compiler = rows.query.get_compiler(connection=connection)
    sql, params = compiler.as_sql()
    wanted = ((_ATTEMPT, _USER, _ATTEMPT_AGAIN) if first_open
              else (_ATTEMPT, _USER, _FIRST, _SECOND))
    now = connection.ops.adapt_datetimefield_value(_NOW)
    slots = find_slots(params, (*wanted, now), where="take_query")
    expressions = [col for col, _, _ in compiler.select]
    if len(expressions) != len(columns) + 2:
        raise RuntimeError("take_query: the compiled columns are not the ones asked for")
    return _Statement(sql, slots, now, converters_of(compiler, expressions), tuple(parts),
                      len(columns))


def _statement(first_open: bool) -> _Statement:
    key = (connection.alias, connection.vendor, first_open)
    found = _compiled.get(key)
    if found is None:
        found = _compiled[key] = _compile(first_open)
    return found


def attempt_rows(*, user_id: int, pk: int, positions: tuple[int, ...] | None = None
                 ) -> TakeRows | None:
    """The learner's attempt ``pk`` with its navigator and its responses at ``positions``
    (one or two; None: the first unanswered one, else the first), in one query. None
    when that gives no row: not this learner's attempt, or no such position."""
    if positions is not None:
        # Outside a column's range nothing can match (and SQLite cannot bind it).
        positions = tuple(p for p in positions if 0 < p <= _MAX_POSITION)
        if not positions:
            return None
    if not (0 < pk <= _MAX_ID and 0 < (user_id or 0) <= _MAX_ID):
        return None
    statement = _statement(positions is None)
    first, second = (positions + positions)[:2] if positions else (0, 0)
    params = statement.slots.bind({
        _ATTEMPT: pk, _ATTEMPT_AGAIN: pk, _USER: user_id, _FIRST: first, _SECOND: second,
        statement.now: connection.ops.adapt_datetimefield_value(timezone.now())})
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, params)
        rows = cursor.fetchall()
    if not rows:
        return None
    db = connection.alias
    shared: dict[str, object] = {}
    responses: dict[int, Response] = {}
    for row in rows:
        row = convert(row, statement.converters, connection)
        made: dict[str, object] = {}
        for part in statement.parts:
            instance = shared.get(part.path)
            if instance is None and part.path not in shared:
                values = row[part.start:part.stop]
                instance = (None if values[0] is None
                            else part.model.from_db(db, part.names, values))
                if part.path in _SHARED:
                    shared[part.path] = instance
            made[part.path] = instance
            if part.relation is not None and made[part.parent] is not None:
                part.relation.set_cached_value(made[part.parent], instance)
        response = made[""]
        responses[response.position] = response
    return TakeRows(attempt=shared["attempt"], user=shared["attempt__user"],
                    cells=navigator_cells(rows[0][statement.navigator]),
                    responses=responses, held=bool(rows[0][statement.navigator + 1]))
