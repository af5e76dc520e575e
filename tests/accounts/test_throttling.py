"""Login throttling with django-axes: 30 wrong passwords and then the right one used to
log in, on the site and in the admin (issue 9)."""

from http import HTTPStatus

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
RIGHT = "correct-horse-battery"


@pytest.fixture
def limit(settings) -> int:
    settings.AXES_FAILURE_LIMIT = 5
    return 5


def login(client, url, email, password, ip="10.0.0.1"):
    return client.post(url, {"username": email, "password": password}, REMOTE_ADDR=ip)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("url", ["login", "admin:login"])
def test_wrong_passwords_lock_the_account_then_the_right_one_is_refused(
        client, staff_user, limit, url):
    url = reverse(url)
    for _ in range(limit):
        login(client, url, staff_user.email, "wrong")
    response = login(client, url, staff_user.email, RIGHT)
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Too many failed logins" in response.content.decode()
    assert "15 minutes" in response.content.decode()
    assert not logged_in(client)


def test_the_account_is_locked_from_any_address_and_any_case(client, user, limit):
    for i in range(limit):
        login(client, reverse("login"), user.email.upper(), "wrong", ip=f"10.0.1.{i}")
    response = login(client, reverse("login"), f" {user.email} ", RIGHT, ip="10.9.9.9")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS and not logged_in(client)


def test_one_address_guessing_many_accounts_is_locked(client, user, limit):
    for i in range(limit):
        login(client, reverse("login"), f"someone{i}@example.com", "wrong", ip="10.0.0.7")
    response = login(client, reverse("login"), user.email, RIGHT, ip="10.0.0.7")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS and not logged_in(client)
    # Another address still logs in to that account.
    response = login(client, reverse("login"), user.email, RIGHT, ip="10.0.0.8")
    assert response.status_code == HTTPStatus.FOUND and logged_in(client)


def test_a_few_mistakes_then_success_clear_the_count(client, user, limit):
    for _ in range(limit - 1):
        login(client, reverse("login"), user.email, "wrong")
    assert login(client, reverse("login"), user.email, RIGHT).status_code == HTTPStatus.FOUND
    client.logout()
    for _ in range(limit - 1):
        login(client, reverse("login"), user.email, "wrong")
    assert login(client, reverse("login"), user.email, RIGHT).status_code == HTTPStatus.FOUND


def test_the_lockout_ends_after_the_cool_off(client, user, limit, settings):
    from datetime import timedelta

    from axes.models import AccessAttempt

    for _ in range(limit):
        login(client, reverse("login"), user.email, "wrong")
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.first().attempt_time
                                 - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))
    assert login(client, reverse("login"), user.email, RIGHT).status_code == HTTPStatus.FOUND


def test_behind_the_proxy_the_address_is_the_one_the_proxy_saw(rf, settings):
    from accounts.throttling import client_ip

    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert client_ip(request) == "203.0.113.9"
    settings.SECURE_PROXY_SSL_HEADER = None
    assert client_ip(request) == "10.0.0.1"
