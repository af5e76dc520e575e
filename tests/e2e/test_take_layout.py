"""The learner's pages on a phone (390 px): nothing scrolls sideways, the header is one
row, and on the take page the question starts high and the main button stays on screen.
Screenshots of each page land in test-artifacts/ (light and dark, 390 and 1366 px)."""

from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from quizzes.models import Area, Assessment, AssessmentTopic
from quizzes.services.attempts import attempt_start, attempt_submit, response_save
from tests.e2e.conftest import ARTIFACTS, login
from tests.factories import UserFactory
from tests.quizzes.test_services import right_answer

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_bank.yaml"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def learner(transactional_db):
    """A learner with a graded attempt (half its answers right), an open timed one, and a
    cross-area result: every learner page has something to show."""
    call_command("load_banks", str(SAMPLE), verbosity=0)
    area = Area.objects.get(slug="sample")
    user = UserFactory(email="phone@example.com")

    def assessment(slug, **kw):
        a = Assessment.objects.create(slug=slug, title=slug.replace("-", " ").title(),
                                      **{"area": area, "time_limit_minutes": 20, **kw})
        for topic in area.topics.all():
            AssessmentTopic.objects.create(assessment=a, topic=topic, count=3)
        return a

    done = attempt_start(user=user, assessment=assessment("layout-check"))
    for r in done.responses.select_related("version").order_by("position")[::2]:
        response_save(attempt=done, response=r, answer=right_answer(r))
    attempt_submit(attempt=done)
    across = attempt_start(user=user, assessment=assessment("layout-across", area=None,
                                                            per_area=2))
    attempt_submit(attempt=across)
    open_attempt = attempt_start(user=user, assessment=assessment("layout-open"))
    return user, done, across, open_attempt


def learner_paths(done, across, open_attempt) -> list[str]:
    return ["/", "/areas/sample/", "/assessments/layout-check/", f"/attempts/{open_attempt.pk}/",
            *[f"/attempts/{open_attempt.pk}/?q={n}" for n in range(2, 7)],
            f"/attempts/{open_attempt.pk}/submit/", f"/attempts/{done.pk}/result/",
            f"/attempts/{across.pk}/result/", "/attempts/", "/dashboard/", "/review/",
            "/accounts/profile/"]


ANONYMOUS_PATHS = ["/accounts/login/", "/accounts/signup/", "/accounts/password_reset/", "/"]


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def name_of(path: str, learner=None) -> str:
    """A stable file name: attempts named by their role, not their database id."""
    if learner:
        _, done, across, open_attempt = learner
        for attempt, role in ((open_attempt, "take"), (done, "graded"), (across, "across")):
            path = path.replace(f"/attempts/{attempt.pk}/", f"/{role}/")
    return path.strip("/").replace("/", "_").replace("?q=", "q") or "home"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_learner_page_scrolls_sideways_at_390px(browser, live_server, learner, scheme, shot):
    user, done, across, open_attempt = learner
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, color_scheme=scheme)
    page = context.new_page()
    page.set_default_timeout(10_000)
    wide = []
    for path in ANONYMOUS_PATHS:
        page.goto(path)
        if overflow(page) > 0:
            wide.append((path, overflow(page)))
    login(page, user.email)
    for path in learner_paths(done, across, open_attempt):
        page.goto(path)
        page.wait_for_load_state("load")
        if overflow(page) > 0:
            wide.append((path, overflow(page)))
        shot(page, f"phone-{scheme}-{name_of(path, learner)}")
    # Practice: the dashboard's button starts a practice question.
    page.goto("/dashboard/")
    practice = page.locator("form[action='/practice/'] button[type=submit]")
    if practice.count():
        practice.first.click()
        page.wait_for_load_state("load")
        if overflow(page) > 0:
            wide.append((page.url, overflow(page)))
        shot(page, f"phone-{scheme}-practice")
    context.close()
    assert wide == []


def test_take_page_on_a_phone_shows_the_question_and_keeps_next_on_screen(
        browser, live_server, learner):
    user, _, _, open_attempt = learner
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    page = context.new_page()
    login(page, user.email)
    page.goto(f"/attempts/{open_attempt.pk}/")
    # The header is one row: the links sit behind "Menu", which opens without a script.
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 70
    expect(page.locator(".nav-wide")).to_be_hidden()
    page.click(".nav-menu summary")
    expect(page.locator(".nav-menu a", has_text="Dashboard")).to_be_visible()
    page.click(".nav-menu summary")
    # The stem starts in the top third; the timer and the main button are on screen.
    assert page.locator(".stem").bounding_box()["y"] < 844 / 3
    for selector in (".take-bar button[value=next]", "#countdown"):
        box = page.locator(selector).bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 844, selector
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_desktop_screenshots(browser, live_server, learner, scheme, shot):
    """Not an assertion of looks: the pictures a reviewer opens (test-artifacts/)."""
    user, done, _, open_attempt = learner
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url, color_scheme=scheme)
    page = context.new_page()
    login(page, user.email)
    for path in (f"/attempts/{open_attempt.pk}/", f"/attempts/{open_attempt.pk}/submit/",
                 f"/attempts/{done.pk}/result/", "/attempts/"):
        page.goto(path)
        page.wait_for_load_state("load")
        assert overflow(page) <= 0, path
        shot(page, f"desktop-{scheme}-{name_of(path, learner)}")
    context.close()
    assert ARTIFACTS.exists()
