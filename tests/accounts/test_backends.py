"""accounts.backends.EmailBackend.get_user: the signed-in user of every request, read with
a lookup compiled once per process (config.compiled_sql)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import backends
from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def fields(user: User) -> dict:
    return {f.attname: getattr(user, f.attname) for f in User._meta.concrete_fields}


def test_reads_the_same_user_as_the_orm_in_one_query():
    user = UserFactory(last_login=timezone.now(), target_level=3)
    with CaptureQueriesContext(connection) as ctx:
        found = backends.EmailBackend().get_user(user.pk)
    assert len(ctx.captured_queries) == 1
    assert type(found) is User and not found._state.adding and found._state.db == "default"
    # Every column, with the ORM's conversions (SQLite keeps dates as text).
    assert fields(found) == fields(User.objects.get(pk=user.pk))
    assert found.get_session_auth_hash() == user.get_session_auth_hash()


def test_an_inactive_or_missing_user_is_nobody():
    inactive = UserFactory(is_active=False)
    backend = backends.EmailBackend()
    assert backend.get_user(inactive.pk) is None
    assert backend.get_user(inactive.pk + 1000) is None


@pytest.mark.parametrize("user_id", [0, -3, 2**63, 10**30, None])
def test_an_id_no_column_holds_is_nobody_without_an_error(user_id):
    UserFactory()
    assert backends.EmailBackend().get_user(user_id) is None


def test_an_id_in_another_form_is_read_as_django_reads_it():
    """Not an int (the session's key arrives converted, but a caller may pass text): the
    ORM's own lookup, with the same answer as Django's ModelBackend."""
    user = UserFactory()
    assert backends.EmailBackend().get_user(str(user.pk)) == user


def test_the_lookup_is_compiled_once(monkeypatch):
    user = UserFactory()
    backend = backends.EmailBackend()
    assert backend.get_user(user.pk) == user
    monkeypatch.setattr(backends, "compile_rows", lambda *a, **k: pytest.fail("compiled again"))
    assert backend.get_user(user.pk) == user


def test_a_signed_in_request_still_sees_its_user_until_the_password_changes(client):
    user = UserFactory()
    client.force_login(user)
    seen = client.get("/").wsgi_request.user
    assert seen.is_authenticated and seen.pk == user.pk
    user.set_password("another-long-passphrase")
    user.save()
    assert not client.get("/").wsgi_request.user.is_authenticated
