"""An author (in the Authors group) creates a question of each kind on the new forms,
previews it and answers the preview (the real grader gives the credit); a reviewer (in the
Reviewers group) approves them to live, and a learner is given them."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from quizzes.models import Attempt, Question, QuestionStatus
from quizzes.services import approval
from tests.e2e.conftest import login
from tests.factories import AreaFactory, AssessmentFactory, TopicFactory, UserFactory

STEMS = {
    "single": "Which number is **prime**?",
    "multiple": "Which numbers are even?",
    "truefalse": "Two is an even number.",
    "numeric": "How many milliseconds are there in $2.448$ seconds?",
    "text": "Which git command shelves uncommitted changes?",
    "ordering": "Put the steps of publishing a change in order.",
}
KIND_LINKS = {"single": "Single choice", "multiple": "Multiple choice",
              "truefalse": "True / false", "numeric": "Numeric", "text": "Short text",
              "ordering": "Ordering"}


@pytest.fixture
def bank(transactional_db):
    area = AreaFactory(slug="maths", title="Mathematics")
    topic = TopicFactory(area=area, slug="numbers", title="Numbers")
    assessment = AssessmentFactory(area=area, title="Numbers check", topics=[topic],
                                   topics__per_topic=6, shuffle_choices=False)
    approval.roles_groups_ensure()  # a transactional test's flush removed the groups
    author = UserFactory(email="author@example.com", is_staff=True)
    author.groups.add(Group.objects.get(name="Authors"))
    return topic, assessment, author


def reviewer_user():
    reviewer = UserFactory(email="reviewer@example.com", is_staff=True)
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    return reviewer


def rows(page, texts_and_fractions):
    for i, (text, fraction) in enumerate(texts_and_fractions):
        page.fill(f"#id_choices-{i}-text", text)
        if fraction is not None:
            page.fill(f"#id_choices-{i}-fraction", fraction)


def fill_kind(page, kind):
    """The kind's own fields; returns how to answer the preview right."""
    if kind == "single":
        rows(page, [("seven", "1"), ("eight", "0"), ("nine", "0")])
        return lambda f: f.locator(".options label", has_text="seven").click()
    if kind == "multiple":
        rows(page, [("two", "0.5"), ("four", "0.5"), ("five", "-0.5")])

        def both(f):
            f.locator(".options label", has_text="two").click()
            f.locator(".options label", has_text="four").click()
        return both
    if kind == "truefalse":
        return lambda f: f.locator(".options label", has_text="True").click()
    if kind == "numeric":
        page.fill("#id_numeric_answer", "2448")
        page.fill("#id_unit", "ms")
        return lambda f: f.locator("input[name=answer]").fill("2,448")
    if kind == "text":
        page.fill("#id_accepted", "git stash")
        return lambda f: f.locator("input[name=answer]").fill("git stash")
    rows(page, [("git add", None), ("git commit", None), ("git push", None)])

    def order(f):
        for position, text in enumerate(["git add", "git commit", "git push"], start=1):
            f.locator(".order-item", has_text=text).locator("select").select_option(
                str(position))
    return order


def author_question(page, topic, kind, shot=None):
    page.goto("/admin/quizzes/question/")
    page.get_by_role("link", name="Add question").click()           # 1: add
    page.get_by_role("link", name=KIND_LINKS[kind]).click()          # 2: kind
    page.fill("#id_slug", f"e2e-{kind}")
    page.select_option("#id_topic", str(topic.pk))
    # The tag box becomes chips when its deferred script runs: fill the chip entry once
    # it is there (a fill that began on the plain box, swapped out under it, timed out).
    entry = page.locator(".tag-chips #id_tags")
    entry.fill("e2e")
    entry.press("Enter")                                             # a chip
    expect(page.locator(".tag-chip")).to_have_text("e2e×")
    answer_right = fill_kind(page, kind)
    page.fill("#id_stem", STEMS[kind])                               # last: the preview
    frame = page.frame_locator("#question-preview")                  # then has it all
    expect(frame.locator("legend.stem")).to_contain_text(STEMS[kind].replace("**", "")
                                                         .replace("$", "")[:12])
    expect(page.locator("#preview-status")).to_contain_text("up to date")
    answer_right(frame)
    frame.get_by_role("button", name="Check answer").click()         # 3: check the key
    expect(frame.locator(".verdict")).to_contain_text("Correct")
    expect(frame.locator("text=credit 1.00")).to_be_visible()
    if shot:
        shot(page)
    page.click("input[name=_save]")                                  # 4: save (a draft)
    expect(page.locator(".messagelist")).to_contain_text(f"Saved e2e-{kind} (v1)")


def test_author_creates_previews_and_publishes_each_kind_and_a_learner_gets_them(
        page, bank, shot):
    topic, assessment, author = bank
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, author.email)
    for kind in STEMS:
        author_question(page, topic, kind, shot=(lambda p: shot(p, "authoring-single-1366"))
                        if kind == "single" else None)
    assert set(Question.objects.values_list("status", flat=True)) == {QuestionStatus.DRAFT}
    v = Question.objects.get(slug="e2e-single").current_version
    assert (v.created_by_id, Question.objects.get(slug="e2e-single").tags) == (author.pk,
                                                                             ["e2e"])

    # An author may not approve: the action is not offered.
    page.goto("/admin/quizzes/question/?q=e2e")
    expect(page.locator("select[name=action] option[value=approve_to_live]")).to_have_count(0)

    # A reviewer sees the stems in the list and approves the six to live at once.
    page.context.clear_cookies()
    login(page, reviewer_user().email)
    page.goto("/admin/quizzes/question/?q=e2e")
    expect(page.locator("#result_list")).to_contain_text("Which number is **prime**?")
    shot(page, "authoring-list-1366")
    page.check("#action-toggle")
    page.select_option("select[name=action]", "approve_to_live")
    page.click("button[name=index]")  # 5-7: select all, pick the action, run it
    expect(page.locator(".messagelist")).to_contain_text("6 question(s) approved and live.")

    # A learner starting the assessment over that topic is given the six.
    page.context.clear_cookies()
    learner = UserFactory(email="learner-e2e@example.com")
    login(page, learner.email)
    page.goto(assessment.get_absolute_url())
    page.get_by_role("button", name="Start").first.click()
    expect(page.locator("#question-card")).to_be_visible()
    attempt = Attempt.objects.get(user=learner)
    assert {r.question.slug for r in attempt.responses.all()} == {f"e2e-{k}" for k in STEMS}
    first = attempt.responses.order_by("position").first().question.slug.removeprefix("e2e-")
    expect(page.locator("#question-card")).to_contain_text(
        STEMS[first].replace("**", "").replace("$", "")[:12])
    assert not [e for e in page.console_errors if "CSP" in e or e.startswith("5")]


def test_authoring_page_in_dark_theme_and_without_javascript(page, nojs_page, bank, shot):
    topic, _, author = bank
    page.emulate_media(color_scheme="dark")
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, author.email)
    author_question(page, topic, "multiple",
                    shot=lambda p: shot(p, "authoring-multiple-1366-dark"))
    # Edit it: history shows the change and who made it.
    q = Question.objects.get(slug="e2e-multiple")
    page.goto(f"/admin/quizzes/question/{q.pk}/change/")
    page.fill("#id_explanation", "Even numbers divide by two.")
    page.click("input[name=_continue]")
    page.get_by_role("link", name="Versions (v1)").click()
    expect(page.locator(".diff-add").first).to_be_visible()
    shot(page, "authoring-versions-1366-dark")

    # Without JavaScript: tags are a comma-separated box, Preview fills the frame.
    login(nojs_page, author.email)
    nojs_page.set_viewport_size({"width": 1366, "height": 900})
    nojs_page.goto("/admin/quizzes/question/add/?kind=numeric")
    nojs_page.fill("#id_tags", "one, two")
    nojs_page.fill("#id_stem", "How many?")
    nojs_page.fill("#id_numeric_answer", "3")
    nojs_page.click("#preview-button")
    frame = nojs_page.frame_locator("#question-preview")
    expect(frame.locator("legend.stem")).to_contain_text("How many?")
    frame.locator("input[name=answer]").fill("3")
    frame.get_by_role("button", name="Check answer").click()
    expect(frame.locator(".verdict")).to_contain_text("Correct")
    shot(nojs_page, "authoring-numeric-nojs-1366")

    # The kind picker, and the form on a phone: one column, the preview below it.
    nojs_page.goto("/admin/quizzes/question/add/")
    shot(nojs_page, "authoring-kind-picker-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/admin/quizzes/question/add/?kind=ordering")
    box = page.locator(".choices-table").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    shot(page, "authoring-ordering-390-dark")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_authoring_pages_have_no_wcag_violations(page, bank, scheme):
    from axe_playwright_python.sync_playwright import Axe

    from tests.e2e.test_accessibility import WCAG

    topic, _, author = bank
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, author.email)
    author_question(page, topic, "single")
    q = Question.objects.get(slug="e2e-single")
    for path in ["/admin/quizzes/question/add/", "/admin/quizzes/question/add/?kind=single",
                 f"/admin/quizzes/question/{q.pk}/change/",
                 f"/admin/quizzes/question/{q.pk}/versions/",
                 f"/preview/draft/?version={q.current_version_id}"]:
        page.goto(path)
        results = Axe().run(page, options=WCAG)
        assert results.violations_count == 0, (path, results.generate_report())
