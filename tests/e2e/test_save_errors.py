"""A failed save is never silent: the page says "Not saved — retrying…", keeps the answer
and sends it again until the server stores it (issue 9). Before, static/js/site.js handled
no htmx error and the learner saw nothing."""

import pytest
from playwright.sync_api import expect

from quizzes.models import Attempt
from quizzes.services.attempts import attempt_start
from tests.e2e.conftest import login
from tests.factories import (
    AreaFactory,
    AssessmentFactory,
    QuestionFactory,
    TopicFactory,
    UserFactory,
)


@pytest.fixture
def open_attempt(transactional_db):
    area = AreaFactory()
    topics = [TopicFactory(area=area, order=1), TopicFactory(area=area, order=2)]
    for i in range(4):
        QuestionFactory(topic=topics[i % 2], version__kind="single")
    user = UserFactory(email="flaky@example.com")
    assessment = AssessmentFactory(area=area, topics=topics, topics__per_topic=2)
    return attempt_start(user=user, assessment=assessment)


def fail_first(page, pattern, how="abort"):
    """Break the first request to ``pattern`` (abort, or a 502), let the rest through."""
    calls = []

    def handle(route):
        calls.append(route.request.post_data or "")
        if len(calls) == 1:
            if how == "abort":
                route.abort("connectionreset")
            else:
                route.fulfill(status=502, body="Bad gateway")
        else:
            route.continue_()

    page.route(pattern, handle)
    return calls


@pytest.mark.parametrize("how", ["abort", "502"])
def test_failed_autosave_says_so_keeps_the_answer_and_retries(page, open_attempt, how):
    login(page, open_attempt.user.email)
    page.goto(f"/attempts/{open_attempt.pk}/")
    calls = fail_first(page, "**/q/1/", how)
    page.locator(".options label").nth(1).click()
    status = page.locator("#save-status")
    expect(status).to_contain_text("Not saved — retrying…")
    expect(page.locator(".options input").nth(1)).to_be_checked()  # still in the page
    expect(status).to_contain_text("Saved at", timeout=8000)
    assert len(calls) >= 2
    r = Attempt.objects.get(pk=open_attempt.pk).responses.get(position=1)
    assert r.answer is not None and r.answer["choices"] == [r.choice_order[1]]


def test_failed_save_and_next_keeps_the_question_and_stores_the_answer(page, open_attempt):
    login(page, open_attempt.user.email)
    page.goto(f"/attempts/{open_attempt.pk}/")
    broken = []

    def handle(route):
        if "action=next" in (route.request.post_data or "") and not broken:
            broken.append(1)
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/q/1/", handle)
    page.locator(".options label").nth(1).click()
    expect(page.locator("#save-status")).to_contain_text("Saved at")
    page.locator(".options label").nth(2).click()
    page.click("button[value=next]")
    expect(page.locator("#save-status")).to_contain_text("Not saved — retrying…")
    expect(page.locator(".progress-text")).to_contain_text("Question 1 of")
    expect(page.locator(".options input").nth(2)).to_be_checked()
    expect(page.locator("#save-status")).to_contain_text("Saved at", timeout=8000)
    assert broken
    r = Attempt.objects.get(pk=open_attempt.pk).responses.get(position=1)
    assert r.answer["choices"] == [r.choice_order[2]]
    assert r.seq >= 2  # the page numbered each change (static/js/attempt.js)
