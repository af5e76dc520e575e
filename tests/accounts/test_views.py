"""Sign up, log in with email, log out, password reset, profile preferences."""

import re
from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from accounts.forms import LOGIN_INVALID, PASSWORD_MAX, PASSWORD_TOO_LONG
from accounts.models import User

pytestmark = pytest.mark.django_db


SIGNUP = {"email": "New.Person@Example.com", "display_name": "New",
          "password1": "a-long-unusual-pass", "password2": "a-long-unusual-pass"}


def page_text(response) -> str:
    """The page without its per-request nonce and CSRF token."""
    html = re.sub(r'"X-CSRFToken": "[^"]*"', "", response.content.decode())
    return re.sub(r'nonce="[^"]*"', "", html)


def link_in(message) -> str:
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


def test_signup_mails_a_link_that_confirms_logs_in_and_goes_home(client):
    response = client.post(reverse("accounts:signup"), SIGNUP)
    assertRedirects(response, reverse("accounts:signup_done"), fetch_redirect_response=False)
    user = User.objects.get()
    assert user.email == "new.person@example.com" and not user.is_active
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [user.email]
    link = link_in(mail.outbox[0])
    page = client.get(link)  # a mail scanner following the link confirms nothing
    assert "Confirm and log in" in page.content.decode()
    user.refresh_from_db()
    assert not user.is_active
    assertRedirects(client.post(link), reverse("quizzes:home"), fetch_redirect_response=False)
    user.refresh_from_db()
    assert user.is_active and int(client.session["_auth_user_id"]) == user.pk
    assert client.post(link).status_code == 400  # used once


def test_signup_keeps_next_through_the_link(client):
    nxt = reverse("quizzes:dashboard")
    client.post(reverse("accounts:signup") + f"?next={nxt}", {**SIGNUP, "next": nxt})
    link = link_in(mail.outbox[0])
    assertRedirects(client.post(link), nxt, fetch_redirect_response=False)


def test_signup_rejects_offsite_next(client):
    client.post(reverse("accounts:signup"), {**SIGNUP, "next": "https://evil.example/"})
    assert "evil" not in mail.outbox[0].body
    link = link_in(mail.outbox[0])
    response = client.post(link, {"next": "https://evil.example/"})
    assertRedirects(response, reverse("quizzes:home"), fetch_redirect_response=False)


def test_signup_does_not_tell_whether_an_address_is_registered(client, user):
    """It answered "An account with this email address already exists"; now the page is
    the same and the owner gets a mail instead."""
    new = client.post(reverse("accounts:signup"), {**SIGNUP, "email": "someone@example.com"})
    taken = client.post(reverse("accounts:signup"), {**SIGNUP, "email": user.email.upper()})
    assert new.status_code == taken.status_code == HTTPStatus.FOUND
    assert new["Location"] == taken["Location"]
    assert page_text(client.get(new["Location"])) == page_text(client.get(taken["Location"]))
    owner_mail = mail.outbox[1]
    assert owner_mail.to == [user.email] and "tried to sign up" in owner_mail.subject
    assert "/accounts/password_reset/" in owner_mail.body
    user.refresh_from_db()
    assert user.check_password("correct-horse-battery")  # nothing changed
    assert User.objects.filter(email__iexact=user.email).count() == 1


def test_signup_again_before_confirming_resends_the_link_keeping_the_password(client):
    client.post(reverse("accounts:signup"), SIGNUP)
    client.post(reverse("accounts:signup"), {**SIGNUP, "password1": "another-long-pass-1",
                                             "password2": "another-long-pass-1"})
    assert len(mail.outbox) == 2 and "/accounts/activate/" in mail.outbox[1].body
    user = User.objects.get()
    assert user.check_password("a-long-unusual-pass")


def test_tampered_activation_link_is_refused(client):
    client.post(reverse("accounts:signup"), SIGNUP)
    link = link_in(mail.outbox[0])
    assert client.post(link[:-3] + "xyz/").status_code == 400
    assert client.post("/accounts/activate/%C2%B2/abc/").status_code == 400
    assert not User.objects.get().is_active


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


def test_login_before_confirming_says_the_same_as_a_wrong_password(client, user):
    client.post(reverse("accounts:signup"), SIGNUP)
    unconfirmed = client.post(reverse("login"), {"username": SIGNUP["email"],
                                                 "password": SIGNUP["password1"]})
    wrong = client.post(reverse("login"), {"username": user.email, "password": "nope"})
    unknown = client.post(reverse("login"), {"username": "nobody@example.com",
                                             "password": "nope"})
    for response in (unconfirmed, wrong, unknown):
        assert response.context["form"].non_field_errors() == [LOGIN_INVALID]
    assert "_auth_user_id" not in client.session


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




# --- Password length: a megabyte took ~2 s to hash ------------------------------------------

HUGE = "x" * 1_000_000


def refuses_long(response) -> bool:
    return response.status_code == HTTPStatus.OK and PASSWORD_TOO_LONG in (
        response.content.decode())


def test_signup_refuses_an_over_long_password(client):
    response = client.post(reverse("accounts:signup"), {**SIGNUP, "password1": HUGE,
                                                        "password2": HUGE})
    assert refuses_long(response) and not User.objects.exists() and not mail.outbox
    at_limit = "Zq9-" * (PASSWORD_MAX // 4)
    response = client.post(reverse("accounts:signup"), {**SIGNUP, "password1": at_limit,
                                                        "password2": at_limit})
    assert response.status_code == HTTPStatus.FOUND


def test_login_refuses_an_over_long_password_without_hashing_it(client, user, monkeypatch):
    calls = []
    monkeypatch.setattr("django.contrib.auth.forms.authenticate",
                        lambda *a, **k: calls.append(1))
    response = client.post(reverse("login"), {"username": user.email, "password": HUGE})
    assert refuses_long(response) and calls == []


def test_admin_login_refuses_an_over_long_password(client, staff_user):
    response = client.post(reverse("admin:login"), {"username": staff_user.email,
                                                    "password": HUGE})
    assert refuses_long(response)


def test_password_change_refuses_an_over_long_password(client, user):
    client.force_login(user)
    response = client.post(reverse("password_change"), {
        "old_password": "correct-horse-battery", "new_password1": HUGE, "new_password2": HUGE})
    assert refuses_long(response)
    response = client.post(reverse("password_change"), {
        "old_password": HUGE, "new_password1": "a-long-unusual-pass",
        "new_password2": "a-long-unusual-pass"})
    assert refuses_long(response)
    user.refresh_from_db()
    assert user.check_password("correct-horse-battery")


def test_password_reset_refuses_an_over_long_password(client, user):
    client.post(reverse("password_reset"), {"email": user.email})
    link = re.search(r"http://testserver(/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]  # Django swaps the token for a session
    response = client.post(form_url, {"new_password1": HUGE, "new_password2": HUGE})
    assert refuses_long(response)
    user.refresh_from_db()
    assert user.check_password("correct-horse-battery")


def test_signup_inputs_point_at_help_and_errors_that_exist(client):
    """Each id an input's aria-describedby names is an element on the page, and the
    password rules (a list) sit inside their help element."""
    html = client.post(reverse("accounts:signup"), {}).content.decode()
    described = re.findall(r'aria-describedby="([^"]+)"', html)
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    assert described and all(i in ids for d in described for i in d.split())
    assert re.search(r'<div class="help" id="id_password1_helptext"><ul>', html)
