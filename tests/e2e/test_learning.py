"""Dashboard, an adaptive attempt, a review session and topic practice, in Chromium."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from quizzes.models import Attempt, AttemptStatus, ReviewCard
from quizzes.services.attempts import attempt_start, attempt_submit, response_save
from tests.e2e.conftest import login
from tests.factories import (
    AreaFactory,
    AssessmentFactory,
    QuestionFactory,
    ResourceFactory,
    TopicFactory,
    UserFactory,
)


@pytest.fixture
def area_bank(transactional_db):
    area = AreaFactory(slug="maths", title="Mathematics", order=1)
    for slug, title, order in [("dsa", "Data structures & algorithms", 2), ("git", "Git", 3),
                               ("cloud", "Cloud systems", 4),
                               ("production-code", "Production code", 5),
                               ("command-line", "Command line", 6)]:
        AreaFactory(slug=slug, title=title, order=order)
    topics = [TopicFactory(area=area, slug="probability", title="Probability", order=1),
              TopicFactory(area=area, slug="statistics", title="Statistics", order=2)]
    for i in range(30):
        QuestionFactory(topic=topics[i % 2], version__difficulty=1 + i % 5)
    for t in topics:
        ResourceFactory(title=f"Free course on {t.title}", topics=[t], cost="free",
                        level="beginner", hours=6)
        ResourceFactory(title=f"Book on {t.title}", topics=[t], kind="book", cost="paid",
                        level="intermediate", hours=20)
    return area, topics


def miss_everything(user, area, topics):
    """A graded attempt with every answer wrong, so there are gaps and review cards."""
    assessment = AssessmentFactory(area=area, title="Maths diagnostic", topics=topics,
                                   topics__per_topic=3)
    attempt = attempt_start(user=user, assessment=assessment)
    for r in attempt.responses.all():
        wrong = next(c.pk for c in r.version.choices.all() if c.fraction == 0)
        response_save(attempt=attempt, response=r, answer={"choices": [wrong]})
    return attempt_submit(attempt=attempt)


def test_dashboard_shows_radar_readiness_plan_and_marks(page, area_bank, shot):
    area, topics = area_bank
    user = UserFactory(email="dash@example.com")
    miss_everything(user, area, topics)
    login(page, user.email)
    page.goto("/dashboard/")
    # One measured area: a bar per area (a radar of one measured area would be a dot).
    expect(page.locator("svg.bars")).to_be_visible()
    expect(page.locator("#dashboard-headline")).to_contain_text("below it in")
    expect(page.locator(".readiness")).to_contain_text("below target")
    expect(page.locator("#study-plan .plan-week").first).to_contain_text("Week 1")
    expect(page.locator("#study-plan .plan-week").first).to_contain_text("in the app")
    expect(page.locator("#study-plan .rec").first).to_contain_text("questions right")
    shot(page, "10-dashboard")
    first_title = page.locator("#study-plan .rec h4 a").first.inner_text()
    page.locator("#study-plan .rec").first.get_by_role("button", name="Mark done").click()
    expect(page.locator("#study-plan .rec h4 a").first).not_to_have_text(first_title)
    assert page.console_errors == []


def test_adaptive_attempt_runs_to_its_stop_rule(page, area_bank, shot):
    area, topics = area_bank
    AssessmentFactory(area=area, slug="maths-adaptive", title="Maths adaptive", mode="adaptive",
                      feedback="immediate", time_limit_minutes=None, topics=topics,
                      topics__per_topic=6)
    user = UserFactory(email="cat@example.com")
    login(page, user.email)
    page.goto("/assessments/maths-adaptive/")
    page.click("text=Start the assessment")
    expect(page.locator(".progress-text")).to_contain_text("about")
    answered = 0
    while answered < 15:
        expect(page.locator(".progress-text")).to_contain_text(f"Question {answered + 1} ")
        page.locator(".options label").first.click()
        page.click("button[value=next]")  # check answer: feedback shows
        expect(page.locator(".feedback")).to_be_visible()
        if answered == 1:
            shot(page, "11-adaptive-feedback")
        answered += 1
        page.click("button[value=next]")  # the next question, or the result at the end
        following = page.locator(".progress-text", has_text=f"Question {answered + 1} ")
        # The check ends when the measurement says so: no "Submit your answers?" page.
        result = page.locator("h1", has_text="Your result")
        expect(following.or_(result)).to_be_visible()
        if result.is_visible():
            break
    expect(page.locator("h1")).to_contain_text("Your result")
    shot(page, "12-adaptive-result")
    attempt = Attempt.objects.get(user=user)
    assert attempt.status == AttemptStatus.GRADED
    assert 8 <= attempt.responses.count() <= 12


def test_review_session_rates_and_reschedules(page, area_bank, shot):
    area, topics = area_bank
    user = UserFactory(email="review@example.com")
    miss_everything(user, area, topics)
    missed = ReviewCard.objects.filter(user=user).count()
    login(page, user.email)
    # Right after the test nothing is due, and the page says what waits and when.
    page.goto("/review/")
    expect(page.locator("#review-queue")).to_have_text(
        f"Nothing due now; {missed} cards scheduled, the next due tomorrow.")
    shot(page, "12-review-nothing-due")
    ReviewCard.objects.filter(user=user).update(due=timezone.now() - timedelta(minutes=1))
    due_before = ReviewCard.objects.filter(user=user).count()
    page.goto("/review/")
    expect(page.locator(".progress-text")).to_contain_text(f"{due_before} cards due")
    shot(page, "13-review-card")
    page.locator(".options label").first.click()
    page.click("text=Check answer")
    expect(page.locator(".feedback")).to_be_visible()
    expect(page.locator(".review-rating")).to_contain_text(
        re.compile(r"Counted as (Forgot|Hard|Got it|Easy); this card comes back \w"))
    shot(page, "14-review-feedback")
    page.click("text=Next card")
    expect(page.locator(".progress-text")).to_contain_text(f"{due_before - 1} card")
    card = ReviewCard.objects.filter(user=user, reviews=1).get()
    assert card.due > timezone.now()


def test_practice_this_topic_from_result(page, area_bank, shot):
    area, topics = area_bank
    user = UserFactory(email="practice@example.com")
    attempt = miss_everything(user, area, topics)
    login(page, user.email)
    page.goto(f"/attempts/{attempt.pk}/result/")
    page.get_by_role("button", name="Practise this topic").first.click()
    expect(page.locator(".attempt-title")).to_contain_text("Practice:")
    page.locator(".options label").first.click()
    page.click("button[value=next]")
    expect(page.locator(".feedback")).to_be_visible()
    shot(page, "15-practice-feedback")
