"""Editing a question that learners have answered: no edit is ever lost."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from quizzes.models import QuestionVersion
from quizzes.services.attempts import attempt_start, attempt_submit
from tests.factories import UserFactory
from tests.quizzes.authoring_helpers import form_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(build_assessment):
    """A single-choice question whose current version v1 a learner has answered."""
    assessment = build_assessment(2, kinds=["single"])
    attempt = attempt_start(user=UserFactory(), assessment=assessment)
    attempt_submit(attempt=attempt)
    return attempt.responses.first().version


def test_edit_after_forced_new_version_keeps_the_first_edit(admin_client, answered):
    """The loss issue 12 reports: edit an answered v1 with "Save and continue editing"
    (saved as v2), edit again from the page that opens, save: the second save must build
    on the first edit, not on v1."""
    v1 = answered
    # 1. The author opens the editor of v1 and changes the stem.
    page = admin_client.get(reverse("admin:quizzes_questionversion_change", args=[v1.pk]),
                            follow=True)
    url = page.redirect_chain[-1][0] if page.redirect_chain else page.request["PATH_INFO"]
    data = form_values(page.content.decode(), "stem")
    data["stem"] = "First edit of the stem"
    data["_continue"] = "Save and continue editing"
    # 2. Save and continue editing: v1 is answered, so the edit is saved as v2.
    page = admin_client.post(url, data, follow=True)
    assert page.status_code == HTTPStatus.OK
    assert QuestionVersion.objects.filter(question=v1.question, stem="First edit of the stem"
                                          ).exists()
    # 3. The page that opens is edited again: the explanation this time.
    url = page.redirect_chain[-1][0]
    data = form_values(page.content.decode(), "stem")
    data["explanation"] = "Second edit of the explanation"
    page = admin_client.post(url, data, follow=True)
    assert page.status_code == HTTPStatus.OK
    # 4. The question's current content has both edits; v1 is as the learner saw it.
    v1.question.refresh_from_db()
    current = v1.question.current_version
    assert (current.stem, current.explanation) == ("First edit of the stem",
                                                   "Second edit of the explanation")
    v1.refresh_from_db()
    assert v1.stem != "First edit of the stem"
