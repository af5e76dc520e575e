"""The readiness check (an assessment across areas): one reading per area with its own
verdict and band, every area sampled on every attempt with topics rotating over attempts,
and a percentile per area that can appear."""

import random
from collections import Counter
from datetime import timedelta
from textwrap import dedent

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.formats.yaml_bank import parse_bank
from quizzes.measurement import PERCENTILE_MINIMUM
from quizzes.readiness import area_readings
from quizzes.services.attempts import attempt_start, attempt_submit, response_save
from quizzes.standing import Standing
from quizzes.standing_counts import per_area
from tests.factories import (
    AbilityEstimateFactory,
    AreaFactory,
    AssessmentFactory,
    AssessmentTopicFactory,
    QuestionFactory,
    TopicFactory,
    UserFactory,
)
from tests.quizzes.test_services import right_answer


def snapshot(area_id, theta, se, evidence, **extra):
    return {"area_id": area_id, "title": f"Area {area_id}", "asked": 5, "answered": 5,
            "credit": 0.0, "theta": theta, "se": se, "evidence": evidence, **extra}


# Pure ---------------------------------------------------------------------------------

def test_each_area_gets_its_own_verdict_not_one_mixed_level():
    # Before: 0 of 3 maths and 12 of 12 elsewhere came out as one "Proficient".
    readings = area_readings({"maths": snapshot(1, -1.6, 0.55, 6),
                              "git": snapshot(2, 1.9, 0.5, 12)}, {})
    by_slug = {r.slug: r.reading for r in readings}
    assert by_slug["maths"].standing == Standing.BELOW
    assert by_slug["git"].standing == Standing.AT
    assert by_slug["maths"].level_high < by_slug["git"].level_low


def test_too_few_answers_in_an_area_says_so_without_level_or_percentile():
    reading, = area_readings({"cloud": snapshot(3, 1.2, 0.8, 3)},
                             {3: {"others": 50, "below": 40, "ties": 0}})
    assert reading.reading.standing == Standing.NOT_ENOUGH
    assert not reading.reading.has_level and reading.percentile is None
    assert reading.reading.minimum == 5


# Draw ---------------------------------------------------------------------------------

def cross_area(per_area=2, topics_per_area=(3, 6), questions_per_topic=2, **fields):
    assessment = AssessmentFactory(area=None, per_area=per_area, **fields)
    for n_topics in topics_per_area:
        area = AreaFactory()
        for order in range(n_topics):
            topic = TopicFactory(area=area, order=order)
            QuestionFactory.create_batch(questions_per_topic, topic=topic)
            AssessmentTopicFactory(assessment=assessment, topic=topic, count=1)
    return assessment


@pytest.mark.django_db
def test_every_attempt_covers_every_area_and_retakes_rotate_through_all_topics(user):
    assessment = cross_area(per_area=2, topics_per_area=(3, 6))
    assert assessment.question_count == 4
    sampled = set()
    start = timezone.now() - timedelta(days=5)
    for day in range(3):
        attempt = attempt_start(user=user, assessment=assessment,
                                now=start + timedelta(days=day), rng=random.Random(day))
        rs = list(attempt.responses.select_related("question__topic"))
        assert Counter(r.question.topic.area_id for r in rs) == {
            d.topic.area_id: 2 for d in assessment.draws.select_related("topic")}
        assert len({r.question.topic_id for r in rs}) == 4  # one per topic
        sampled |= {r.question.topic_id for r in rs}
        attempt_submit(attempt=attempt, now=start + timedelta(days=day, minutes=9))
    # 6 topics at 2 per attempt: 3 attempts sample them all (the least-seen go first).
    assert sampled == set(assessment.draws.values_list("topic_id", flat=True))


@pytest.mark.django_db
def test_per_area_draw_repeats_a_topic_only_when_the_area_has_fewer_topics(user):
    assessment = cross_area(per_area=3, topics_per_area=(2,), questions_per_topic=3)
    attempt = attempt_start(user=user, assessment=assessment, rng=random.Random(1))
    assert attempt.responses.count() == 3
    assert sorted(Counter(r.question.topic_id for r in attempt.responses.all()).values()) \
        == [1, 2]


# Grading and the result page ------------------------------------------------------------

def take(user, assessment, right_in_area, now):
    attempt = attempt_start(user=user, assessment=assessment, now=now,
                            rng=random.Random(2))
    for r in attempt.responses.select_related("version", "question__topic"):
        if r.question.topic.area_id == right_in_area:
            response_save(attempt=attempt, response=r, answer=right_answer(r), now=now)
        else:
            response_save(attempt=attempt, response=r, answer={"choices": []}, now=now)
    return attempt_submit(attempt=attempt, now=now + timedelta(minutes=5))


@pytest.mark.django_db
def test_result_page_reports_each_area_and_no_mixed_level(client, user):
    assessment = cross_area(per_area=5, topics_per_area=(5, 5))
    strong, weak = sorted({d.topic.area_id for d in assessment.draws.select_related("topic")})
    attempt = take(user, assessment, strong, timezone.now() - timedelta(hours=1))
    assert [r["area_id"] for r in attempt.area_results.values()] == [strong, weak]
    assert {r["asked"] for r in attempt.area_results.values()} == {5}
    client.force_login(user)
    html = client.get(reverse("quizzes:attempt_result", args=[attempt.pk])).content.decode()
    weak_slug = next(s for s, r in attempt.area_results.items() if r["area_id"] == weak)
    strong_slug = next(s for s, r in attempt.area_results.items() if r["area_id"] == strong)
    weak_block = html.split(f'id="area-{weak_slug}"')[1].split("</article>")[0]
    strong_block = html.split(f'id="area-{strong_slug}"')[1].split("</article>")[0]
    assert "Below target" in weak_block and "0 of 5 right" in weak_block
    assert "Below target" not in strong_block and "5 of 5 right" in strong_block
    assert "Level " in strong_block
    assert 'stat-label">Level' not in html  # no single level across areas


@pytest.mark.django_db
def test_result_page_says_not_enough_answers_for_a_thin_area(client, user):
    assessment = cross_area(per_area=3, topics_per_area=(3,))
    area = assessment.draws.select_related("topic").first().topic.area_id
    attempt = take(user, assessment, area, timezone.now() - timedelta(hours=1))
    client.force_login(user)
    html = client.get(reverse("quizzes:attempt_result", args=[attempt.pk])).content.decode()
    assert "Not enough answers yet" in html and "a level needs at least 5 answered" in html


@pytest.mark.django_db
def test_percentile_per_area_appears_once_enough_other_learners(client, user):
    assessment = cross_area(per_area=5, topics_per_area=(5,))
    area = assessment.draws.select_related("topic").first().topic.area
    for i in range(PERCENTILE_MINIMUM - 1):
        AbilityEstimateFactory(area=area, theta=-2.0 + 0.01 * i)
    attempt = take(user, assessment, area.pk, timezone.now() - timedelta(hours=1))
    client.force_login(user)
    url = reverse("quizzes:attempt_result", args=[attempt.pk])
    assert f"once {PERCENTILE_MINIMUM} other learners" in client.get(url).content.decode()
    AbilityEstimateFactory(area=area, theta=5.0)  # the 20th: one above, 19 below
    html = client.get(url).content.decode()
    assert f"Percentile: 95th among the latest {area.title} results of {PERCENTILE_MINIMUM}" \
        in html


@pytest.mark.django_db
def test_per_area_counts_in_the_database_per_area():
    me = UserFactory()
    a1, a2 = AreaFactory(), AreaFactory()
    AbilityEstimateFactory(user=me, area=a1, theta=0.0)  # mine: never counted
    for theta in (-1.0, 0.0, 1.0):
        AbilityEstimateFactory(area=a1, theta=theta)
    AbilityEstimateFactory(area=a2, theta=-3.0)
    topic_row = AbilityEstimateFactory(area=a1, topic=TopicFactory(area=a1), theta=-5.0)
    assert topic_row.topic_id  # topic estimates are not area results
    counts = per_area(user=me, thetas={a1.pk: 0.0, a2.pk: -3.5})
    assert counts == {a1.pk: {"others": 3, "below": 1, "ties": 1},
                      a2.pk: {"others": 1, "below": 0, "ties": 0}}


# Bank format ---------------------------------------------------------------------------

def test_yaml_per_area_cooldown_and_area_keys_parse_and_bad_values_are_refused():
    good = parse_bank(dedent("""\
        assessments:
          - slug: r
            title: R
            per_area: 5
            cooldown_hours: 24
            draw:
              maths: 1
              git/conflicts: 1
    """))
    assert not good.problems
    a = good.assessments[0]
    assert (a.per_area, a.cooldown_hours, a.draw) == (5, 24, (("maths", 1), ("git/conflicts", 1)))
    bad = parse_bank(dedent("""\
        assessments:
          - slug: r
            title: R
            per_area: -1
            cooldown_hours: "soon"
            draw:
              maths: 1
    """))
    text = " ".join(str(p) for p in bad.problems)
    assert "per_area must be a whole number" in text and "cooldown_hours must be" in text


@pytest.mark.django_db
def test_shipped_readiness_check_draws_five_from_every_area():
    from django.core.management import call_command

    from quizzes.models import Assessment, Topic

    call_command("load_banks", verbosity=0)
    readiness = Assessment.objects.get(slug="ml-engineer-readiness")
    assert readiness.per_area == 5 and readiness.area_id is None
    assert set(readiness.draws.values_list("topic_id", flat=True)) == \
        set(Topic.objects.values_list("pk", flat=True))  # every topic can be sampled
    attempt = attempt_start(user=UserFactory(), assessment=readiness, rng=random.Random(4))
    by_area = Counter(r.question.topic.area.slug for r in
                      attempt.responses.select_related("question__topic__area"))
    assert by_area == {slug: 5 for slug in ("maths", "dsa", "git", "cloud", "production-code",
                                            "command-line")}


@pytest.mark.django_db
def test_an_area_left_blank_has_no_level(client, user):
    # Blanks count as wrong in the estimate, but a level never rests on no answers.
    assessment = cross_area(per_area=5, topics_per_area=(5, 5))
    answered, blank = sorted({d.topic.area_id for d in assessment.draws.select_related("topic")})
    attempt = attempt_start(user=user, assessment=assessment, rng=random.Random(2))
    for r in attempt.responses.select_related("version", "question__topic"):
        if r.question.topic.area_id == answered:
            response_save(attempt=attempt, response=r, answer=right_answer(r))
    attempt = attempt_submit(attempt=attempt)
    results = {r["area_id"]: r for r in attempt.area_results.values()}
    assert results[answered]["evidence"] == 5 and results[blank]["evidence"] == 0
    assert results[blank]["answered"] == 0 and results[blank]["asked"] == 5
    client.force_login(user)
    html = client.get(reverse("quizzes:attempt_result", args=[attempt.pk])).content.decode()
    slug = next(s for s, r in attempt.area_results.items() if r["area_id"] == blank)
    block = html.split(f'id="area-{slug}"')[1].split("</article>")[0]
    assert "Not enough answers yet" in block and "5 questions left blank" in block
    assert "Level " not in block
