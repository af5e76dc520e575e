"""The result page's content, kept in the cache (quizzes/result_cache.py): rendered once
per state, never stale, never another learner's, and with this request's CSRF token and
percentile, never a kept one."""

import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from quizzes import result_cache
from quizzes.levels import Level
from quizzes.models import Attempt, ProblemReport, Resource, ResourceMark, Response
from quizzes.services.attempts import attempt_start
from quizzes.views.reports import box_for_response, response_boxes
from tests.factories import AbilityEstimateFactory, ResourceFactory, UserFactory
from tests.quizzes.test_views_labels import craft, labels, result_html

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


def wrong(response):
    """Every answer wrong: the result recommends resources for each topic."""
    return {"choices": [next(c.pk for c in response.version.choices.all()
                             if c.fraction == 0)]}


@pytest.fixture
def result(graded):
    """A graded attempt with every answer wrong, and two resources per topic."""
    attempt = graded(6, answer=wrong)
    for topic in attempt.assessment.area.topics.all():
        ResourceFactory(topics=[topic], title=f"Course on {topic.title}")
        ResourceFactory(topics=[topic], title=f"Book on {topic.title}", kind="book")
    return attempt


@pytest.fixture
def kept(monkeypatch):
    """The keys under which result pages' content is kept (sessions share the cache)."""
    keys = []
    real_set = result_cache.cache.set

    def recording_set(key, *args, **kwargs):
        if key.startswith("result:"):
            keys.append(key)
        return real_set(key, *args, **kwargs)

    monkeypatch.setattr(result_cache.cache, "set", recording_set)
    return keys


def without_tokens(html: str) -> str:
    html = TOKEN.sub("", html)
    html = re.sub(r'"X-CSRFToken": "[^"]*"', "", html)
    return re.sub(r'nonce="[^"]*"', "", html)


def test_content_is_rendered_once_then_read_from_the_cache(result, client, kept):
    first, again = result_html(client, result), result_html(client, result)
    assert len(kept) == 1
    assert without_tokens(first) == without_tokens(again)
    assert again.count('class="card review-item') == 6
    assert "What to study next" in again and "Course on" in again


def test_every_view_has_its_own_working_csrf_token_and_no_stand_in(result, user, kept):
    """The kept content holds stand-ins; each response carries this request's masked
    token (different each time), which the report form accepts (CSRF enforced)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    pages = [result_html(client, result) for _ in range(2)]
    assert len(kept) == 1
    tokens = [set(TOKEN.findall(page)) for page in pages]
    assert [len(t) for t in tokens] == [1, 1], tokens
    assert tokens[0] != tokens[1]
    for page in pages:
        assert "<!--percentile-" not in page
        assert not re.search(r'value="csrf[0-9a-f]{24}"', page)
    # Question 1's form, posted without JavaScript with the token of the cached page.
    response = Response.objects.get(attempt=result, position=1)
    posted = client.post(reverse("quizzes:report_response", args=[response.pk]),
                         {"reason": "typo", "csrfmiddlewaretoken": tokens[1].pop()})
    assert posted.status_code == HTTPStatus.FOUND
    assert ProblemReport.objects.filter(response=response).exists()


def test_a_report_sent_shows_at_once(result, client, kept):
    before = result_html(client, result)
    assert before.count("Report a problem with this question") == 6
    response = Response.objects.get(attempt=result, position=2)
    client.post(reverse("quizzes:report_response", args=[response.pk]), {"reason": "typo"})
    after = result_html(client, result)
    assert after.count("Report a problem with this question") == 5
    assert "staff have not answered yet" in after
    assert len(kept) == 2


def test_staff_closing_a_report_shows_at_once(result, client):
    response = Response.objects.get(attempt=result, position=1)
    client.post(reverse("quizzes:report_response", args=[response.pk]), {"reason": "typo"})
    assert "staff have not answered yet" in result_html(client, result)
    ProblemReport.objects.update(status="rejected", resolved_at=timezone.now())  # no signal
    html = result_html(client, result)
    assert "the question was kept as it is" in html
    assert html.count("Report another problem with this question") == 1


def test_a_resource_marked_done_leaves_the_recommendations_at_once(result, client, user):
    html = result_html(client, result)
    shown = [r for r in Resource.objects.all() if r.title in html]
    assert shown
    ResourceMark.objects.create(user=user, resource=shown[0], status="done")
    assert shown[0].title not in result_html(client, result)


def test_a_catalogue_edit_shows_at_once(result, client):
    html = result_html(client, result)
    shown = next(r for r in Resource.objects.all() if r.title in html)
    Resource.objects.filter(pk=shown.pk).update(title="Retitled resource")  # no signal
    assert "Retitled resource" in result_html(client, result)


def test_a_new_target_shows_at_once(result, client, user):
    html = result_html(client, result)
    target = Level.EXPERT if user.target_level != Level.EXPERT else Level.COMPETENT
    User.objects.filter(pk=user.pk).update(target_level=target)
    again = result_html(client, result)
    assert without_tokens(html) != without_tokens(again)
    assert f"your target: {target.label}" in again


def test_a_regrade_shows_at_once(result, client):
    result_html(client, result)
    Response.objects.filter(attempt=result, position=3).update(credit=1.0)
    assert "✓ Correct" in result_html(client, result)


def test_the_missed_only_view_is_kept_apart(result, client, kept):
    url = reverse("quizzes:attempt_result", args=[result.pk])
    Response.objects.filter(attempt=result, position=1).update(credit=1.0)
    everything = client.get(url).content.decode()
    missed = client.get(url + "?show=missed").content.decode()
    assert everything.count('class="card review-item') == 6
    assert missed.count('class="card review-item') == 5
    assert client.get(url).content.decode().count('class="card review-item') == 6
    assert len(kept) == 2


def test_the_percentile_is_counted_on_every_view_without_rendering_again(result, client,
                                                                       kept):
    """Other learners graded later move the percentile; the kept content is not
    rendered again for it (it moves with every grading in the area)."""
    attempt = craft(result, theta=0.0, se=0.3)
    area = attempt.assessment.area
    for i in range(5):
        AbilityEstimateFactory(user=UserFactory(), area=area, theta=-1.0 if i < 3 else 0.0)
    first = result_html(client, attempt)
    assert "(5 so far)" in first, labels(first)
    for _ in range(25):
        AbilityEstimateFactory(user=UserFactory(), area=area, theta=1.0)
    html = result_html(client, attempt)
    # 3 below, 2 tied, 25 above: (3 + 1) / 30 → 13th
    assert "13th" in html and "30 other learners" in html
    assert len(kept) == 1


def test_another_learner_gets_404_and_never_the_kept_content(result, client, other_user):
    assert "Every question, explained" in result_html(client, result)
    client.force_login(other_user)
    response = client.get(reverse("quizzes:attempt_result", args=[result.pk]))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "review-item" not in response.content.decode()


def test_the_key_is_the_learners_and_the_attempts():
    shown = ("same", "values")
    own = result_cache.key(user_id=1, attempt_id=2, shown=shown)
    assert own != result_cache.key(user_id=3, attempt_id=2, shown=shown)
    assert own != result_cache.key(user_id=1, attempt_id=4, shown=shown)
    assert own != result_cache.key(user_id=1, attempt_id=2, shown=("other", "values"))


def test_an_expired_attempt_is_graded_then_shown(build_assessment, user, client):
    client.force_login(user)
    attempt = attempt_start(user=user, assessment=build_assessment(2, kinds=["single"],
                                                                   time_limit_minutes=5))
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=attempt.started_at - timedelta(hours=2),
        deadline=attempt.started_at - timedelta(minutes=1))
    html = result_html(client, attempt)
    assert "Time ran out" in html and "Every question, explained" in html


def test_each_blank_box_is_what_the_partial_renders_for_it(result, rf, user):
    """The blank report box is rendered once a page and given each response's id: each
    box is exactly the partial's own rendering for that response."""
    request = rf.get("/")
    request.user = user
    request.htmx = False
    rows = list(Response.objects.filter(attempt=result).order_by("position"))
    context = {"csrf_token": "stand-in"}
    boxes = response_boxes(request, rows, {}, context)
    for r in rows:
        alone = render_to_string("quizzes/report_problem.html#report-box",
                                 {**context, "box": box_for_response(r)}, request)
        assert boxes[r.position] == alone


def test_an_attempt_id_out_of_the_databases_range_is_404(client, user):
    client.force_login(user)
    response = client.get(reverse("quizzes:attempt_result", args=[10**30]))
    assert response.status_code == HTTPStatus.NOT_FOUND
