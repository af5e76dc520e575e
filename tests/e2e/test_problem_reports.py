"""Reporting a problem with a graded question, in the browser: with JavaScript the form is
swapped for its confirmation in place; without it the post comes back to the question with
the confirmation. A regraded result says so; an uploaded image shows in a stem within its
column. Screenshots at desktop and phone widths, light and dark."""

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image
from playwright.sync_api import expect

from quizzes.models import ProblemReport, QuestionImage, Response
from quizzes.services.attempts import attempt_start, attempt_submit, response_save
from quizzes.services.regrades import regrade_apply
from quizzes.services.reports import REPORT_SENT
from quizzes.services.versions import version_create, version_data
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
    user = UserFactory(email="reporter@example.com")
    area = AreaFactory()
    topic = TopicFactory(area=area, order=1)
    out = io.BytesIO()
    Image.new("RGB", (1600, 500), "teal").save(out, "PNG")
    image = QuestionImage(slug="wide-chart", alt_text="A wide teal chart")
    image.image.save("wide.png", ContentFile(out.getvalue()), save=False)
    image.width, image.height = 1600, 500
    image.save()
    QuestionFactory(topic=topic, version__kind="single",
                    version__stem="Which series grows fastest?\n\n![](image:wide-chart)")
    QuestionFactory(topic=topic, version__kind="single")
    assessment = AssessmentFactory(area=area, topics=[topic], topics__per_topic=2)
    attempt = attempt_start(user=user, assessment=assessment)
    for r in attempt.responses.select_related("version").prefetch_related("version__choices"):
        choices = {c.pk: c for c in r.version.choices.all()}
        cid = [c for c in r.choice_order if choices[c].fraction <= 0][-1]
        response_save(attempt=attempt, response=r, answer={"choices": [cid]})
    attempt_submit(attempt=attempt)
    return user, attempt


def test_report_with_javascript_swaps_in_the_confirmation(page, graded, shot):
    user, attempt = graded
    login(page, user.email)
    page.goto(f"/attempts/{attempt.pk}/result/")
    box = page.locator(".report-box").first
    box.locator("summary").click()
    box.locator("select[name=reason]").select_option("key_wrong")
    box.locator("textarea[name=text]").fill("The second option is also right.")
    shot(page, "report-form-desktop-light")
    box.locator("button[type=submit]").click()
    expect(page.locator(".report-sent")).to_have_text(f"✓ {REPORT_SENT}")
    assert page.url.endswith(f"/attempts/{attempt.pk}/result/")  # swapped, no reload
    report = ProblemReport.objects.get()
    assert (report.reason, report.text) == ("key_wrong", "The second option is also right.")
    assert not page.console_errors


def test_report_without_javascript_comes_back_to_the_question(nojs_page, graded):
    user, attempt = graded
    page = nojs_page
    login(page, user.email)
    page.goto(f"/attempts/{attempt.pk}/result/")
    box = page.locator(".report-box").first
    box.locator("summary").click()
    box.locator("select[name=reason]").select_option("typo")
    box.locator("button[type=submit]").click()
    page.wait_for_url(f"**/attempts/{attempt.pk}/result/**")
    expect(page.get_by_text(REPORT_SENT)).to_be_visible()
    expect(page.get_by_text("staff have not answered yet")).to_be_visible()
    assert ProblemReport.objects.count() == 1


@pytest.mark.parametrize(("width", "scheme"), [(1366, "light"), (390, "light"), (390, "dark"),
                                               (1366, "dark")])
def test_regraded_result_with_image_fits_the_screen(browser, live_server, graded, shot, width,
                                                    scheme):
    user, attempt = graded
    # The question without the image is corrected, so the one with it stays a miss and
    # unfolded (a right answer's review is folded, and a folded lazy image never loads).
    r1 = (Response.objects.select_related("version", "question__topic")
          .exclude(version__stem__contains="image:").get(attempt=attempt))
    old = version_data(r1.version)
    picked = r1.answer["choices"][0]
    order = r1.version.choices.get(pk=picked).order
    fixed = tuple(c.__class__(c.text, 1.0 if i == order else 0.0, c.feedback)
                  for i, c in enumerate(old.choices, start=1))
    version_create(question=r1.question, data=old.__class__(**{**old.__dict__, "choices": fixed}))
    regrade_apply(question=r1.question)
    context = browser.new_context(viewport={"width": width, "height": 900},
                                  color_scheme=scheme, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    login(page, user.email)
    page.goto(f"/attempts/{attempt.pk}/result/")
    expect(page.locator(".regrade-note")).to_contain_text("your score went from 0% to 50%")
    img = page.locator("img.authored-image").first
    expect(img).to_have_attribute("loading", "lazy")
    img.scroll_into_view_if_needed()
    expect(img).to_be_visible()
    # Loaded and decoded (a lazy image loads once scrolled to); never wait forever.
    img.evaluate("img => Promise.race([img.decode(), new Promise((_, fail) => "
                 "setTimeout(() => fail(new Error('image did not load')), 5000))])")
    assert img.evaluate("img => img.naturalWidth") == 1600
    box = img.bounding_box()
    assert box["width"] <= width and box["x"] + box["width"] <= width
    # What this work adds stays within the screen (the topics table is another matter).
    wide = page.evaluate("""(w) => [...document.querySelectorAll(
        '.report-box, .report-box *, .regrade-note, .stem')]
        .filter(e => e.getBoundingClientRect().right > w + 1)
        .map(e => e.tagName + '.' + e.className)""", width)
    assert wide == []
    page.locator(".report-box summary").first.click()
    shot(page, f"regraded-result-{width}-{scheme}")
    context.close()
