"""The result page's review: which option the learner picked is said in words next to it,
with no form controls sharing a name and no duplicate ids on the page."""

import re
from collections import Counter

import pytest
from django.urls import reverse

from quizzes.services.attempts import attempt_start, attempt_submit, response_save

pytestmark = pytest.mark.django_db


def _ids(html: str) -> Counter:
    return Counter(re.findall(r'\bid="([^"]+)"', html))


@pytest.fixture
def reviewed(build_assessment, user, client):
    """A graded attempt of choice, true/false, number and text questions, where every
    choice question was answered with a wrong option (not the first listed when it can be
    helped), so the pick is not the key and not where a lone checked radio would land."""
    client.force_login(user)
    assessment = build_assessment(8, kinds=["single", "truefalse", "numeric", "text"])
    attempt = attempt_start(user=user, assessment=assessment)
    picked = {}
    for r in attempt.responses.select_related("version").prefetch_related("version__choices"):
        v = r.version
        if v.kind in ("single", "truefalse"):
            wrong = [cid for cid in r.choice_order
                     if next(c for c in v.choices.all() if c.pk == cid).fraction <= 0]
            cid = wrong[-1]
            response_save(attempt=attempt, response=r, answer={"choices": [cid]})
            picked[r.position] = next(c for c in v.choices.all() if c.pk == cid).text
        elif v.kind == "numeric":
            response_save(attempt=attempt, response=r, answer={"value": "12345", "number": 12345.0})
    attempt_submit(attempt=attempt)
    html = client.get(reverse("quizzes:attempt_result", args=[attempt.pk])).content.decode()
    return html, picked


def _item(html: str, position: int) -> str:
    start = html.index(f'id="q{position}"')
    end = html.find("</article>", start)
    return html[start:end]


def test_result_page_has_no_duplicate_ids(reviewed):
    html, _ = reviewed
    dupes = {i: n for i, n in _ids(html).items() if n > 1}
    assert dupes == {}


def test_review_has_no_form_controls_sharing_a_name(reviewed):
    html, _ = reviewed
    review = html[html.index('id="review-heading"'):]
    assert 'type="radio"' not in review and 'name="answer"' not in review


def test_review_says_your_answer_next_to_the_picked_option(reviewed):
    html, picked = reviewed
    assert len(picked) == 4  # two single choice, two true/false
    for position, text in picked.items():
        item = _item(html, position)
        options = re.findall(r'<li class="review-option[^"]*">(.*?)</li>', item, re.S)
        mine = [o for o in options if "Your answer" in o]
        assert len(mine) == 1, item
        assert f">{text}<" in mine[0]
        assert "Correct answer" not in mine[0]  # a wrong pick, said as such
        assert sum("Correct answer" in o for o in options) >= 1


def test_review_says_the_typed_answer(reviewed):
    html, _ = reviewed
    assert "Your answer:</span> <strong class=\"answer-value\">12345" in html


def test_result_opens_with_the_summary_sentence(reviewed):
    html, _ = reviewed
    h1 = html.index("<h1>")
    headline = re.search(r'<p class="result-headline">([^<]*)</p>', html)
    assert headline and headline.start() > h1
    assert headline.start() < html.index('id="summary-heading"')
    # 8 questions, the 4 choice ones and 2 numbers answered: the text ones left blank.
    assert headline.group(1).endswith("; 2 of 8 left blank.")


@pytest.fixture
def half_right(build_assessment, user, client):
    """A graded attempt of six single-choice questions: the first three right, the rest
    left blank."""
    from tests.quizzes.test_services import right_answer

    client.force_login(user)
    attempt = attempt_start(user=user, assessment=build_assessment(6, kinds=["single"]))
    for r in attempt.responses.select_related("version").prefetch_related("version__choices"):
        if r.position <= 3:
            response_save(attempt=attempt, response=r, answer=right_answer(r))
    attempt_submit(attempt=attempt)
    return attempt


def test_filter_link_shows_only_the_missed_ones(half_right, client):
    url = reverse("quizzes:attempt_result", args=[half_right.pk])
    html = client.get(url).content.decode()
    assert 'href="' + url + '?show=missed#review"' in html
    assert "Show only the 3 questions I missed" in html
    assert all(f'id="q{p}"' in html for p in range(1, 7))
    missed = client.get(url, {"show": "missed"}).content.decode()
    assert [p for p in range(1, 7) if f'id="q{p}"' in missed] == [4, 5, 6]
    assert "The ones you missed, explained" in missed
    assert f'href="{url}#review">Show every question' in missed


def test_right_answers_are_folded_and_missed_ones_open(half_right, client):
    html = client.get(reverse("quizzes:attempt_result", args=[half_right.pk])).content.decode()
    for p in (1, 2, 3):
        assert '<details class="details review-fold">' in _item(html, p)
    for p in (4, 5, 6):
        item = _item(html, p)
        assert "<details" not in item.split('class="feedback')[0]
        assert "Correct answer" in item


def test_feedback_names_the_picked_option_as_its_text_escaped_once(build_assessment, user,
                                                                   client):
    """The feedback under a picked option names it by its text: tags dropped, "<" and
    "&" shown as typed (the template escaped the already escaped HTML: "a &lt; b" was
    shown), anything the author wrote escaped, and a long text cut at 60 characters."""
    from quizzes.models import Choice

    client.force_login(user)
    assessment = build_assessment(2, kinds=["single"])
    attempt = attempt_start(user=user, assessment=assessment)
    long_text = "word " * 20
    for i, r in enumerate(attempt.responses.select_related("version")
                          .prefetch_related("version__choices")):
        wrong = next(c for c in r.version.choices.all() if c.fraction <= 0)
        Choice.objects.filter(pk=wrong.pk).update(
            text=["a < b & `<i>c</i>`", long_text][i], feedback="Not *quite*.")
        response_save(attempt=attempt, response=r, answer={"choices": [wrong.pk]})
    attempt_submit(attempt=attempt)
    html = client.get(reverse("quizzes:attempt_result", args=[attempt.pk])).content.decode()
    assert "On “a &lt; b &amp; &lt;i&gt;c&lt;/i&gt;”:</span> <p>Not <em>quite</em>.</p>" in html
    assert f"On “{long_text[:59]}…”:" in html
    assert "&amp;lt;" not in html
