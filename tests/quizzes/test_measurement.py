"""IRT 2PL EAP, adaptive choice, stop rule, scaled scores, percentiles. No database."""

import random

import numpy as np
import pytest

from quizzes.levels import Level
from quizzes.measurement import (
    NO_DATA,
    Candidate,
    Estimate,
    ItemParams,
    Observation,
    Standing,
    StopRule,
    choose_next,
    estimate,
    estimated_remaining,
    item_information,
    percentile,
    percentile_of,
    prior_params,
    scaled_score,
    should_stop,
)

PARAMS = [ItemParams(1.0, -1.0), ItemParams(1.5, 0.0), ItemParams(0.8, 1.0),
          ItemParams(2.0, 0.5), ItemParams(1.2, -0.5)]


def obs(pattern, params=PARAMS):
    return [Observation(p, float(x)) for p, x in zip(params, pattern, strict=True)]


def test_estimate_no_observations_is_the_prior():
    assert estimate([]) == NO_DATA == Estimate(0.0, 1.0, 0)


def test_estimate_all_right_is_high_and_all_wrong_is_low():
    high, low = estimate(obs([1] * 5)), estimate(obs([0] * 5))
    assert high.theta > 1.0 and low.theta < -1.0
    assert high.theta == pytest.approx(-low.theta, abs=0.35)
    assert 0 < high.se < 1.0


def test_estimate_se_shrinks_with_more_items():
    few = estimate(obs([1, 0, 1, 0, 1]))
    many = estimate(obs([1, 0, 1, 0, 1] * 6, PARAMS * 6))
    assert many.se < few.se


def test_estimate_partial_credit_lies_between_wrong_and_right():
    base = [Observation(p, 1.0) for p in PARAMS[:4]]
    wrong = estimate([*base, Observation(PARAMS[4], 0.0)]).theta
    half = estimate([*base, Observation(PARAMS[4], 0.5)]).theta
    right = estimate([*base, Observation(PARAMS[4], 1.0)]).theta
    assert wrong < half < right


def test_estimate_hard_items_right_beat_easy_items_right():
    easy = estimate([Observation(ItemParams(1.2, -2.0), 1.0)] * 4)
    hard = estimate([Observation(ItemParams(1.2, 2.0), 1.0)] * 4)
    assert hard.theta > easy.theta


@pytest.mark.parametrize("pattern", [[1, 0, 1, 1, 0], [1, 1, 1, 1, 1], [0, 0, 0, 0, 0],
                                     [0, 1, 0, 1, 0], [1, 1, 0, 0, 0]])
def test_estimate_agrees_with_mirt_eap(pattern):
    """Cross-check against the maintained `mirt` library's EAP scoring, same item
    parameters, standard-normal prior."""
    mirt = pytest.importorskip("mirt")
    rng = np.random.default_rng(0)
    model = mirt.fit_mirt((rng.random((200, len(PARAMS))) < 0.5).astype(int), model="2PL",
                          compute_standard_errors=False).model
    model.set_parameters(discrimination=np.array([p.a for p in PARAMS]),
                         difficulty=np.array([p.b for p in PARAMS]))
    theirs = mirt.fscores(model, np.array([pattern]), method="EAP", n_quadpts=121)
    ours = estimate(obs(pattern))
    assert ours.theta == pytest.approx(float(np.ravel(theirs.theta)[0]), abs=1e-3)
    assert ours.se == pytest.approx(float(np.ravel(theirs.standard_error)[0]), abs=1e-3)


def simulate(n_learners=300, n_items=40, seed=7):
    rng = np.random.default_rng(seed)
    a = rng.uniform(0.8, 2.0, n_items)
    b = rng.normal(0, 1.0, n_items)
    theta = rng.normal(0, 1, n_learners)
    p = 1 / (1 + np.exp(-a * (theta[:, None] - b)))
    x = (rng.random(p.shape) < p).astype(float)
    params = [ItemParams(float(ai), float(bi)) for ai, bi in zip(a, b, strict=True)]
    estimates = [estimate(obs(row, params)) for row in x]
    return theta, estimates


def test_estimates_recover_simulated_abilities_with_honest_intervals():
    theta, estimates = simulate()
    est = np.array([e.theta for e in estimates])
    se = np.array([e.se for e in estimates])
    rmse = float(np.sqrt(np.mean((est - theta) ** 2)))
    coverage = float(np.mean(np.abs(est - theta) <= 1.96 * se))
    assert rmse < 0.40
    assert 0.90 <= coverage <= 0.99
    assert np.corrcoef(est, theta)[0, 1] > 0.9


def test_prior_params_follow_the_tier():
    assert [prior_params(t).b for t in range(1, 6)] == [-2.0, -1.0, 0.0, 1.0, 2.0]
    assert prior_params(3).a == 1.0


def test_item_information_peaks_at_difficulty():
    p = ItemParams(1.5, 0.7)
    assert item_information(p, 0.7) == pytest.approx(1.5**2 / 4)
    assert item_information(p, 0.7) > item_information(p, 2.0)


def test_scaled_score_is_linear_and_clipped():
    assert scaled_score(0) == 500 and scaled_score(1.25) == 625
    assert scaled_score(10) == 900 and scaled_score(-10) == 100


def test_estimate_band_and_levels():
    e = Estimate(theta=0.6, se=0.3, n=10)
    assert e.level == Level.PROFICIENT
    assert e.low == pytest.approx(0.012) and e.high == pytest.approx(1.188)
    assert (e.level_low, e.level_high) == (Level.COMPETENT, Level.PROFICIENT)


def candidates():
    return [Candidate(key=i, params=ItemParams(1.0 + i / 10, (i - 10) / 5),
                      topic="t1" if i % 2 else "t2") for i in range(20)]


def test_choose_next_prefers_the_least_covered_topic():
    rng = random.Random(1)
    for _ in range(20):
        assert choose_next(candidates(), 0.0, {"t1": 3, "t2": 1}, rng).topic == "t2"


def test_choose_next_picks_among_the_most_informative_at_random():
    rng = random.Random(3)
    picked = {choose_next(candidates(), 0.0, {}, rng).key for _ in range(200)}
    assert 2 <= len(picked) <= 5
    best = max(candidates(), key=lambda c: item_information(c.params, 0.0))
    assert best.key in picked


def test_choose_next_follows_theta():
    rng = random.Random(5)
    low = {choose_next(candidates(), -3.0, {}, rng, top_k=1).key for _ in range(5)}
    high = {choose_next(candidates(), 3.0, {}, rng, top_k=1).key for _ in range(5)}
    assert max(low) < min(high)


def test_choose_next_empty_pool_is_none():
    assert choose_next([], 0.0, {}, random.Random(0)) is None


@pytest.mark.parametrize(("n", "se", "available", "stop"), [
    (3, 0.1, 10, False),   # under the minimum, even when precise
    (8, 0.29, 10, True),   # precise enough at the minimum
    (8, 0.31, 10, False),
    (30, 0.9, 10, True),   # maximum length
    (3, 0.9, 0, True),     # pool exhausted
])
def test_should_stop(n, se, available, stop):
    assert should_stop(StopRule(0.30, 8, 30), n, se, available) is stop


def test_estimated_remaining_respects_minimum_and_maximum():
    rule = StopRule(0.30, 8, 30)
    assert estimated_remaining(rule, Estimate(0, 1.0, 0), 0.4) >= 8
    assert estimated_remaining(rule, Estimate(0, 0.25, 10), 0.4) == 0
    assert estimated_remaining(rule, Estimate(0, 0.9, 28), 0.01) == 2
    assert estimated_remaining(rule, Estimate(0, 0.5, 8), 0.4) == 18


def test_percentile_hidden_under_minimum_then_counts_ties_half():
    assert percentile(0.0, [0.1] * 19) is None
    others = [-1.0] * 10 + [0.0] * 4 + [1.0] * 6
    assert percentile(0.0, others) == pytest.approx(100 * (10 + 2) / 20)


def test_percentile_of_counts_agrees_with_percentile_of_values():
    """The database counts (below, tied, total); the result is the same as from values."""
    others = [-1.0] * 10 + [0.0] * 4 + [1.0] * 6
    assert percentile_of(Standing(total=20, below=10, ties=4)) == percentile(0.0, others)
    assert percentile_of(Standing(total=19, below=19, ties=0)) is None

