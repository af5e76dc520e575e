"""The live preview: the draft in the learner's card, answerable, graded by the real
grader; staff only; framed only by the site itself."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from quizzes.drafts import NO_ANSWER, draft_from_post, draft_sign
from quizzes.formats.data import ChoiceData, QuestionData
from quizzes.forms import choice_token
from quizzes.views.authoring import DRAFT_EXPIRED
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db
URL = "quizzes:question_draft_preview"

SINGLE = {"kind": "single", "difficulty": "2", "stem": "Which is **prime**?",
          "explanation": "Seven has no divisors but 1 and itself.",
          "choices-TOTAL_FORMS": "4",
          "choices-0-text": "7", "choices-0-fraction": "1", "choices-0-feedback": "Yes.",
          "choices-1-text": "8", "choices-1-fraction": "0", "choices-1-feedback": "Even.",
          "choices-2-text": "", "choices-3-text": ""}


def draft_of(post) -> str:
    return draft_sign(draft_from_post(post))


def test_preview_of_the_form_as_typed_uses_the_learner_card(admin_client):
    response = admin_client.post(reverse(URL), SINGLE)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "<strong>prime</strong>" in html
    assert {"quizzes/includes/answer_inputs.html"} <= {t.name for t in response.templates}
    assert html.count('type="radio"') == 2
    # As a learner sees it: no key, no explanation before answering.
    assert "is-key" not in html and "Seven has no divisors" not in html


def test_answering_the_preview_grades_it_with_the_real_grader(admin_client):
    right = {"draft": draft_of(SINGLE), "answer": choice_token("draft", 1)}
    html = admin_client.post(reverse(URL), right).content.decode()
    assert "✓ Correct" in html and "credit 1.00" in html
    assert "Seven has no divisors" in html and "Yes." in html
    wrong = {"draft": draft_of(SINGLE), "answer": choice_token("draft", 2)}
    html = admin_client.post(reverse(URL), wrong).content.decode()
    assert "✗ Not right" in html and "credit 0.00" in html and "Even." in html


def test_multiple_choice_preview_gives_partial_credit(admin_client):
    post = {**SINGLE, "kind": "multiple", "choices-0-fraction": "0.5",
            "choices-1-fraction": "0.5", "choices-2-text": "9", "choices-2-fraction": "-0.5"}
    half = {"draft": draft_of(post), "answer": [choice_token("draft", 1)]}
    html = admin_client.post(reverse(URL), half).content.decode()
    assert "Partly right (0.50 credit)" in html
    # A wrong pick costs what its fraction says: 0.5 - 0.5.
    cancelled = {**half, "answer": [choice_token("draft", 1), choice_token("draft", 3)]}
    assert "credit 0.00" in admin_client.post(reverse(URL), cancelled).content.decode()


def test_numeric_preview_reads_and_grades_the_typed_number(admin_client):
    post = {"kind": "numeric", "stem": "How many?", "numeric_answer": "2448",
            "tolerance": "0", "unit": "ms"}
    html = admin_client.post(reverse(URL), {"draft": draft_of(post),
                                            "answer": "2,448"}).content.decode()
    assert "✓ Correct" in html and "Accepted answer:</strong> 2448" in html


def test_ordering_preview_shows_items_out_of_key_order(admin_client):
    post = {"kind": "ordering", "stem": "Order them.", "choices-TOTAL_FORMS": "3",
            "choices-0-text": "first", "choices-1-text": "second", "choices-2-text": "third"}
    html = admin_client.post(reverse(URL), post).content.decode()
    assert html.index("third") < html.index("first")


def test_checking_without_an_answer_says_so(admin_client):
    html = admin_client.post(reverse(URL), {"draft": draft_of(SINGLE)}).content.decode()
    assert NO_ANSWER in html and "credit" not in html


def test_a_draft_that_was_not_signed_here_is_refused(admin_client):
    html = admin_client.post(reverse(URL), {"draft": "forged", "answer": "x"}).content.decode()
    assert DRAFT_EXPIRED in html


def test_preview_names_text_that_does_not_render(admin_client):
    html = admin_client.post(reverse(URL), {**SINGLE, "stem": "Costs $5"}).content.decode()
    assert "Stem: a stray $" in html


def test_preview_of_a_stored_version(admin_client):
    v = QuestionFactory().current_version
    html = admin_client.get(reverse(URL), {"version": v.pk}).content.decode()
    assert "Question stem" in html and "is-key" not in html


def test_preview_may_be_framed_by_the_site_only(admin_client):
    response = admin_client.post(reverse(URL), SINGLE)
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    other = admin_client.get(reverse("quizzes:home"))
    assert "frame-ancestors 'none'" in other["Content-Security-Policy"]


def test_preview_is_staff_only(client, user):
    client.force_login(user)
    response = client.post(reverse(URL), SINGLE)
    assert response.status_code == HTTPStatus.FOUND  # to the admin login
    response = client.post(reverse(URL), {"draft": draft_of(SINGLE),
                                          "answer": choice_token("draft", 1)})
    assert response.status_code == HTTPStatus.FOUND


def test_draft_from_post_reads_an_unfinished_form():
    draft = draft_from_post({"kind": "numeric", "stem": "x", "numeric_answer": "",
                             "tolerance": "abc", "difficulty": "nine"})
    assert draft == QuestionData(slug="", topic="", kind="numeric", difficulty=3, stem="x",
                                 explanation="", data={"answer": None, "tolerance": 0.0,
                                                       "tolerance_mode": "absolute",
                                                       "unit": ""})
    single = draft_from_post(SINGLE)
    assert single.choices == (ChoiceData("7", 1.0, "Yes."), ChoiceData("8", 0.0, "Even."))
