"""The take page by keyboard: Enter in a typed answer saves it and goes to the next
question (not "Previous", the form's first visible submit button)."""

import pytest
from playwright.sync_api import expect

from quizzes.models import Attempt
from tests.e2e.conftest import login
from tests.e2e.test_attempt_flow import assessment  # noqa: F401 - a fixture
from tests.factories import UserFactory


def open_typed_question(page, assessment) -> int:  # noqa: F811
    """Start the attempt and show its first numeric or text question (not the last)."""
    user = UserFactory(email="keys@example.com")
    login(page, user.email)
    page.goto(f"/assessments/{assessment.slug}/")
    page.click("text=Start the assessment")
    expect(page.locator(".progress-text")).to_contain_text("Question 1 of 6")
    url = page.url.split("?")[0]
    for n in range(1, 6):  # not 6: Enter on the last question goes to the submit page
        page.goto(f"{url}?q={n}")
        page.wait_for_load_state("load")
        if page.get_attribute("#question-card", "data-kind") in ("numeric", "text"):
            return n
    pytest.skip("no typed question before the last one in this draw")


def test_enter_in_a_typed_answer_saves_and_goes_next(page, assessment):  # noqa: F811
    n = open_typed_question(page, assessment)
    kind = page.get_attribute("#question-card", "data-kind")
    typed = "0.25" if kind == "numeric" else "stash"
    page.fill("input[name=answer]", typed)
    page.press("input[name=answer]", "Enter")
    expect(page.locator(".progress-text")).to_contain_text(f"Question {n + 1} of 6")
    response = Attempt.objects.get(user__email="keys@example.com").responses.get(position=n)
    assert response.answer is not None
    page.goto(page.url.split("?")[0] + f"?q={n}")
    expect(page.locator("input[name=answer]")).to_have_value(typed)
    assert page.console_errors == []


def test_enter_without_javascript_also_goes_next(nojs_page, assessment):  # noqa: F811
    n = open_typed_question(nojs_page, assessment)
    kind = nojs_page.get_attribute("#question-card", "data-kind")
    typed = "0.25" if kind == "numeric" else "stash"
    nojs_page.fill("input[name=answer]", typed)
    nojs_page.press("input[name=answer]", "Enter")
    expect(nojs_page.locator(".progress-text")).to_contain_text(f"Question {n + 1} of 6")
    response = Attempt.objects.get(user__email="keys@example.com").responses.get(position=n)
    assert response.answer is not None
