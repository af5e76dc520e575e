"""axe-core (through axe-playwright-python) finds no WCAG A/AA violations on the pages a
learner uses, in the light theme and the dark one."""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from quizzes.models import Area, Assessment, AssessmentTopic
from quizzes.services.attempts import attempt_start, attempt_submit
from tests.e2e.conftest import login
from tests.factories import UserFactory

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_bank.yaml"
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture
def learner_with_result(transactional_db):
    call_command("load_banks", str(SAMPLE), verbosity=0)
    area = Area.objects.get(slug="sample")
    assessment = Assessment.objects.create(slug="a11y", title="A11y check", area=area,
                                           time_limit_minutes=10)
    for topic in area.topics.all():
        AssessmentTopic.objects.create(assessment=assessment, topic=topic, count=3)
    user = UserFactory(email="a11y@example.com")
    done = attempt_submit(attempt=attempt_start(user=user, assessment=assessment))
    second = Assessment.objects.create(slug="a11y-2", title="Second", area=area,
                                       time_limit_minutes=10)
    for topic in area.topics.all():
        AssessmentTopic.objects.create(assessment=second, topic=topic, count=3)
    # A check across areas (its per-area result) with a cool-down (the page says when).
    across = Assessment.objects.create(slug="a11y-across", title="Across", area=None,
                                       per_area=2, cooldown_hours=24, time_limit_minutes=10)
    for topic in area.topics.all():
        AssessmentTopic.objects.create(assessment=across, topic=topic, count=1)
    attempt_submit(attempt=attempt_start(user=user, assessment=across))
    return user, done, attempt_start(user=user, assessment=second)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_learner_pages_have_no_wcag_violations(page, learner_with_result, scheme):
    user, done, open_attempt = learner_with_result
    page.emulate_media(color_scheme=scheme)
    paths = ["/", "/accounts/signup/"]
    login(page, user.email)
    across = user.attempts.get(assessment__slug="a11y-across")
    paths += [f"/attempts/{across.pk}/result/", "/assessments/a11y-across/"]
    paths += ["/dashboard/", f"/attempts/{done.pk}/result/", "/attempts/", "/review/",
              "/accounts/profile/", "/assessments/a11y/", f"/attempts/{open_attempt.pk}/",
              f"/attempts/{open_attempt.pk}/?q=6", f"/attempts/{open_attempt.pk}/submit/"]
    axe = Axe()
    failures = []
    for path in paths:
        page.goto(path)
        results = axe.run(page, options=WCAG)
        if results.violations_count:
            failures.append(f"{path}: {results.generate_report()}")
    assert failures == [], "\n".join(failures)
