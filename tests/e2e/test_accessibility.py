"""axe-core (through axe-playwright-python) finds no WCAG A/AA violations on every page a
learner uses, logged out (login, sign-up with and without errors, every step of a password
reset) and logged in (home, area, assessment, take, submit, result, history, dashboard,
practice, review, profile, password change and its done page; a broken reset link), in
the light theme and the dark one."""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.tokens import default_token_generator
from django.core.management import call_command
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from quizzes.models import Area, Assessment, AssessmentTopic, ReviewCard
from quizzes.services.attempts import attempt_start, attempt_submit
from tests.e2e.conftest import login
from tests.factories import UserFactory

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_bank.yaml"
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _violations(page, paths: list[str], axe: Axe, shot=None, scheme: str = "") -> list[str]:
    failures = []
    for path in paths:
        page.goto(path)
        results = axe.run(page, options=WCAG)
        if results.violations_count:
            failures.append(f"{path}: {results.generate_report()}")
        if shot is not None:
            shot(page, f"a11y-{scheme}-{path.strip('/').replace('/', '-') or 'home'}")
    return failures


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
def test_learner_pages_have_no_wcag_violations(page, learner_with_result, scheme, shot):
    user, done, open_attempt = learner_with_result
    page.emulate_media(color_scheme=scheme)
    paths = ["/", "/accounts/signup/"]
    login(page, user.email)
    across = user.attempts.get(assessment__slug="a11y-across")
    paths += [f"/attempts/{across.pk}/result/", "/assessments/a11y-across/"]
    paths += ["/dashboard/", f"/attempts/{done.pk}/result/",
              f"/attempts/{done.pk}/result/?show=missed", "/attempts/", "/review/",
              "/accounts/profile/", "/accounts/password_change/",
              "/accounts/password_change/done/", "/areas/sample/",
              "/assessments/a11y/", f"/attempts/{open_attempt.pk}/",
              f"/attempts/{open_attempt.pk}/?q=6", f"/attempts/{open_attempt.pk}/submit/"]
    axe = Axe()
    failures = _violations(page, paths, axe)
    failures += _violations(page, ["/accounts/profile/"], axe, shot, scheme)
    # Spaced review with a card due, and a topic's practice attempt.
    ReviewCard.objects.filter(user=user).update(due=timezone.now())
    failures += _violations(page, ["/review/"], axe)
    open_attempt.responses.all().delete()
    open_attempt.delete()
    page.goto("/dashboard/")
    practise = page.locator("#study-plan form[action$='/practice/'] button")
    if practise.count():
        practise.first.click()
        page.wait_for_url("**/attempts/*/")
        failures += _violations(page, [page.url.removeprefix(page.url.split("/attempts/")[0])],
                                axe)
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_logged_out_pages_have_no_wcag_violations(page, transactional_db, scheme, shot):
    page.emulate_media(color_scheme=scheme)
    user = UserFactory(email="reset@example.com")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    axe = Axe()
    failures = _violations(page, ["/accounts/login/", "/accounts/signup/",
                                  "/accounts/signup/sent/", "/accounts/password_reset/",
                                  "/accounts/password_reset/done/", "/accounts/reset/done/"], axe)
    # Forms with their errors shown: the error and help ids the inputs point at exist.
    for path in ("/accounts/signup/", "/accounts/login/"):
        page.goto(path)
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        results = axe.run(page, options=WCAG)
        if results.violations_count:
            failures.append(f"{path} with errors: {results.generate_report()}")
        shot(page, f"a11y-{scheme}-{path.strip('/').replace('/', '-')}-errors")
    # The reset link opens the set-password step.
    page.goto(f"/accounts/reset/{uid}/{token}/")
    assert "set-password" in page.url
    results = axe.run(page, options=WCAG)
    if results.violations_count:
        failures.append(f"set password: {results.generate_report()}")
    # A used or broken reset link says so on its own page.
    failures += _violations(page, [f"/accounts/reset/{uid}/not-a-token/"], axe)
    assert failures == [], "\n".join(failures)
