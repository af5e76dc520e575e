"""Sign up, log in with email, log out, password reset, profile preferences."""

import re
from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from accounts.forms import EMAIL_TAKEN
from accounts.models import User

pytestmark = pytest.mark.django_db


def test_signup_creates_user_logs_in_and_goes_home(client):
    response = client.post(reverse("accounts:signup"), {
        "email": "New.Person@Example.com", "display_name": "New",
        "password1": "a-long-unusual-pass", "password2": "a-long-unusual-pass"})
    assertRedirects(response, reverse("quizzes:home"), fetch_redirect_response=False)
    user = User.objects.get()
    assert user.email == "new.person@example.com"
    assert int(client.session["_auth_user_id"]) == user.pk


def test_signup_keeps_next(client):
    nxt = reverse("quizzes:dashboard")
    response = client.post(reverse("accounts:signup") + f"?next={nxt}", {
        "email": "a@example.com", "password1": "a-long-unusual-pass",
        "password2": "a-long-unusual-pass", "next": nxt})
    assertRedirects(response, nxt, fetch_redirect_response=False)


def test_signup_rejects_offsite_next(client):
    response = client.post(reverse("accounts:signup"), {
        "email": "a@example.com", "password1": "a-long-unusual-pass",
        "password2": "a-long-unusual-pass", "next": "https://evil.example/"})
    assertRedirects(response, reverse("quizzes:home"), fetch_redirect_response=False)


def test_signup_existing_email_any_case_is_refused(client, user):
    response = client.post(reverse("accounts:signup"), {
        "email": user.email.upper(), "password1": "a-long-unusual-pass",
        "password2": "a-long-unusual-pass"})
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors == {"email": [EMAIL_TAKEN]}


def test_signup_weak_password_is_refused_with_message(client):
    response = client.post(reverse("accounts:signup"), {
        "email": "b@example.com", "password1": "123", "password2": "123"})
    assert "password2" in response.context["form"].errors
    assert not User.objects.exists()


def test_login_with_email_any_case(client, user):
    response = client.post(reverse("login"), {"username": user.email.upper(),
                                              "password": "correct-horse-battery"})
    assertRedirects(response, reverse("quizzes:home"), fetch_redirect_response=False)


def test_login_wrong_password_shows_error(client, user):
    response = client.post(reverse("login"), {"username": user.email, "password": "nope"})
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].non_field_errors()


def test_logout_requires_post(client, user):
    client.force_login(user)
    assert client.get(reverse("logout")).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    response = client.post(reverse("logout"))
    assertRedirects(response, reverse("quizzes:home"), fetch_redirect_response=False)
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_mail_with_link(client, user):
    response = client.post(reverse("password_reset"), {"email": user.email})
    assertRedirects(response, reverse("password_reset_done"), fetch_redirect_response=False)
    assert len(mail.outbox) == 1 and "/accounts/reset/" in mail.outbox[0].body


def test_learner_pages_require_login_and_keep_next(client):
    for name in ("quizzes:dashboard", "quizzes:attempt_list", "quizzes:review_session",
                 "accounts:profile"):
        url = reverse(name)
        assertRedirects(client.get(url), f"{reverse('login')}?next={url}",
                        fetch_redirect_response=False)


def test_home_is_public(client):
    assert client.get(reverse("quizzes:home")).status_code == HTTPStatus.OK


def test_profile_saves_preferences(client, user):
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {
        "display_name": "Ada", "target_level": "4", "weekly_hours": "7.5", "free_only": "on",
        "preferred_kinds": ["book", "practice"]})
    assertRedirects(response, reverse("accounts:profile"), fetch_redirect_response=False)
    user.refresh_from_db()
    assert (user.target_level, float(user.weekly_hours), user.free_only) == (4, 7.5, True)
    assert user.preferred_kinds == ["book", "practice"]


def test_profile_rejects_impossible_hours(client, user):
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {
        "target_level": "3", "weekly_hours": "200"})
    assert response.status_code == HTTPStatus.OK
    assert "weekly_hours" in response.context["form"].errors
    user.refresh_from_db()
    assert float(user.weekly_hours) == 5


def test_pages_send_a_strict_csp_with_nonce(client):
    response = client.get(reverse("quizzes:home"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp and "unsafe-inline" not in csp
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    html = response.content.decode()
    assert f'nonce="{nonce}"' in html
    # Every <script> is external: nothing inline to run.
    for tag in re.findall(r"<script[^>]*>(.*?)</script>", html, re.S):
        assert tag.strip() == ""


