"""The measurement model through the services and pages: "I don't know" answers, topic
estimates informed by the area, the fixed chance asymptote from the stored question, and
the computed length of adaptive checks (docs/measurement.md)."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from quizzes import grading
from quizzes.models import Assessment, AttemptStatus
from quizzes.services import adaptive
from quizzes.services.attempts import (
    answer_from_json,
    attempt_start,
    attempt_submit,
    response_save,
)
from quizzes.services.scoring import item_params
from tests.factories import AreaFactory, AssessmentFactory, QuestionFactory, TopicFactory
from tests.quizzes.test_services import right_answer

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}
BANKS = Path(__file__).resolve().parents[2] / "quizzes" / "banks"


def wrong_answer(response) -> dict:
    v = response.version
    choices = sorted(v.choices.all(), key=lambda c: c.order)
    if v.kind in ("single", "truefalse"):
        return {"choices": [next(c.pk for c in choices if c.fraction <= 0)]}
    if v.kind == "multiple":
        return {"choices": [c.pk for c in choices if c.fraction < 0]}
    if v.kind == "numeric":
        return {"value": str(float(v.data["answer"]) + 1000)}
    if v.kind == "text":
        return {"text": "certainly not this"}
    return {"order": [c.pk for c in reversed(choices)]}


# --- "I don't know" --------------------------------------------------------------------

def test_dont_know_grades_zero_and_is_not_blank():
    answer = answer_from_json("single", {"dont_know": True})
    assert answer.dont_know and not answer.is_blank
    key = grading.AnswerKey(kind="single", choices=(grading.ChoiceKey(1, 1.0),))
    assert grading.grade(key, answer) == 0.0


@pytest.mark.parametrize("kind", ["single", "multiple", "truefalse", "numeric", "text",
                                  "ordering"])
def test_dont_know_button_on_every_kind_saves_without_js(kind, build_assessment, user, client):
    client.force_login(user)
    attempt = attempt_start(user=user, assessment=build_assessment(2, kinds=[kind]))
    take = reverse("quizzes:attempt_take", args=[attempt.pk])
    page = client.get(take).content.decode()
    assert 'value="dont-know"' in page and "I don't know" in page
    # Typed garbage in the box does not matter: "I don't know" is its own answer.
    resp = client.post(reverse("quizzes:response_save", args=[attempt.pk, 1]),
                       {"answer": "garbage", "action": "dont-know"})
    assert resp.status_code == 302
    r = attempt.responses.get(position=1)
    assert r.answer == {"dont_know": True} and r.is_answered


def test_dont_know_with_htmx_counts_as_answered_and_reviews_as_not_known(
        build_assessment, user, client):
    client.force_login(user)
    attempt = attempt_start(user=user, assessment=build_assessment(2))
    resp = client.post(reverse("quizzes:response_save", args=[attempt.pk, 1]),
                       {"action": "dont-know"}, headers=HX)
    assert resp.status_code == 200
    html = resp.content.decode()
    assert 'aria-label="Question 1: answered' in html
    # Deferred feedback: nothing about correctness before submitting.
    assert "is-key" not in html and "Accepted answer" not in html
    attempt_submit(attempt=attempt)
    r = attempt.responses.get(position=1)
    assert r.credit == 0.0
    result = client.get(reverse("quizzes:attempt_result", args=[attempt.pk])).content.decode()
    assert "You said you didn't know." in result
    submit_page = attempt.responses.filter(answer__isnull=True).count()
    assert submit_page == 1  # only the untouched question is blank


def test_dont_know_in_an_adaptive_check_shows_feedback_and_continues(db, user, client):
    area = AreaFactory()
    topics = [TopicFactory(area=area, order=i) for i in (1, 2)]
    for i in range(12):
        QuestionFactory(topic=topics[i % 2], version__difficulty=1 + i % 5)
    assessment = AssessmentFactory(topics=topics, topics__per_topic=6, area=area,
                                   mode="adaptive", feedback="immediate")
    client.force_login(user)
    attempt = attempt_start(user=user, assessment=assessment)
    resp = client.post(reverse("quizzes:response_save", args=[attempt.pk, 1]),
                       {"action": "dont-know"}, headers=HX)
    html = resp.content.decode()
    assert "You said you didn't know." in html
    assert attempt.responses.get(position=1).credit == 0.0
    assert attempt.responses.count() == 2  # the next question was drawn


# --- Chance success and topic estimates --------------------------------------------------

def test_item_params_carry_the_fixed_asymptote_of_the_stored_version(db):
    single = QuestionFactory(version__kind="single")  # one right of four
    truefalse = QuestionFactory(version__kind="truefalse")
    numeric = QuestionFactory(version__kind="numeric")
    assert item_params(single, single.current_version).c == pytest.approx(0.25)
    assert item_params(truefalse, truefalse.current_version).c == pytest.approx(0.5)
    assert item_params(numeric, numeric.current_version).c == 0.0
    single.irt_a, single.irt_b = 1.7, 0.3  # calibrated: a and b fitted, c stays fixed
    assert item_params(single, single.current_version).c == pytest.approx(0.25)


def _two_topic_attempt(user, right_in_first: bool):
    area = AreaFactory()
    topics = [TopicFactory(area=area, order=i) for i in (1, 2)]
    for i in range(12):
        QuestionFactory(topic=topics[i % 2], version__kind="numeric",
                        version__difficulty=3)
    assessment = AssessmentFactory(topics=topics, topics__per_topic=6, area=area)
    attempt = attempt_start(user=user, assessment=assessment)
    for r in attempt.responses.select_related("question"):
        first = r.question.topic_id == topics[0].pk
        answer = right_answer(r) if (first and right_in_first) else wrong_answer(r)
        response_save(attempt=attempt, response=r, answer=answer)
    attempt_submit(attempt=attempt)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.GRADED
    return attempt, topics


def test_topic_estimate_is_informed_by_the_other_topics(user):
    """Two learners both miss all 6 questions of a topic. The one who got the other topic
    all right is placed higher in it than the one who missed everything (with a flat
    N(0, 1) prior per topic, both got the same estimate)."""
    strong, strong_topics = _two_topic_attempt(user, right_in_first=True)
    from tests.factories import UserFactory

    weak, weak_topics = _two_topic_attempt(UserFactory(), right_in_first=False)
    missed_by_strong = strong.topic_results[f"{strong_topics[1].area.slug}/"
                                            f"{strong_topics[1].slug}"]
    missed_by_weak = weak.topic_results[f"{weak_topics[1].area.slug}/{weak_topics[1].slug}"]
    assert missed_by_strong["theta"] > missed_by_weak["theta"] + 0.2
    # 6/6 is above the area, 0/6 below it, in the result and in the stored estimates.
    aced = strong.topic_results[f"{strong_topics[0].area.slug}/{strong_topics[0].slug}"]
    assert missed_by_strong["theta"] < strong.theta < aced["theta"]
    stored = {e.topic_id: e.theta for e in user.abilities.filter(topic__isnull=False)}
    assert stored[strong_topics[1].pk] == pytest.approx(missed_by_strong["theta"], abs=1e-3)
    assert stored[strong_topics[1].pk] < user.abilities.get(topic__isnull=True).theta


# --- Adaptive checks: lengths computed, never hand-written ------------------------------

def test_load_banks_simulates_the_length_of_every_adaptive_check():
    call_command("load_banks", *map(str, sorted(BANKS.glob("*.yaml"))), stdout=StringIO(),
                 stderr=StringIO())
    adaptive_checks = list(Assessment.objects.filter(mode="adaptive"))
    assert adaptive_checks
    for a in adaptive_checks:
        assert a.length_stats and 1 <= a.length_stats["median"] <= a.length_stats["p90"] \
            <= a.question_count
        assert "well before" not in a.description and "0.30" not in a.description
        assert a.length_claim


def test_assessment_page_shows_the_computed_length(build_assessment, client, user):
    client.force_login(user)
    assessment = build_assessment(12, mode="adaptive", feedback="immediate")
    url = reverse("quizzes:assessment_detail", args=[assessment.slug])
    page = client.get(url).content.decode()
    assert "not been simulated yet" in page and "fewer once your level is clear" not in page
    stats = adaptive.assessment_simulate_lengths(assessment=assessment, learners=10)
    page = client.get(url).content.decode()
    assert stats is not None
    assert assessment.length_claim and assessment.length_claim.replace("'", "&#x27;") in page


def test_about_n_left_follows_the_simulated_lengths(build_assessment, user):
    assessment = build_assessment(12, mode="adaptive", feedback="immediate")
    assessment.length_stats = {"median": 11, "p90": 12, "max_items": 12, "learners": 10}
    assessment.save()
    attempt = attempt_start(user=user, assessment=assessment)
    responses = list(attempt.responses.select_related("question__topic", "version"))
    assert adaptive.remaining(attempt, responses) == 11
    assessment.length_stats = None  # not simulated: the honest bound is the maximum
    assert adaptive.remaining(attempt, responses) == 12


# --- The dashboard's weakest topics use the shared decision ----------------------------

def test_dashboard_weakest_topics_follow_the_shared_decision(user):
    """A topic with one answer has no verdict (not enough answers), so it is not called
    weak even with a low estimate; the old rule (θ < floor) listed it."""
    from quizzes.selectors_dashboard import dashboard
    from tests.factories import AbilityEstimateFactory

    area = AreaFactory()
    thin, clear, fine = (TopicFactory(area=area, order=i) for i in (1, 2, 3))
    AbilityEstimateFactory(user=user, area=area, topic=None, theta=0.0, se=0.3, answered=12)
    AbilityEstimateFactory(user=user, area=area, topic=thin, theta=-1.0, se=0.8, answered=1)
    AbilityEstimateFactory(user=user, area=area, topic=clear, theta=-0.5, se=0.4, answered=6)
    AbilityEstimateFactory(user=user, area=area, topic=fine, theta=1.5, se=0.4, answered=5)
    status = next(s for s in dashboard(user)["statuses"] if s.area == area)
    assert [t.topic for t in status.weakest] == [clear]


def test_result_page_states_the_certainty_each_verdict_needs(build_assessment, user, client):
    """The area reading and the topic table each say the probability their verdicts need
    (quizzes/standing.py: a topic verdict needs less than an area verdict)."""
    from quizzes import standing
    client.force_login(user)
    attempt = attempt_start(user=user, assessment=build_assessment(6))
    for r in attempt.responses.all():
        response_save(attempt=attempt, response=r, answer=right_answer(r))
    attempt_submit(attempt=attempt)
    page = client.get(reverse("quizzes:attempt_result", args=[attempt.pk])).content.decode()
    area = round(100 * standing.CONFIDENCE_AREA)
    topic = round(100 * standing.CONFIDENCE_TOPIC)
    assert area != topic
    assert f"said when at least {area}% probable" in page
    assert (f"For a topic, “Below target” and “At target” are said when your answers make "
            f"it at least {topic}% probable") in page
