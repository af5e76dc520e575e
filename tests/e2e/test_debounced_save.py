"""An answer of several clicks is saved once, a second after the last click (issue 9: a
select-all answer of three ticks sent three autosaves). The status says a save is on its
way; leaving the page before it goes sends it at once; a one-click answer is not held."""

import time

import pytest
from playwright.sync_api import expect

from quizzes.models import Attempt
from tests.e2e.test_attempt_flow import assessment  # noqa: F401 - a fixture
from tests.e2e.test_take_experience import start


def open_kind(page, assessment, email, kind) -> int:  # noqa: F811
    url = start(page, assessment, email)
    for n in range(1, 7):
        page.goto(f"{url}?q={n}")
        page.wait_for_load_state("load")
        if page.get_attribute("#question-card", "data-kind") == kind:
            return n
    pytest.skip(f"no {kind} question in this draw")


def autosaves(page) -> list[float]:
    """When each autosave of the question left the browser."""
    sent: list[float] = []

    def seen(request):
        body = request.post_data or ""
        if request.method == "POST" and "/q/" in request.url and "autosave" in body:
            sent.append(time.monotonic())

    page.on("request", seen)
    return sent


def stored_choices(email: str, position: int, want: int) -> list:
    response = Attempt.objects.get(user__email=email).responses.get(position=position)
    deadline = time.monotonic() + 8
    while time.monotonic() < deadline:
        response.refresh_from_db()
        if len((response.answer or {}).get("choices", [])) >= want:
            break
        time.sleep(0.1)
    return (response.answer or {}).get("choices", [])


def test_ticks_in_quick_succession_are_saved_once(page, assessment, shot):  # noqa: F811
    page.set_viewport_size({"width": 390, "height": 844})
    n = open_kind(page, assessment, "ticks@example.com", "multiple")
    sent = autosaves(page)
    boxes = page.locator(".options label")
    clicked = time.monotonic()
    boxes.nth(0).click()
    boxes.nth(1).click()
    status = page.locator("#save-status")
    expect(status).to_have_text("Saving…")
    shot(page, "debounced-save-saving-390")
    expect(status).to_contain_text("Saved at", timeout=5000)
    page.wait_for_timeout(1500)  # nothing else is on its way
    assert len(sent) == 1
    assert sent[0] - clicked >= 0.9  # a second after the last tick
    assert len(stored_choices("ticks@example.com", n, 2)) == 2
    assert page.console_errors == []


def test_leaving_the_page_sends_the_waiting_save(page, assessment):  # noqa: F811
    n = open_kind(page, assessment, "leave@example.com", "multiple")
    page.locator(".options label").nth(0).click()
    page.locator(".options label").nth(1).click()
    page.goto("/dashboard/")  # before the second has passed
    assert len(stored_choices("leave@example.com", n, 2)) == 2


def test_a_one_click_answer_is_saved_at_once(page, assessment):  # noqa: F811
    open_kind(page, assessment, "click@example.com", "single")
    sent = autosaves(page)
    clicked = time.monotonic()
    page.locator(".options label").nth(1).click()
    expect(page.locator("#save-status")).to_contain_text("Saved at")
    assert len(sent) == 1 and sent[0] - clicked < 0.9
