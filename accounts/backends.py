from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import connection

from config.compiled_sql import Rows, compile_rows

#: Where the session's user id goes in the compiled lookup (no user has it).
_USER_ID = 1_999_999_883
_MAX_ID = 2**63 - 1
_compiled: dict[tuple, Rows] = {}
#: A user row a view already read with its own data (``already_read``), by id.
_already_read: ContextVar[dict | None] = ContextVar("already_read", default=None)


def session_user_id(request) -> int | None:
    """The id of the user the request's session names, read from the session only (no
    query, nothing verified yet: ``django.contrib.auth.get_user`` does that)."""
    try:
        value = get_user_model()._meta.pk.to_python(request.session[SESSION_KEY])
    except (KeyError, ValidationError):
        return None
    return value if isinstance(value, int) and 0 < value <= _MAX_ID else None


@contextmanager
def already_read(user) -> Iterator[None]:
    """While inside, ``EmailBackend.get_user`` for this user's id answers with ``user``
    (a row a view read in its own statement, e.g. ``quizzes.take_query``) instead of
    reading it again: one round trip to the database fewer. Everything else about the
    signed-in user is checked as always (``django.contrib.auth.get_user``: the backend,
    an active account, the session's password hash)."""
    token = _already_read.set({user.pk: user} if user is not None else None)
    try:
        yield
    finally:
        _already_read.reset(token)


class EmailBackend(ModelBackend):
    """ModelBackend that treats the email address case-insensitively, and reads the
    signed-in user of every request with a lookup compiled once per process."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username:
            username = username.strip().lower()
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        """``ModelBackend.get_user`` without compiling the query on every request (a fifth
        of an autosave's CPU did that): the same row, the same instance."""
        if not (isinstance(user_id, int) and 0 < user_id <= _MAX_ID):
            return super().get_user(user_id)  # the ORM's own answer for anything odd
        read = (_already_read.get() or {}).get(user_id)
        if read is not None:
            return read if self.user_can_authenticate(read) else None
        key = (connection.alias, connection.vendor)
        rows = _compiled.get(key)
        if rows is None:
            user_model = get_user_model()
            rows = _compiled[key] = compile_rows(
                user_model._default_manager.filter(pk=_USER_ID), (_USER_ID,), connection,
                where="accounts.backends")
        found = rows.fetch(connection, {_USER_ID: user_id})
        if not found:
            return None
        return found[0] if self.user_can_authenticate(found[0]) else None
