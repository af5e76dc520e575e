"""IRT EAP (3PL with a fixed asymptote, "I don't know"), topic estimates, adaptive
choice, stop rule, simulated lengths, scaled scores, percentiles. No database."""

import random

import numpy as np
import pytest

from quizzes import grading
from quizzes.levels import Level
from quizzes.measurement import (
    NO_DATA,
    PRIOR_SD,
    TOPIC_TAU,
    Candidate,
    Estimate,
    ItemParams,
    LengthStats,
    Observation,
    Standing,
    StopRule,
    adaptive_rule,
    chance_credit,
    choose_next,
    estimate,
    estimate_area,
    estimate_topics,
    item_information,
    length_claim,
    percentile,
    percentile_of,
    prior_params,
    probability,
    remaining_from_lengths,
    scaled_score,
    should_stop,
    simulate_lengths,
)

PARAMS = [ItemParams(1.0, -1.0), ItemParams(1.5, 0.0), ItemParams(0.8, 1.0),
          ItemParams(2.0, 0.5), ItemParams(1.2, -0.5)]


def obs(pattern, params=PARAMS):
    return [Observation(p, float(x)) for p, x in zip(params, pattern, strict=True)]


def test_estimate_no_observations_is_the_prior():
    assert estimate([]) == NO_DATA == Estimate(0.0, PRIOR_SD, 0)


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
    ours = estimate(obs(pattern), prior_sd=1.0)
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


def test_percentile_hidden_under_minimum_then_counts_ties_half():
    assert percentile(0.0, [0.1] * 19) is None
    others = [-1.0] * 10 + [0.0] * 4 + [1.0] * 6
    assert percentile(0.0, others) == pytest.approx(100 * (10 + 2) / 20)


def test_percentile_of_counts_agrees_with_percentile_of_values():
    """The database counts (below, tied, total); the result is the same as from values."""
    others = [-1.0] * 10 + [0.0] * 4 + [1.0] * 6
    assert percentile_of(Standing(total=20, below=10, ties=4)) == percentile(0.0, others)
    assert percentile_of(Standing(total=19, below=19, ties=0)) is None


# --- Guessing: a 3PL with the asymptote fixed by the kind, and "I don't know" ---------

def _key(kind, fractions, **data):
    choices = tuple(grading.ChoiceKey(i, f) for i, f in enumerate(fractions))
    return grading.key_from_data(kind, choices, data)


def test_chance_credit_is_one_over_options_for_single_choice_and_true_false():
    assert chance_credit(_key("single", [1, 0, 0, 0])) == pytest.approx(0.25)
    assert chance_credit(_key("single", [1, 0, 0])) == pytest.approx(1 / 3)
    assert chance_credit(_key("truefalse", [1, 0])) == pytest.approx(0.5)


def test_chance_credit_is_small_or_zero_for_the_other_kinds():
    select_all = chance_credit(_key("multiple", [1 / 3, 1 / 3, 1 / 3, -0.5, -0.5]))
    assert 0.1 < select_all < 0.25  # wrong picks cost: a blind guess earns little
    assert chance_credit(_key("ordering", [1, 1, 1, 1], partial_credit=True)) == 0.25
    assert chance_credit(_key("ordering", [1, 1, 1, 1])) == pytest.approx(1 / 24)
    assert chance_credit(grading.AnswerKey(kind="numeric", answer=3.0)) == 0.0
    assert chance_credit(grading.AnswerKey(kind="text", accepted=("x",))) == 0.0


def test_probability_has_the_fixed_lower_asymptote_except_for_dont_know():
    item = ItemParams(1.0, 0.0, c=0.25)
    assert probability(item, -6.0) == pytest.approx(0.25, abs=0.01)
    assert probability(item, 0.0) == pytest.approx(0.25 + 0.75 * 0.5)
    assert probability(item, -6.0, dont_know=True) == pytest.approx(0.0, abs=0.01)


def test_right_answers_on_guessable_items_count_less_than_on_open_ones():
    """A right answer to a four-option question may be luck; a right number is not."""
    wrongs = [Observation(ItemParams(1.0, 0.0), 0.0)] * 2
    guessable = estimate([*wrongs, *[Observation(ItemParams(1.0, 1.0, c=0.25), 1.0)] * 3])
    open_ = estimate([*wrongs, *[Observation(ItemParams(1.0, 1.0), 1.0)] * 3])
    assert guessable.theta < open_.theta - 0.1


def test_dont_know_is_scored_without_the_asymptote():
    """"I don't know" is a wrong answer with no lucky guess possible: its likelihood is
    1 − P₂PL, exactly that of a wrong answer to an item without an asymptote."""
    item = ItemParams(1.0, 0.0, c=0.25)
    right = [Observation(ItemParams(1.0, 0.0), 1.0)] * 3
    idk = estimate([*right, Observation(item, 0.0, dont_know=True)])
    plain = estimate([*right, Observation(ItemParams(1.0, 0.0), 0.0)])
    assert idk.theta == pytest.approx(plain.theta, abs=1e-9)
    assert idk.se == pytest.approx(plain.se, abs=1e-9)


def _three_pl(items, answers, share):
    """The plain 3PL (``share`` 1) or a 2PL (``share`` 0) estimate, by hand on the grid."""
    from quizzes.measurement import GRID, LOG_PRIOR

    log_post = LOG_PRIOR.copy()
    for p, (x, _) in zip(items, answers, strict=True):
        pr = np.array([probability(ItemParams(p.a, p.b, p.c * share), t) for t in GRID])
        log_post += x * np.log(pr) + (1 - x) * np.log1p(-pr)
    w = np.exp(log_post - log_post.max())
    return float(w @ GRID / w.sum())


def test_honest_learners_are_not_marked_down_for_their_right_answers():
    """A learner who says "I don't know" whenever they do not know is right only when
    they know: their right answers are discounted as luck much less than the plain 3PL
    would (which assumes every learner guesses)."""
    items = [ItemParams(1.0, b, c=0.25) for b in (-1.0, 0.0, 1.0, 0.5, -0.5, 1.5, 0.0, 1.0)]
    answers = [(1.0, False), (1.0, False), (0.0, True), (1.0, False), (1.0, False),
               (0.0, True), (0.0, True), (1.0, False)]
    honest = estimate([Observation(p, x, dont_know=d) for p, (x, d) in zip(items, answers,
                                                                            strict=True)])
    plain_3pl, no_guessing = _three_pl(items, answers, 1.0), _three_pl(items, answers, 0.0)
    assert plain_3pl < honest.theta <= no_guessing
    assert no_guessing - honest.theta < 0.5 * (no_guessing - plain_3pl)


def test_guessing_learners_coverage_on_a_simulated_choice_bank():
    """Seeded, small: learners who guess on 4-option items they do not know are still
    covered by the 95% interval about 95% of the time (the 2PL gave ~80%)."""
    rng = np.random.default_rng(11)
    bs = np.tile([-2.0, -1.0, -1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 2.0], 3)
    items = [ItemParams(1.0, float(b), c=0.25) for b in bs]
    covered, errors = [], []
    for theta in rng.normal(0, 1, 400):
        knows = rng.random(len(bs)) < 1 / (1 + np.exp(-(theta - bs)))
        lucky = rng.random(len(bs)) < 0.25
        est = estimate([Observation(p, float(k or g)) for p, k, g in
                        zip(items, knows, lucky, strict=True)])
        covered.append(abs(est.theta - theta) <= 1.96 * est.se)
        errors.append(est.theta - theta)
    assert np.mean(covered) >= 0.93
    assert abs(np.mean(errors)) < 0.1


# --- Topic estimates informed by the area --------------------------------------------

def _topic(pattern, b=0.0):
    return [Observation(ItemParams(1.0, b), float(x)) for x in pattern]


def test_topic_estimates_follow_the_area_and_their_own_answers():
    """A strong learner (5 other topics all right) who misses a whole topic is placed
    below their area in it; the same topic all right is placed above."""
    others = {f"t{i}": _topic([1, 1, 1, 1]) for i in range(5)}
    missed = estimate_topics({**others, "x": _topic([0] * 6)})["x"]
    aced = estimate_topics({**others, "x": _topic([1] * 6)})["x"]
    area = estimate_area(others)
    assert missed.theta < area.theta < aced.theta
    # With a flat N(0, 1) topic prior, 0/6 was pulled to the middle of ALL learners
    # regardless of the area; here it depends on the area.
    weak_others = {f"t{i}": _topic([0, 0, 0, 0]) for i in range(5)}
    missed_weak = estimate_topics({**weak_others, "x": _topic([0] * 6)})["x"]
    assert missed_weak.theta < missed.theta - 0.5


def test_topic_estimate_does_not_count_its_own_answers_twice():
    """With one topic only, the prior is the area's N(0, PRIOR_SD² + τ²): the topic's own
    answers enter once."""
    only = estimate_topics({"x": _topic([1, 0, 1])})["x"]
    direct = estimate(_topic([1, 0, 1]), prior_sd=float(np.sqrt(PRIOR_SD**2 + TOPIC_TAU**2)))
    assert only.theta == pytest.approx(direct.theta, abs=0.01)
    assert only.se == pytest.approx(direct.se, abs=0.01)


def test_topic_with_no_answers_gets_the_area_estimate_widened():
    others = {f"t{i}": _topic([1, 1, 0, 1]) for i in range(4)}
    topics = estimate_topics({**others, "empty": []})
    area = estimate_area(others)
    assert topics["empty"].theta == pytest.approx(area.theta, abs=0.02)
    assert topics["empty"].se > area.se


# --- The adaptive stop rule and what learners are told about length ------------------

def _pool(n=45, topics=5):
    tiers = [-2.0, -1.0, -1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 2.0]
    return [Candidate(i, ItemParams(1.0, tiers[i % 9], c=[0.0, 0.25][i % 2]), f"t{i % topics}")
            for i in range(n)]


def test_adaptive_rule_limits_length_to_the_draw_total():
    assert adaptive_rule(20).max_items == 20
    assert adaptive_rule(100).max_items == 30
    assert adaptive_rule(6).min_items == 6


def test_stop_rule_reaches_its_precision_before_the_maximum_on_a_calibrated_pool():
    """With well-discriminating questions the rule stops early: the median simulated
    length is well under the maximum (the old rule, SE ≤ 0.30, never stopped)."""
    pool = [Candidate(i, ItemParams(2.0, b), f"t{i % 4}")
            for i, b in enumerate(np.linspace(-2.5, 2.5, 80))]
    stats = simulate_lengths(pool, adaptive_rule(20), learners=40, seed=1)
    assert stats.median < 20
    assert stats.median >= adaptive_rule(20).min_items


def test_length_claim_is_computed_from_the_simulation():
    assert length_claim(LengthStats(13, 17, 20, 100)) == (
        "Usually about 13 questions, at most 17 for 9 learners in 10 (simulated with the "
        "current question data).")
    assert "usually asks all 20 questions" in length_claim(LengthStats(20, 20, 20, 100))
    assert "some learners get all 20" in length_claim(LengthStats(16, 20, 20, 100))
    assert length_claim(None) == ""


def test_remaining_follows_the_simulated_lengths():
    rule = adaptive_rule(20)
    stats = LengthStats(13, 17, 20, 100)
    assert remaining_from_lengths(stats, rule, 0) == 13
    assert remaining_from_lengths(stats, rule, 12) == 1
    assert remaining_from_lengths(stats, rule, 14) == 3
    assert remaining_from_lengths(stats, rule, 18) == 2
    assert remaining_from_lengths(None, rule, 5) == 15


def test_simulated_lengths_on_a_tier_prior_pool_are_within_limits():
    stats = simulate_lengths(_pool(), adaptive_rule(20), learners=20, seed=3)
    assert 10 <= stats.median <= stats.p90 <= 20
