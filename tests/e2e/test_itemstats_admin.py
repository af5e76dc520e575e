"""The admin's item statistics page in Chromium: figures, distractors, the Refresh button
and the CSV link, at desktop and phone widths, light and dark, with no CSP violation."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from playwright.sync_api import expect

from quizzes.services.itemstats import assessment_compute_itemstats
from tests.e2e.conftest import login
from tests.factories import UserFactory
from tests.quizzes.test_itemstats_services import build


@pytest.mark.parametrize(("width", "scheme"), [(1366, "light"), (390, "dark")])
def test_statistics_page_refresh_and_distractors(page, shot, transactional_db, width, scheme):
    UserFactory(email="staff@example.com", is_staff=True, is_superuser=True)
    assessment, questions = build()
    assessment_compute_itemstats(assessment=assessment, min_responses=5)
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme=scheme)
    page.goto(reverse("admin:login"))
    page.fill("input[name=username]", "staff@example.com")
    page.fill("input[name=password]", "correct-horse-battery")
    page.click("input[type=submit]")
    page.goto(reverse("admin:quizzes_assessment_statistics", args=[assessment.pk]))
    expect(page.locator("#test-statistics")).to_contain_text("36.4%")
    expect(page.locator(f"#stat-{questions[1].slug}")).to_contain_text(
        "discrimination index 0% below 20%")
    options = page.locator(f"#options-{questions[0].slug}")
    options.locator("summary").click()
    expect(options).to_contain_text("Wrong A")
    shot(page, f"itemstats-admin-{width}-{scheme}")
    page.click("#refresh-statistics")
    expect(page.locator(".messagelist")).to_contain_text("Item statistics queued")
    assert DBTaskResult.objects.filter(task_path__endswith="compute_itemstats_task").count() == 1
    # The admin links no favicon, so the browser's own request for it is a 404; any other
    # failed request is listed with its URL, and CSP violations by where they came from.
    assert [e for e in page.console_errors
            if "favicon.ico" not in e and not e.startswith("Failed to load resource")] == []


def test_learner_cannot_open_statistics(page, transactional_db):
    UserFactory(email="learner@example.com")
    assessment, _ = build()
    login(page, "learner@example.com")
    page.goto(reverse("admin:quizzes_assessment_statistics", args=[assessment.pk]))
    assert "/admin/login/" in page.url
