"""HEAD answers like GET on every page a learner opens (monitors and link checkers use it;
``HEAD /`` answered 405)."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from quizzes.services.attempts import attempt_start, attempt_submit

pytestmark = pytest.mark.django_db


def test_head_on_public_pages(client, build_assessment):
    assessment = build_assessment(2)
    for url in (reverse("quizzes:home"), reverse("quizzes:area_detail",
                                                  args=[assessment.area.slug]),
                reverse("login"), reverse("accounts:signup"), reverse("password_reset")):
        response = client.head(url)
        assert response.status_code == HTTPStatus.OK, url
        assert response.content == b""


def test_head_on_learner_pages(client, user, build_assessment):
    client.force_login(user)
    assessment = build_assessment(2)
    open_attempt = attempt_start(user=user, assessment=assessment)
    graded = attempt_start(user=user, assessment=build_assessment(2))
    attempt_submit(attempt=graded)
    urls = [
        reverse("quizzes:assessment_detail", args=[assessment.slug]),
        reverse("quizzes:attempt_take", args=[open_attempt.pk]),
        reverse("quizzes:attempt_submit", args=[open_attempt.pk]),
        reverse("quizzes:attempt_result", args=[graded.pk]),
        reverse("quizzes:attempt_list"),
        reverse("quizzes:dashboard"),
        reverse("quizzes:review_session"),
        reverse("accounts:profile"),
    ]
    for url in urls:
        assert client.head(url).status_code == HTTPStatus.OK, url
    # A HEAD does not count as showing the question.
    assert open_attempt.responses.get(position=1).shown_at is None


def test_head_does_not_open_posts(client, user):
    client.force_login(user)
    assert client.head(reverse("quizzes:practice_start")).status_code == 405


def test_head_sends_the_get_headers_and_no_body(rf, settings):
    """gunicorn logged a warning for every HEAD that came with a body (the test client
    drops it by itself, so the middleware is tested directly)."""
    from django.http import HttpResponse

    from config.middleware import head_without_body

    page = head_without_body(lambda request: HttpResponse(b"<html>page</html>",
                                                          headers={"Content-Length": "17"}))
    response = page(rf.head("/"))
    assert response.content == b"" and response["Content-Length"] == "17"
    assert page(rf.get("/")).content == b"<html>page</html>"
    assert settings.MIDDLEWARE[0] == "config.middleware.head_without_body"
