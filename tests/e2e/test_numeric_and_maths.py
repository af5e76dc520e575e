"""In a real browser: a numeric entry is read back beside the box as the learner types
(htmx autosave, before grading), a decimal comma is refused with how to type it, and
display maths inside a paragraph renders as MathML with stretchy matrix fences."""

import pytest
from playwright.sync_api import expect

from quizzes.models import QuestionVersion
from quizzes.services.attempts import attempt_start
from tests.e2e.conftest import login
from tests.factories import (
    AreaFactory,
    AssessmentFactory,
    QuestionFactory,
    TopicFactory,
    UserFactory,
)

STEM = ("What is the sum of the entries of\n"
        "$$A = \\begin{pmatrix} 2 & 1 \\\\ 1 & 2 \\end{pmatrix}?$$\n"
        "Type $y \\log p$ nowhere; just the number.")


@pytest.fixture
def numeric_attempt(transactional_db):
    area = AreaFactory()
    topic = TopicFactory(area=area, order=1)
    for _ in range(2):
        q = QuestionFactory(topic=topic, version__kind="numeric", version__stem=STEM)
        QuestionVersion.objects.filter(pk=q.current_version_id).update(
            data={"answer": 2448, "tolerance": 0, "tolerance_mode": "absolute", "unit": ""})
    assessment = AssessmentFactory(topics=[topic], topics__per_topic=2, area=area)
    user = UserFactory(email="numbers@example.com")
    return attempt_start(user=user, assessment=assessment)


def test_numeric_reading_and_display_maths_in_the_browser(page, numeric_attempt, shot):
    login(page, "numbers@example.com")
    page.goto(f"/attempts/{numeric_attempt.pk}/")
    page.wait_for_load_state("load")
    box = page.locator("input[name=answer]")
    reading = page.locator("#q-answer-reading")
    box.fill("2,448")
    expect(page.locator("#save-status")).to_contain_text("Saved at")
    expect(reading).to_have_text("Read as 2448")
    shot(page, "09-numeric-read-as")
    box.fill("2,44")
    expect(page.locator("#save-status")).to_contain_text("For a decimal, type a dot: 2.44")
    expect(reading).to_have_text("")
    expect(box).to_have_value("2,44")

    # Display maths inside the paragraph: a block <math>, no stray $, stretchy fences.
    stem = page.locator("legend.stem")
    expect(stem.locator('math[display="block"]')).to_have_count(1)
    assert "$" not in stem.inner_text()
    fence = stem.locator('mo[stretchy="true"]').first
    two = stem.locator("mn").first
    fence_height = fence.bounding_box()["height"]
    digit_height = two.bounding_box()["height"]
    shot(page, "10-matrix-fences")
    # The bracket spans both rows (it needs a font with a MATH table: static/css/site.css).
    assert fence_height > 1.5 * digit_height
    assert page.console_errors == []
