"""Dashboard, resource marks, practice, and spaced review over HTTP."""

import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quizzes import reporting
from quizzes.forms import choice_token
from quizzes.models import Assessment, Attempt, ResourceMark, ReviewCard
from quizzes.services.attempts import attempt_start, attempt_submit, response_save
from tests.factories import ResourceFactory, ReviewCardFactory, UserFactory

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}


@pytest.fixture
def graded(build_assessment, user, client):
    """A learner with a graded attempt where every answer was wrong."""
    client.force_login(user)
    assessment = build_assessment(6, kinds=["single"])
    attempt = attempt_start(user=user, assessment=assessment)
    for r in attempt.responses.all():
        wrong = next(c.pk for c in r.version.choices.all() if c.fraction == 0)
        response_save(attempt=attempt, response=r, answer={"choices": [wrong]})
    attempt = attempt_submit(attempt=attempt)
    for topic in assessment.area.topics.all():
        ResourceFactory(topics=[topic])
        ResourceFactory(topics=[topic], kind="book", cost="paid", level="intermediate")
    return attempt


def test_dashboard_lists_areas_readiness_and_due_cards(graded, client):
    ReviewCard.objects.update(due=timezone.now() - timedelta(minutes=1))
    html = client.get(reverse("quizzes:dashboard")).content.decode()
    assert "svg" in html and "ML-engineer readiness" in html
    assert "below target" in html
    assert "6 cards due now." in html


def test_dashboard_queries_do_not_grow_with_attempts(graded, client, build_assessment, user,
                                                    session_queries):
    """The dashboard reads estimates, attempts and resources in fixed queries."""
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("quizzes:dashboard")).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for _ in range(3):
        a = attempt_start(user=user, assessment=build_assessment(4, kinds=["single"]))
        attempt_submit(attempt=a)
    # 13 (14 on main): the catalogue reads plain values in two queries where the
    # prefetch of topics and their areas took three; +1: the learner's problem reports
    # staff closed lately (services.reports.recently_resolved); +1: the new questions
    # left per topic (services.recommendations.unseen_by_topic), once there are results
    assert count() == before == 15 + session_queries  # pinned: docs/performance.md


def test_dashboard_is_private_to_its_learner(graded, client):
    other = UserFactory()
    client.force_login(other)
    html = client.get(reverse("quizzes:dashboard")).content.decode()
    assert "below target" not in html and reporting.NOTHING_MEASURED in html
    assert "No cards yet" in html


def test_resource_mark_done_and_clear(graded, client, user):
    resource = ResourceFactory()
    url = reverse("quizzes:resource_mark", args=[resource.slug])
    client.post(url, {"status": "done"})
    assert ResourceMark.objects.get(user=user, resource=resource).status == "done"
    client.post(url, {"status": "clear"})
    assert not ResourceMark.objects.filter(user=user).exists()


def test_resource_mark_htmx_returns_the_plan_partial(graded, client):
    resource = ResourceFactory()
    response = client.post(reverse("quizzes:resource_mark", args=[resource.slug]),
                           {"status": "not_useful"}, headers=HX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="study-plan"') and "<html" not in html


def test_resource_mark_bad_status_is_a_message_not_an_error(graded, client, user):
    resource = ResourceFactory()
    response = client.post(reverse("quizzes:resource_mark", args=[resource.slug]),
                           {"status": "delete-everything"}, follow=True)
    assert response.status_code == HTTPStatus.OK
    assert "Choose done, not useful or clear." in response.content.decode()
    assert not ResourceMark.objects.filter(user=user).exists()


def test_practice_start_creates_own_practice_attempt(graded, client, user):
    ref = next(iter(graded.topic_results))
    response = client.post(reverse("quizzes:practice_start"), {"topic": ref})
    attempt = Attempt.objects.filter(user=user).exclude(pk=graded.pk).get()
    assert response.status_code == HTTPStatus.FOUND
    assert attempt.assessment.mode == "practice" and attempt.assessment.owner == user
    assert attempt.deadline is None
    again = client.post(reverse("quizzes:practice_start"), {"topic": ref})
    assert again["Location"] == response["Location"]  # resumes, no second attempt
    assert Assessment.objects.filter(owner=user).count() == 1


def test_practice_start_unknown_topic_is_a_message(graded, client):
    response = client.post(reverse("quizzes:practice_start"), {"topic": "nope/none"},
                           follow=True)
    assert "That topic does not exist." in response.content.decode()


def test_practice_assessment_of_another_learner_is_hidden(graded, client, user):
    ref = next(iter(graded.topic_results))
    client.post(reverse("quizzes:practice_start"), {"topic": ref})
    practice = Assessment.objects.get(owner=user)
    client.force_login(UserFactory())
    response = client.get(reverse("quizzes:assessment_detail", args=[practice.slug]))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_starting_another_learners_practice_set_is_the_same_404(graded, client, user):
    """Starting it answered 302 "not open" where its page answered 404: ids could be
    probed. Both now answer 404, exactly like a slug that does not exist."""
    ref = next(iter(graded.topic_results))
    client.post(reverse("quizzes:practice_start"), {"topic": ref})
    practice = Assessment.objects.get(owner=user)
    client.force_login(UserFactory())
    start = client.post(reverse("quizzes:attempt_start", args=[practice.slug]))
    missing = client.post(reverse("quizzes:attempt_start", args=["practice-u0-t0"]))
    page = client.get(reverse("quizzes:assessment_detail", args=[practice.slug]))
    assert start.status_code == missing.status_code == page.status_code == 404
    def strip(html: bytes) -> str:  # per-request nonce and CSRF token aside
        html = re.sub(r'"X-CSRFToken": "[^"]*"', "", html.decode())
        return re.sub(r'(nonce|value|content)="[^"]*"', "", html)

    assert strip(start.content) == strip(missing.content)
    assert not Attempt.objects.filter(assessment=practice).exclude(user=user).exists()


def test_review_session_shows_due_card_without_key(graded, client):
    ReviewCard.objects.update(due=timezone.now() - timedelta(minutes=1))
    html = client.get(reverse("quizzes:review_session")).content.decode()
    assert "6 cards due" in html and "is-key" not in html and "Check answer" in html


def test_review_answer_reveals_and_reschedules(graded, client, user):
    card = ReviewCard.objects.filter(user=user).first()
    ReviewCard.objects.filter(pk=card.pk).update(due=timezone.now() - timedelta(minutes=1))
    version = card.question.current_version
    right = next(c.pk for c in version.choices.all() if c.fraction == 1)
    response = client.post(reverse("quizzes:review_answer", args=[card.pk]),
                           {"answer": choice_token(f"rv{card.pk}.0", right)}, headers=HX)
    html = response.content.decode()
    assert "Correct" in html and "is-key" in html
    # The rating in a learner's words, and when the card comes back in words too.
    assert "Counted as <strong>" in html and "Rated <strong>" not in html
    assert re.search(r"this card comes back (tomorrow|on \w+day \d+ \w{3}|on \d+ \w{3})", html)
    card.refresh_from_db()
    assert card.reviews == 1 and card.due > timezone.now()


def test_review_answer_not_due_is_refused(graded, client, user):
    card = ReviewCard.objects.filter(user=user).first()
    version = card.question.current_version
    response = client.post(reverse("quizzes:review_answer", args=[card.pk]),
                           {"answer": choice_token(f"rv{card.pk}.0", version.choices.first().pk)},
                           follow=True)
    assert "not due yet" in response.content.decode()
    card.refresh_from_db()
    assert card.reviews == 0


def test_review_answer_blank_asks_for_an_answer(graded, client, user):
    card = ReviewCard.objects.filter(user=user).first()
    ReviewCard.objects.filter(pk=card.pk).update(due=timezone.now())
    response = client.post(reverse("quizzes:review_answer", args=[card.pk]), {})
    assert "Give an answer first" in response.content.decode()


def test_review_card_of_another_learner_is_404(graded, client):
    card = ReviewCardFactory()
    response = client.post(reverse("quizzes:review_answer", args=[card.pk]), {"answer": "1"})
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_progress_asks_for_a_second_result_until_there_is_one(graded, client, user):
    html = client.get(reverse("quizzes:dashboard")).content.decode()
    assert "One result so far" in html
    again = attempt_start(user=user, assessment=graded.assessment)
    attempt_submit(attempt=again)
    html = client.get(reverse("quizzes:dashboard")).content.decode()
    # A blank retake has no level, so it is no point on the line.
    assert "One result so far" in html
    again = attempt_start(user=user, assessment=graded.assessment)
    for r in again.responses.all():
        response_save(attempt=again, response=r,
                      answer={"choices": [r.version.choices.all()[0].pk]})
    attempt_submit(attempt=again)
    html = client.get(reverse("quizzes:dashboard")).content.decode()
    assert "Progress over time" in html
    assert "One result so far" not in html


def test_unseen_by_topic_counts_live_questions_the_learner_was_never_given(db):
    """A practice step promises new questions; this is the count behind it: live
    questions only, any attempt of this learner counts as given, other learners' don't."""
    from quizzes.services.recommendations import unseen_by_topic
    from tests.factories import (
        AttemptFactory,
        QuestionFactory,
        ResponseFactory,
        TopicFactory,
        UserFactory,
    )

    me, other = UserFactory(), UserFactory()
    topic = TopicFactory()
    given, fresh, _also_fresh = (QuestionFactory(topic=topic) for _ in range(3))
    QuestionFactory(topic=topic, status="retired")
    mine = AttemptFactory(user=me, assessment__area=topic.area)
    ResponseFactory(attempt=mine, question=given)
    ResponseFactory(attempt=AttemptFactory(user=other, assessment__area=topic.area),
                    question=fresh)
    assert unseen_by_topic(me)[topic.pk] == 2
    assert unseen_by_topic(other)[topic.pk] == 2
    assert unseen_by_topic(UserFactory())[topic.pk] == 3
