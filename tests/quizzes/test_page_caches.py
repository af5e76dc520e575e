"""What the pages keep between requests never serves stale or foreign content: a graded
attempt's review (Django's cache, quizzes/review_cache.py) and a version's choices (the
process's memory, quizzes/version_cache.py)."""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from quizzes import review_cache, version_cache
from quizzes.models import Choice, QuestionVersion, Response, Topic
from quizzes.services.attempts import attempt_start
from tests.quizzes.test_views_attempt import HX, take_url
from tests.quizzes.test_views_labels import result_html

pytestmark = pytest.mark.django_db


def review(html: str) -> str:
    """The review section, without the CSRF tokens of the report forms under each card
    (rendered per request, outside the cache: a new masked token each time)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "",
                  html[html.index('id="review-heading"'):])


@pytest.fixture
def cached_keys(monkeypatch):
    """The keys the review cache stores, whatever the cache backend (with Redis the same
    cache also holds the sessions: those keys are not the review's)."""
    keys = []
    real_set = review_cache.cache.set

    def recording_set(key, *args, **kwargs):
        if key.startswith("review:"):
            keys.append(key)
        return real_set(key, *args, **kwargs)

    monkeypatch.setattr(review_cache.cache, "set", recording_set)
    return keys


def test_result_review_is_rendered_once_then_read_from_the_cache(graded, client,
                                                                 cached_keys):
    attempt = graded(4)
    first = result_html(client, attempt)
    second = result_html(client, attempt)
    assert len(cached_keys) == 1
    assert review(first) == review(second)
    assert second.count('class="card review-item') == 4


def test_result_review_changes_after_a_regrade(graded, client):
    """A credit that changes (a regrade) changes the key: the page shows the new verdict
    at once, not the cached one."""
    attempt = graded(4)
    before = result_html(client, attempt)
    assert "✗ Not right" not in review(before)
    Response.objects.filter(attempt=attempt, position=2).update(credit=0.0)
    after = result_html(client, attempt)
    assert review(after).count("✗ Not right") >= 1
    assert "Show only the 1 question I missed" in after


def test_result_review_shows_a_renamed_topic(graded, client):
    attempt = graded(4)
    result_html(client, attempt)
    topic = Response.objects.filter(attempt=attempt, position=1).get().question.topic
    Topic.objects.filter(pk=topic.pk).update(title="Renamed topic")
    assert "Question 1 · Renamed topic" in result_html(client, attempt)


def test_another_learner_never_reaches_a_cached_review(graded, client, other_user):
    attempt = graded(4)
    assert "Every question, explained" in result_html(client, attempt)  # now cached
    client.force_login(other_user)
    response = client.get(reverse("quizzes:attempt_result", args=[attempt.pk]))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "is-key" not in response.content.decode()


def test_review_key_differs_by_learner_and_attempt(graded, other_user):
    attempt = graded(2)
    rows = [("same rows",)]
    own = review_cache.review_key(user_id=attempt.user_id, attempt=attempt, rows=rows)
    assert own != review_cache.review_key(user_id=other_user.pk, attempt=attempt, rows=rows)
    attempt.pk += 1
    assert own != review_cache.review_key(user_id=attempt.user_id, attempt=attempt, rows=rows)


def test_an_open_attempt_caches_no_review(build_assessment, user, client, cached_keys):
    """Before grading, the result page sends the learner to the questions and nothing
    with the key is rendered or stored (invariant 2); the take page shows no key."""
    client.force_login(user)
    attempt = attempt_start(user=user, assessment=build_assessment(4, kinds=["single"]))
    response = client.get(reverse("quizzes:attempt_result", args=[attempt.pk]))
    assert response.status_code == HTTPStatus.FOUND
    take = client.get(take_url(attempt, 1)).content.decode()
    assert "is-key" not in take and "Correct answer" not in take
    assert cached_keys == []


def test_take_page_reads_a_versions_choices_once_per_process(build_assessment, user,
                                                             client):
    client.force_login(user)
    attempt = attempt_start(user=user, assessment=build_assessment(4, kinds=["single"]))
    def card():  # the page less what changes on every request: the CSRF mask, the clock
        html = client.get(take_url(attempt, 2), headers=HX).content.decode()
        html = re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", html)
        return re.sub(r"\d{4}-\d\d-\d\dT[\d:.]+\+00:00", "", html)

    first, again = card(), card()
    assert first == again
    version = Response.objects.get(attempt=attempt, position=2).version
    for choice in version.choices.all():
        assert choice.text in again


def test_version_cache_misses_a_version_edited_in_place(build_assessment):
    """A version nobody has answered may be edited in place; its content hash changes,
    so the remembered choices are not served for it."""
    build_assessment(2, kinds=["single"])
    version = QuestionVersion.objects.filter(choices__isnull=False).first()
    version_cache.with_choices([version])
    assert [c.text for c in version.choices.all()]
    Choice.objects.filter(version=version).update(text="Edited text")
    QuestionVersion.objects.filter(pk=version.pk).update(content_hash="edited")
    fresh = QuestionVersion.objects.get(pk=version.pk)
    version_cache.with_choices([fresh])
    assert {c.text for c in fresh.choices.all()} == {"Edited text"}


def test_version_cache_keeps_the_choices_of_an_unchanged_version(build_assessment,
                                                               django_assert_num_queries):
    build_assessment(2, kinds=["single"])
    version = QuestionVersion.objects.filter(choices__isnull=False).first()
    version_cache.with_choices([version])
    again = QuestionVersion.objects.get(pk=version.pk)
    with django_assert_num_queries(0):
        version_cache.with_choices([again])
        texts = [c.text for c in again.choices.all()]
    assert texts == [c.text for c in Choice.objects.filter(version=version).order_by("order")]


def test_chance_credit_is_kept_per_version_and_follows_an_edit_in_place(build_assessment):
    """The chance credit grading uses comes from memory after the first time, equals
    computing it afresh, and a version edited in place (new content hash) gets its own:
    here a single choice question of four options with one right goes from ¼ to ½ when
    a second option is made right."""
    from quizzes import measurement

    build_assessment(2, kinds=["single"])
    version = QuestionVersion.objects.filter(choices__isnull=False).first()
    version_cache.with_choices([version])
    fresh = measurement.chance_credit(version.answer_key(list(version.choices.all())))
    assert version_cache.chance_credit(version) == fresh == pytest.approx(0.25)
    Choice.objects.filter(version=version).update(fraction=0.0)  # stale to the cache
    assert version_cache.chance_credit(QuestionVersion.objects.get(pk=version.pk)) == fresh

    choices = list(Choice.objects.filter(version=version).order_by("order"))
    assert len(choices) == 4
    Choice.objects.filter(pk__in=[choices[0].pk, choices[1].pk]).update(fraction=1.0)
    QuestionVersion.objects.filter(pk=version.pk).update(content_hash="edited")
    edited = QuestionVersion.objects.get(pk=version.pk)
    version_cache.with_choices([edited])
    assert version_cache.chance_credit(edited) == pytest.approx(0.5)
