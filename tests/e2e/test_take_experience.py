"""The take page in a browser (issue 11): an ordering answer kept on error and moved by
buttons (with and without JavaScript); single-key shortcuts switched off and remembered;
the timer's three announcements, read from its live region."""

import json
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from quizzes.models import Attempt
from tests.e2e.conftest import login
from tests.e2e.test_attempt_flow import assessment  # noqa: F401 - a fixture
from tests.factories import UserFactory


def start(page, assessment, email) -> str:  # noqa: F811
    UserFactory(email=email)
    login(page, email)
    page.goto(f"/assessments/{assessment.slug}/")
    page.click("text=Start the assessment")
    expect(page.locator(".progress-text")).to_contain_text("Question 1 of 6")
    return page.url.split("?")[0]


def open_ordering(page, assessment, email) -> int:  # noqa: F811
    url = start(page, assessment, email)
    for n in range(1, 7):
        page.goto(f"{url}?q={n}")
        page.wait_for_load_state("load")
        if page.get_attribute("#question-card", "data-kind") == "ordering":
            return n
    pytest.skip("no ordering question in this draw")


def items(page) -> list[str]:
    return [t.strip() for t in page.locator(".ordering .opt-text > span[id]").all_inner_texts()]


def positions(page) -> dict[str, str]:
    return dict(zip(items(page), [s.input_value() for s in page.locator(".ordering select").all()],
                    strict=True))


@pytest.mark.parametrize("js", [True, False])
def test_ordering_keeps_its_input_on_error(page, nojs_page, assessment, js):  # noqa: F811
    page = page if js else nojs_page
    open_ordering(page, assessment, "order@example.com")
    selects = page.locator(".ordering select")
    first, second, third = items(page)
    # Each list is named by its item.
    expect(page.get_by_role("combobox", name=f"Position of: {second}")).to_be_visible()
    selects.nth(0).select_option("2")
    selects.nth(1).select_option("2")  # the same position twice: an error
    selects.nth(2).select_option("1")
    page.click(".take-bar button[value=next]")
    expect(page.locator("#answer-errors")).to_contain_text("Give each item a different position")
    assert positions(page) == {third: "1", first: "2", second: "2"}
    assert items(page) == [third, first, second]  # listed in the learner's order


def test_ordering_moves_by_buttons_with_javascript(page, assessment):  # noqa: F811
    n = open_ordering(page, assessment, "move@example.com")
    first, second, third = items(page)
    page.get_by_role("button", name=f"Move down: {first}").click()
    assert items(page) == [second, first, third]
    assert positions(page) == {second: "1", first: "2", third: "3"}
    expect(page.locator("#order-status")).to_have_text(f"{first}: position 2 of 3")
    # Focus stays on the pressed button; at the bottom it passes to the item's other one.
    expect(page.get_by_role("button", name=f"Move down: {first}")).to_be_focused()
    page.keyboard.press("Enter")
    assert items(page) == [second, third, first]
    expect(page.get_by_role("button", name=f"Move up: {first}")).to_be_focused()
    # The autosave stored the order: one save a second after the last move (the moves
    # in between are not sent one by one).
    expect(page.locator("#save-status")).to_contain_text("Saved at")
    response = Attempt.objects.get(user__email="move@example.com").responses.get(position=n)
    texts = {c.pk: c.text for c in response.version.choices.all()}

    def stored():
        response.refresh_from_db()
        return [texts[c] for c in (response.answer or {}).get("order", [])]
    deadline = time.monotonic() + 10
    while stored() != [second, third, first] and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert stored() == [second, third, first]
    # Dragging, where a pointer can: the last item dropped on the top half of the first.
    page.locator(".order-item").nth(2).drag_to(page.locator(".order-item").nth(0),
                                               target_position={"x": 20, "y": 5})
    assert items(page) == [first, second, third]
    assert positions(page) == {first: "1", second: "2", third: "3"}
    assert page.console_errors == []


def test_ordering_moves_by_buttons_without_javascript(nojs_page, assessment):  # noqa: F811
    page = nojs_page
    n = open_ordering(page, assessment, "nojsmove@example.com")
    first, second, third = items(page)
    page.get_by_role("button", name=f"Move up: {third}").click()
    expect(page.locator("#save-status")).to_have_text("Order changed, not saved yet.")
    assert items(page) == [first, third, second]
    assert positions(page) == {first: "1", third: "2", second: "3"}
    expect(page.get_by_role("button", name=f"Move up: {third}")).to_be_focused()
    page.click(".take-bar button[value=next]")
    # The next question (of another kind), or the submit page when it was the last one.
    expect(page.locator('#question-card[data-kind="ordering"]')).to_have_count(0)
    response = Attempt.objects.get(user__email="nojsmove@example.com").responses.get(position=n)
    texts = {c.pk: c.text for c in response.version.choices.all()}
    assert [texts[c] for c in response.answer["order"]] == [first, third, second]


def test_single_key_shortcuts_can_be_switched_off_and_stay_off(page, assessment):  # noqa: F811
    start(page, assessment, "keys-off@example.com")
    page.wait_for_load_state("load")
    page.locator("#question-heading").focus()
    page.keyboard.press("n")
    expect(page.locator(".progress-text")).to_contain_text("Question 2 of 6")
    page.click("text=Turn off single-key shortcuts")
    expect(page.locator("#shortcuts-toggle-button")).to_have_text("Turn on single-key shortcuts")
    expect(page.locator(".kbd-hint")).to_be_hidden()
    assert User.objects.get(email="keys-off@example.com").key_shortcuts is False
    page.locator("#question-heading").focus()
    page.keyboard.press("n")
    page.wait_for_timeout(300)
    expect(page.locator(".progress-text")).to_contain_text("Question 2 of 6")
    page.reload()
    page.wait_for_load_state("load")
    page.locator("#question-heading").focus()
    page.keyboard.press("n")
    page.wait_for_timeout(300)
    expect(page.locator(".progress-text")).to_contain_text("Question 2 of 6")
    expect(page.locator("#shortcuts-toggle-button")).to_have_text("Turn on single-key shortcuts")
    assert page.console_errors == []


RECORD_ANNOUNCEMENTS = """
document.addEventListener("DOMContentLoaded", () => {
  const region = document.getElementById("timer-announce");
  if (!region) return;
  new MutationObserver(() => {
    const said = JSON.parse(sessionStorage.getItem("said") || "[]");
    said.push(region.textContent);
    sessionStorage.setItem("said", JSON.stringify(said));
  }).observe(region, {childList: true, characterData: true, subtree: true});
});
"""


def test_timer_speaks_three_times_and_shows_local_time(browser, live_server, assessment):  # noqa: F811
    """5 minutes left, 1 minute left, time is up: nothing else reaches the live region,
    and the end time is written in the browser's zone."""
    context = browser.new_context(base_url=live_server.url, timezone_id="Europe/Paris",
                                  locale="en-GB", viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.add_init_script(RECORD_ANNOUNCEMENTS)
    email = "timer@example.com"
    url = start(page, assessment, email)
    attempt = Attempt.objects.get(user__email=email)
    now = timezone.now()
    attempt.deadline = now + timedelta(seconds=303)
    attempt.save(update_fields=["deadline"])
    page.clock.install(time=datetime.now(tz=ZoneInfo("UTC")))
    page.goto(url)
    page.wait_for_load_state("load")
    ends = attempt.deadline.astimezone(ZoneInfo("Europe/Paris")).strftime("%H:%M")
    expect(page.locator(".countdown time.local-time")).to_have_text(ends)
    expect(page.locator('[role="timer"]')).to_have_attribute("aria-live", "off")
    page.clock.run_for(10_000)
    expect(page.locator("#timer-announce")).to_have_text("5 minutes left.")
    page.clock.run_for(240_000)
    expect(page.locator("#timer-announce")).to_have_text("1 minute left.")
    page.clock.run_for(30_000)
    expect(page.locator("#timer-announce")).to_have_text("1 minute left.")
    # The server owns time: let the deadline pass there too, then reach it in the page.
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=attempt.started_at + timedelta(microseconds=1))
    page.clock.run_for(40_000)
    page.wait_for_url("**/result/")
    said = json.loads(page.evaluate("sessionStorage.getItem('said')"))
    assert said == ["5 minutes left.", "1 minute left.",
                    "Time is up. Your answers are being submitted."]
    # The history says when the attempt started in the same zone, with the day.
    page.goto(live_server.url + reverse("quizzes:attempt_list"))
    started = attempt.started_at.astimezone(ZoneInfo("Europe/Paris"))
    cell = page.locator("td time.local-time")
    expect(cell).to_have_attribute("data-localized", "1")
    assert started.strftime("%H:%M") in cell.inner_text()
    assert "UTC" not in cell.inner_text()
    context.close()
