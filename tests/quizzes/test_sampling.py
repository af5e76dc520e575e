"""Diagnostics draw each topic's questions spread over tier bands (issue 10): the pure
``stratified_sample`` and the attempt start that uses it, unseen questions still first."""

import random
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.sampling import band_of, stratified_sample
from quizzes.services.attempts import attempt_start, attempt_submit
from tests.factories import AreaFactory, AssessmentFactory, QuestionFactory, TopicFactory


def pool(per_tier=2, tiers=(1, 2, 3, 4, 5)):
    return {t: [f"t{t}-{i}" for i in range(per_tier)] for t in tiers}


def tier(item: str) -> int:
    return int(item[1])


@pytest.mark.parametrize("seed", range(30))
def test_three_from_a_full_topic_are_one_low_one_middle_one_high(seed):
    got = stratified_sample(pool(), 3, random.Random(seed))
    assert sorted(band_of(tier(x)) for x in got) == [0, 1, 2]


@pytest.mark.parametrize("seed", range(30))
def test_six_cover_every_tier_and_two_of_each_band(seed):
    got = stratified_sample(pool(per_tier=3), 6, random.Random(seed))
    assert len(set(got)) == 6
    assert Counter(band_of(tier(x)) for x in got) == {0: 2, 1: 2, 2: 2}
    assert {tier(x) for x in got} == {1, 2, 3, 4, 5}


def test_empty_bands_are_skipped_and_the_draw_never_exceeds_the_pool():
    rng = random.Random(0)
    got = stratified_sample(pool(tiers=(4, 5)), 3, rng)
    assert len(got) == 3 and {tier(x) for x in got} == {4, 5}
    assert sorted(stratified_sample(pool(per_tier=1), 9, rng)) == \
        ["t1-0", "t2-0", "t3-0", "t4-0", "t5-0"]
    assert stratified_sample({}, 3, rng) == [] and stratified_sample(pool(), 0, rng) == []


def test_taken_tiers_send_the_rest_where_the_draw_is_thinnest():
    # Low and high already drawn: the next one comes from the middle band.
    for seed in range(10):
        assert stratified_sample(pool(), 1, random.Random(seed), taken_tiers=[1, 5]) \
            in (["t3-0"], ["t3-1"])


def test_the_input_is_not_changed_and_the_draw_is_reproducible():
    candidates = pool()
    before = {t: list(v) for t, v in candidates.items()}
    a = stratified_sample(candidates, 4, random.Random(7))
    assert candidates == before
    assert stratified_sample(candidates, 4, random.Random(7)) == a


# ---- the attempt start ------------------------------------------------------------------

def one_topic_assessment(tiers, count):
    area = AreaFactory()
    topic = TopicFactory(area=area)
    for t in tiers:
        QuestionFactory(topic=topic, version__difficulty=t)
    return AssessmentFactory(area=area, topics=[topic], topics__per_topic=count)


def drawn_tiers(attempt):
    return sorted(attempt.responses.values_list("version__difficulty", flat=True))


@pytest.mark.django_db
def test_a_diagnostic_draws_a_topic_across_low_middle_and_high_tiers(user):
    # 2 questions per tier, 3 drawn: a uniform draw gives one of each band only ~27% of
    # the time, so 12 starts would almost surely show a miss.
    assessment = one_topic_assessment([1, 1, 2, 2, 3, 3, 4, 4, 5, 5], 3)
    for seed in range(12):
        attempt = attempt_start(user=user, assessment=assessment, rng=random.Random(seed))
        assert sorted(band_of(t) for t in drawn_tiers(attempt)) == [0, 1, 2], seed
        attempt.delete()


@pytest.mark.django_db
def test_a_retake_takes_the_unseen_first_and_fills_where_they_left_it_thin(user):
    # Tiers 1-5 once each, 3 drawn. The first attempt takes one per band; the retake takes
    # the 2 unseen ones (a low and a high tier) and fills with the seen middle one.
    assessment = one_topic_assessment([1, 2, 3, 4, 5], 3)
    start = timezone.now() - timedelta(days=2)
    first = attempt_start(user=user, assessment=assessment, now=start, rng=random.Random(4))
    attempt_submit(attempt=first, now=start + timedelta(minutes=5))
    seen = set(first.responses.values_list("question_id", flat=True))
    assert sorted(band_of(t) for t in drawn_tiers(first)) == [0, 1, 2]
    second = attempt_start(user=user, assessment=assessment, now=start + timedelta(days=1),
                           rng=random.Random(4))
    again = set(second.responses.values_list("question_id", flat=True))
    assert len(again - seen) == 2  # every unseen question
    assert sorted(band_of(t) for t in drawn_tiers(second)) == [0, 1, 2]
    assert 3 in drawn_tiers(second)
