"""The result page's review says which option the learner picked, for every question:
two consecutive single-choice reviews each show their own pick as "Your answer" (the old
review used radios sharing one name, so the browser kept only the last one checked)."""

import pytest
from playwright.sync_api import expect

from quizzes.services.attempts import attempt_start, attempt_submit, response_save
from tests.e2e.conftest import login
from tests.factories import (
    AreaFactory,
    AssessmentFactory,
    QuestionFactory,
    TopicFactory,
    UserFactory,
)


@pytest.fixture
def graded(transactional_db):
    user = UserFactory(email="review@example.com")
    area = AreaFactory()
    topic = TopicFactory(area=area, order=1)
    for i in range(2):
        QuestionFactory(topic=topic, version__kind="single", version__difficulty=1 + i)
    assessment = AssessmentFactory(area=area, topics=[topic], topics__per_topic=2)
    attempt = attempt_start(user=user, assessment=assessment)
    picked = {}
    for r in attempt.responses.select_related("version").prefetch_related("version__choices"):
        choices = {c.pk: c for c in r.version.choices.all()}
        # A wrong option, the last listed: the review shows a miss unfolded.
        cid = [c for c in r.choice_order if choices[c].fraction <= 0][-1]
        response_save(attempt=attempt, response=r, answer={"choices": [cid]})
        picked[r.position] = choices[cid].text
    attempt_submit(attempt=attempt)
    return user, attempt, picked


def test_review_shows_each_picked_option_as_your_answer(page, graded):
    user, attempt, picked = graded
    login(page, user.email)
    page.goto(f"/attempts/{attempt.pk}/result/")
    assert sorted(picked) == [1, 2]
    for position, text in picked.items():
        item = page.locator(f"#q{position}")
        mine = item.locator(".review-option", has_text="Your answer")
        expect(mine).to_have_count(1)
        expect(mine).to_be_visible()
        expect(mine.locator(".opt-text")).to_have_text(text)
    assert page.locator("input[type=radio]").count() == 0
    assert not page.console_errors
