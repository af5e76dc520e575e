"""The take page and the answer post read the learner's row in their own statement and
hand it to Django's session check (quizzes.views.attempts._learner_rows): the check must
refuse exactly what ``login_required`` refused."""

from http import HTTPStatus

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from quizzes.services.attempts import attempt_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_attempt(build_assessment, user, client):
    client.force_login(user)
    return attempt_start(user=user, assessment=build_assessment(4, kinds=["single"]))


def urls(attempt):
    return (reverse("quizzes:attempt_take", args=[attempt.pk]) + "?q=2",
            reverse("quizzes:response_save", args=[attempt.pk, 2]))


def assert_sent_to_login(response, asked: str):
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("login") + "?next=")
    assert "question-card" not in response.content.decode()


def test_without_a_session_both_send_to_login(open_attempt, client):
    take, save = urls(open_attempt)
    client.logout()
    assert_sent_to_login(client.get(take), take)
    assert_sent_to_login(client.post(save, {"action": "next"}), save)
    assert not open_attempt.responses.filter(answer__isnull=False).exists()


def test_a_session_from_before_a_password_change_is_logged_out(open_attempt, client, user):
    """The row comes with the page's statement, but the session's password hash is still
    checked against it: after a password change elsewhere the old session ends."""
    take, save = urls(open_attempt)
    user.set_password("a-new-password-9876")
    user.save()
    assert_sent_to_login(client.get(take), take)
    assert SESSION_KEY not in client.session  # flushed, as django.contrib.auth does
    assert_sent_to_login(client.post(save, {"action": "next"}), save)


def test_a_deactivated_account_is_sent_to_login(open_attempt, client, user):
    take, save = urls(open_attempt)
    user.is_active = False
    user.save()
    assert_sent_to_login(client.get(take), take)
    assert_sent_to_login(client.post(save, {"action": "next"}), save)


@pytest.mark.parametrize("value", ["0", "-4", "9" * 40])
def test_a_session_naming_no_usable_id_is_sent_to_login(open_attempt, client, value):
    take, _ = urls(open_attempt)
    session = client.session
    session[SESSION_KEY] = value
    session.save()
    assert_sent_to_login(client.get(take), take)


def test_the_learner_read_with_the_page_is_the_signed_in_one(open_attempt, client, user,
                                                             django_user_model):
    take, _ = urls(open_attempt)
    response = client.get(take)
    assert response.status_code == HTTPStatus.OK
    assert response.wsgi_request.user.pk == user.pk
    other = django_user_model.objects.create_user(email="other@example.com",
                                                  password="pw-other-123456")
    client.force_login(other)
    assert client.get(take).status_code == HTTPStatus.NOT_FOUND  # not theirs: as before
