"""The dashboard and result charts in Chromium: chart text renders at 12 px or more on a
390 px phone and a 1366 px desktop, in both themes; screenshots for a person to look at
(test-artifacts/charts-*.png)."""

from __future__ import annotations

import random

import pytest
from django.core.management import call_command

from quizzes.models import Assessment, QuestionKind
from quizzes.services.attempts import attempt_start, attempt_submit, response_save
from tests.e2e.conftest import login
from tests.factories import UserFactory

VIEWPORTS = {"phone": (390, 844), "desktop": (1366, 900)}

# Each chart text's rendered size: its font size times the SVG's scale on screen.
# and whether it lies inside its chart's viewBox (nothing cut off at the sides).
RENDERED_SIZES = """() => [...document.querySelectorAll('svg.chart text')].map(t => {
  const svg = t.ownerSVGElement, box = svg.viewBox.baseVal, b = t.getBBox();
  const inside = b.x >= box.x - 0.5 && b.x + b.width <= box.x + box.width + 0.5;
  return [t.textContent, parseFloat(getComputedStyle(t).fontSize) * svg.getScreenCTM().a, inside];
})"""


def _answer_and_submit(user, slug: str, right_share: float, rng: random.Random):
    """A graded attempt where about ``right_share`` of the choice questions are right."""
    attempt = attempt_start(user=user, assessment=Assessment.objects.get(slug=slug))
    for r in attempt.responses.select_related("version"):
        if r.version.kind not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            continue
        choices = list(r.version.choices.all())
        right = [c.pk for c in choices if c.fraction > 0]
        wrong = [c.pk for c in choices if c.fraction <= 0] or right
        pick = right if rng.random() < right_share else wrong[:1]
        response_save(attempt=attempt, response=r, answer={"choices": pick})
    return attempt_submit(attempt=attempt)


@pytest.fixture
def measured_learner(transactional_db):
    call_command("load_banks", verbosity=0)
    user = UserFactory(email="charts@example.com")
    rng = random.Random(7)
    results = [_answer_and_submit(user, "git-diagnostic", 0.4, rng)]
    return user, results, rng


def _check_sizes(page, where: str) -> list[str]:
    return [f"{where}: {text!r} {size:.1f}px{'' if inside else ', cut off'}"
            for text, size, inside in page.evaluate(RENDERED_SIZES) if size < 12 or not inside]


def test_chart_text_is_at_least_12px_on_phone_and_desktop(browser, live_server, shot,
                                                          measured_learner):
    user, results, rng = measured_learner
    problems = []
    for stage, scheme in (("one-area", "light"), ("one-area", "dark"), ("three-areas", "light"),
                          ("three-areas", "dark")):
        if stage == "three-areas" and len(results) == 1:
            results.append(_answer_and_submit(user, "maths-diagnostic", 0.6, rng))
            results.append(_answer_and_submit(user, "cloud-diagnostic", 0.8, rng))
            results.append(_answer_and_submit(user, "git-diagnostic", 0.7, rng))
        for name, (width, height) in VIEWPORTS.items():
            context = browser.new_context(viewport={"width": width, "height": height},
                                          base_url=live_server.url, color_scheme=scheme)
            page = context.new_page()
            login(page, user.email)
            for path, label in (("/dashboard/", "dashboard"),
                                (f"/attempts/{results[0].pk}/result/", "result")):
                page.goto(path)
                count = page.locator("svg.chart").count()
                assert count, f"no chart on {path}"
                problems += _check_sizes(page, f"{stage} {label} {name} {scheme}")
                if label == "dashboard" or stage == "one-area":
                    shot(page, f"charts-{label}-{stage}-{name}-{scheme}")
            context.close()
    assert problems == []
