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


def type_and_press_enter(page, assessment) -> tuple[int, str]:  # noqa: F811
    """Type an answer into the first typed question, press Enter, and check the next
    question is shown and the answer stored. Returns the question's position and text."""
    n = open_typed_question(page, assessment)
    kind = page.get_attribute("#question-card", "data-kind")
    typed = "0.25" if kind == "numeric" else "stash"
    page.fill("input[name=answer]", typed)
    page.press("input[name=answer]", "Enter")
    expect(page.locator(".progress-text")).to_contain_text(f"Question {n + 1} of 6")
    response = Attempt.objects.get(user__email="keys@example.com").responses.get(position=n)
    assert response.answer is not None
    return n, typed


def test_enter_in_a_typed_answer_saves_and_goes_next(page, assessment):  # noqa: F811
    n, typed = type_and_press_enter(page, assessment)
    page.goto(page.url.split("?")[0] + f"?q={n}")
    expect(page.locator("input[name=answer]")).to_have_value(typed)
    assert page.console_errors == []


def test_enter_without_javascript_also_goes_next(nojs_page, assessment):  # noqa: F811
    type_and_press_enter(nojs_page, assessment)


def test_focus_moves_to_the_question_heading_and_the_title_follows(page, assessment):  # noqa: F811
    user = UserFactory(email="focus@example.com")
    login(page, user.email)
    page.goto(f"/assessments/{assessment.slug}/")
    page.click("text=Start the assessment")
    expect(page).to_have_title("Question 1 of 6 · Sample check · Skillcheck")
    page.wait_for_load_state("load")
    page.click("button[value=next]")
    expect(page.locator(".progress-text")).to_contain_text("Question 2 of 6")
    expect(page.locator("#question-heading")).to_be_focused()
    expect(page).to_have_title("Question 2 of 6 · Sample check · Skillcheck")
    page.click("button[value=flag]")
    expect(page.locator(".badge.flag")).to_be_visible()
    expect(page.locator("#question-heading")).to_be_focused()

    # The navigator is one Tab stop: the current cell; arrows move between cells.
    cells = page.locator(".navigator ol .nav-cell")
    expect(page.locator('.navigator ol .nav-cell[tabindex="0"]')).to_have_count(1)
    expect(page.locator("#nav-cell-2")).to_have_attribute("tabindex", "0")
    page.focus("#nav-cell-2")
    page.keyboard.press("ArrowRight")
    expect(page.locator("#nav-cell-3")).to_be_focused()
    page.keyboard.press("End")
    expect(cells.last).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".progress-text")).to_contain_text("Question 6 of 6")
    expect(page.locator("#question-heading")).to_be_focused()
    expect(page).to_have_title("Question 6 of 6 · Sample check · Skillcheck")
    assert page.console_errors == []


def test_without_javascript_the_navigator_and_review_save_the_answer(nojs_page, assessment):  # noqa: F811
    page = nojs_page
    n = open_typed_question(page, assessment)
    expect(page.locator(".kbd-hint")).to_be_hidden()  # the shortcuts need JavaScript
    kind = page.get_attribute("#question-card", "data-kind")
    typed = "0.25" if kind == "numeric" else "stash"
    page.fill("input[name=answer]", typed)
    other = 1 if n != 1 else 2
    page.click(f"#nav-cell-{other}")
    expect(page.locator(".progress-text")).to_contain_text(f"Question {other} of 6")
    page.click(f"#nav-cell-{n}")
    expect(page.locator(".progress-text")).to_contain_text(f"Question {n} of 6")
    expect(page.locator("input[name=answer]")).to_have_value(typed)
    responses = Attempt.objects.get(user__email="keys@example.com").responses
    first = responses.get(position=n).answer
    assert first is not None
    # "Review and submit" saves too.
    typed2 = "0.5" if kind == "numeric" else "stash pop"
    page.fill("input[name=answer]", typed2)
    page.click("text=Review and submit")
    expect(page.locator("h1")).to_contain_text("Submit your answers?")
    second = responses.get(position=n).answer
    assert second is not None and second != first


def test_with_javascript_a_navigator_cell_saves_the_typed_answer(page, assessment):  # noqa: F811
    n = open_typed_question(page, assessment)
    expect(page.locator(".kbd-hint")).to_be_visible()
    kind = page.get_attribute("#question-card", "data-kind")
    typed = "0.25" if kind == "numeric" else "stash"
    page.fill("input[name=answer]", typed)
    other = 1 if n != 1 else 2
    page.click(f"#nav-cell-{other}")
    expect(page.locator(".progress-text")).to_contain_text(f"Question {other} of 6")
    assert f"?q={other}" in page.url
    page.click(f"#nav-cell-{n}")
    expect(page.locator(".progress-text")).to_contain_text(f"Question {n} of 6")
    expect(page.locator("input[name=answer]")).to_have_value(typed)
    page.click("text=Review and submit")
    expect(page.locator("h1")).to_contain_text("Submit your answers?")
    assert page.console_errors == []
