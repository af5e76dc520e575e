"""A learner signs up, takes a timed assessment with back/next/flag, reloads and resumes,
submits and reads the result; an attempt that runs out of time; the same flow without
JavaScript."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from quizzes.models import Area, Assessment, AssessmentTopic, Attempt, AttemptStatus
from tests.e2e.conftest import login
from tests.factories import UserFactory

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_bank.yaml"


@pytest.fixture
def assessment(transactional_db):
    call_command("load_banks", str(SAMPLE), verbosity=0)
    area = Area.objects.get(slug="sample")
    a = Assessment.objects.create(slug="sample-check", title="Sample check", area=area,
                                  time_limit_minutes=15, shuffle_choices=False,
                                  description="Six questions, one of each kind.")
    for topic in area.topics.all():
        AssessmentTopic.objects.create(assessment=a, topic=topic, count=3)
    return a


def go(page, button: str, expected: str) -> None:
    """Click a navigation button and wait until the swapped card says ``expected``."""
    page.click(f"button[value={button}]")
    expect(page.locator(".progress-text")).to_contain_text(expected)


def answer_current(page):
    """Answer whatever the current card asks, using the page only."""
    page.wait_for_load_state("load")  # htmx binds its triggers once the page has loaded
    kind = page.get_attribute("#question-card", "data-kind")
    if kind in ("single", "truefalse"):
        page.locator(".options label").first.click()
    elif kind == "multiple":
        page.locator(".options label").nth(0).click()
        page.locator(".options label").nth(1).click()
    elif kind == "numeric":
        page.fill("input[name=answer]", "0.25")
        page.press("input[name=answer]", "Tab")  # autosave fires on change (blur)
    elif kind == "text":
        page.fill("input[name=answer]", "stash")
        page.press("input[name=answer]", "Tab")
    elif kind == "ordering":
        selects = page.locator(".ordering select")
        for i in range(selects.count()):
            selects.nth(i).select_option(str(i + 1))
    return kind


def test_signup_take_back_next_flag_resume_and_result(page, assessment, shot):
    page.goto("/accounts/signup/")
    page.fill("input[name=email]", "new.learner@example.com")
    page.fill("input[name=password1]", "a-long-unusual-pass")
    page.fill("input[name=password2]", "a-long-unusual-pass")
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Check your email")
    link = re.search(r"https?://\S+/accounts/activate/\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.click("text=Confirm and log in")
    expect(page.locator("h1")).to_contain_text("Where do you stand")
    shot(page, "01-home-signed-in")

    page.goto(f"/assessments/{assessment.slug}/")
    page.click("text=Start the assessment")
    expect(page.locator(".progress-text")).to_contain_text("Question 1 of 6")
    countdown_before = page.inner_text("#countdown")
    answer_current(page)
    expect(page.locator("#save-status")).to_contain_text("Saved at")  # autosave on change
    shot(page, "02-question-1-answered")
    go(page, "next", "Question 2 of 6")
    assert "?q=2" in page.url  # hx-push-url keeps the address true
    answer_current(page)
    page.click("button[value=flag]")
    expect(page.locator(".badge.flag")).to_be_visible()
    go(page, "prev", "Question 1 of 6")
    page.keyboard.press("n")  # keyboard shortcut: next
    expect(page.locator(".progress-text")).to_contain_text("Question 2 of 6")
    go(page, "next", "Question 3 of 6")
    answer_current(page)
    go(page, "next", "Question 4 of 6")
    assert page.inner_text("#countdown") != "" and countdown_before

    # A closed tab loses nothing: open the attempt again from the assessment page.
    page.goto(f"/assessments/{assessment.slug}/")
    page.click("text=Resume your attempt")
    expect(page.locator(".progress-text")).to_contain_text("Question 4 of 6")
    expect(page.locator(".navigator ol .nav-cell.answered")).to_have_count(3)
    expect(page.locator(".navigator ol .nav-cell.flagged")).to_have_count(1)
    shot(page, "03-resumed")
    for n in (5, 6):
        answer_current(page)
        go(page, "next", f"Question {n} of 6")
    answer_current(page)
    page.click("button[value=next]")
    expect(page.locator("h1")).to_contain_text("Submit your answers?")
    shot(page, "04-submit-confirm")
    page.click("text=Submit and see my results")
    expect(page.locator("h1")).to_contain_text("Your result")
    expect(page.locator(".band-chart")).to_be_visible()
    expect(page.locator(".review-item")).to_have_count(6)
    shot(page, "05-result")
    attempt = Attempt.objects.get(user__email="new.learner@example.com")
    assert attempt.status == AttemptStatus.GRADED
    assert attempt.responses.filter(answer__isnull=False).count() == 6
    assert page.console_errors == []


def test_expired_attempt_is_graded_with_saved_answers(page, assessment, shot):
    user = UserFactory(email="timed@example.com")
    login(page, user.email)
    page.goto(f"/assessments/{assessment.slug}/")
    page.click("text=Start the assessment")
    answer_current(page)
    expect(page.locator("#save-status")).to_contain_text("Saved at")
    attempt = Attempt.objects.get(user=user)
    # The server owns time: move the deadline to two seconds from now.
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + timedelta(seconds=2))
    page.reload()
    # The countdown reaches zero and asks the server, which grades and shows the result.
    expect(page.locator("h1")).to_contain_text("Your result", timeout=15_000)
    expect(page.locator(".message.warning").first).to_contain_text("Time")
    shot(page, "06-expired-result")
    attempt.refresh_from_db()
    assert attempt.expired and attempt.status == AttemptStatus.GRADED
    assert attempt.responses.filter(answer__isnull=False).count() == 1


def test_whole_flow_without_javascript(nojs_page, assessment, shot):
    page = nojs_page
    user = UserFactory(email="nojs@example.com")
    login(page, user.email)
    page.goto(f"/assessments/{assessment.slug}/")
    page.click("text=Start the assessment")
    for position in range(1, 7):
        expect(page.locator(".progress-text")).to_contain_text(f"Question {position} of 6")
        kind = answer_current(page)
        if position == 2:
            page.click("button[value=flag]")
            expect(page.locator(".badge.flag")).to_be_visible()
        if kind == "numeric":
            page.fill("input[name=answer]", "a quarter")
            page.click("button[value=next]")
            expect(page.locator(".form-errors")).to_contain_text("Enter a number")
            # Nothing was saved, and the status line says so (never "Answer saved.").
            expect(page.locator("#save-status")).to_contain_text(
                "Not saved: see the message above.")
            shot(page, "07-nojs-numeric-error")
            page.fill("input[name=answer]", "0.25")
        page.click("button[value=next]")
    expect(page.locator("h1")).to_contain_text("Submit your answers?")
    page.click("text=Submit and see my results")
    expect(page.locator("h1")).to_contain_text("Your result")
    shot(page, "08-nojs-result")
    attempt = Attempt.objects.get(user=user)
    assert attempt.status == AttemptStatus.GRADED
    assert attempt.responses.filter(answer__isnull=False).count() == 6
    assert attempt.responses.filter(flagged=True).count() == 1


def test_dont_know_button_saves_in_place_and_reviews(page, assessment, shot):
    """"I don't know" swaps the next question in (htmx), counts as answered, and the
    result says so."""
    UserFactory(email="idk@example.com")
    login(page, "idk@example.com")
    page.goto(f"/assessments/{assessment.slug}/")
    page.click("text=Start the assessment")
    expect(page.locator(".progress-text")).to_contain_text("Question 1 of 6")
    page.wait_for_load_state("load")
    go(page, "dont-know", "Question 2 of 6")
    expect(page.locator(".navigator ol .nav-cell.answered")).to_have_count(1)
    go(page, "prev", "Question 1 of 6")
    expect(page.locator("#save-status")).to_contain_text("you said you don't know")
    shot(page, "idk-01-saved")
    page.goto(f"/attempts/{Attempt.objects.get(user__email='idk@example.com').pk}/submit/")
    page.click("text=Submit and see my results")
    expect(page.locator("h1")).to_contain_text("Your result")
    expect(page.locator(".review-item").first).to_contain_text("You said you didn't know.")
    assert page.console_errors == []


def test_htmx_swap_never_applies_an_inline_style(page, assessment):
    """An element that carries a CSSOM-set style (Playwright's screenshot hides the caret
    that way, and leaves ``style=""`` behind) keeps its id across an htmx swap; htmx's
    settle used to copy that ``style`` attribute onto the new element with setAttribute,
    which the strict CSP (style-src 'self') blocks with a console error."""
    UserFactory(email="styled@example.com")
    login(page, "styled@example.com")
    page.goto(f"/assessments/{assessment.slug}/")
    page.click("text=Start the assessment")
    expect(page.locator(".progress-text")).to_contain_text("Question 1 of 6")
    page.wait_for_load_state("load")
    page.evaluate("""() => document.querySelectorAll("[id]").forEach(
        (el) => el.style.setProperty("caret-color", "transparent"))""")
    page.screenshot()  # the real-world trigger: caret hiding writes and restores el.style
    go(page, "next", "Question 2 of 6")
    go(page, "prev", "Question 1 of 6")
    page.wait_for_timeout(200)  # settle runs after htmx's settle delay
    assert page.console_errors == []
