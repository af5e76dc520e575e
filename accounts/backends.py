from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connection

from config.compiled_sql import Rows, compile_rows

#: Where the session's user id goes in the compiled lookup (no user has it).
_USER_ID = 1_999_999_883
_MAX_ID = 2**63 - 1
_compiled: dict[tuple, Rows] = {}


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
