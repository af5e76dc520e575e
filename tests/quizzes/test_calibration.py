"""Calibration recovers known 2PL parameters from sparse data and keeps priors where the
data cannot support an estimate. Pure: no database."""

import numpy as np

from quizzes.calibration import calibrate


def simulate(n_learners, n_items, observed, seed=1):
    rng = np.random.default_rng(seed)
    theta = rng.normal(size=n_learners)
    a = rng.uniform(0.7, 2.0, n_items)
    b = rng.normal(0, 1, n_items)
    p = 1 / (1 + np.exp(-a * (theta[:, None] - b)))
    credits = (rng.random((n_learners, n_items)) < p).astype(float)
    credits[rng.random(credits.shape) > observed] = np.nan
    return credits, a, b


def test_recovers_difficulty_and_discrimination_from_sparse_responses():
    credits, a, b = simulate(3000, 20, observed=0.4)
    items = calibrate(credits, min_responses=50)
    assert all(item is not None for item in items)
    est_b = np.array([i.b for i in items])
    est_a = np.array([i.a for i in items])
    assert np.corrcoef(est_b, b)[0, 1] > 0.97
    assert np.corrcoef(est_a, a)[0, 1] > 0.8
    assert np.sqrt(np.mean((est_b - b) ** 2)) < 0.25
    assert all(i.se_b is not None and 0 < i.se_b < 1 for i in items)
    assert [i.n for i in items] == list((~np.isnan(credits)).sum(axis=0))


def test_items_below_the_minimum_or_without_variation_keep_their_prior():
    credits, _, _ = simulate(600, 6, observed=0.9)
    credits[:, 0] = np.nan
    credits[:10, 0] = 1.0             # too few responses
    credits[:, 1] = np.where(np.isnan(credits[:, 1]), np.nan, 1.0)  # everyone right
    items = calibrate(credits, min_responses=50)
    assert items[0] is None and items[1] is None
    assert all(item is not None for item in items[2:])


def test_partial_credit_counts_as_correct_from_one_half():
    credits, _, _ = simulate(2000, 8, observed=0.8, seed=3)
    halves = np.where(credits == 1.0, 0.5, credits)   # same pattern, half credit
    full, half = calibrate(credits), calibrate(halves)
    assert [round(i.b, 6) for i in full] == [round(i.b, 6) for i in half]


def test_nothing_to_fit_returns_all_none_and_reports_progress():
    messages = []
    items = calibrate(np.full((5, 3), np.nan), min_responses=1, progress=messages.append)
    assert items == [None, None, None]
    assert messages and "0 of 3" in messages[0]
