"""Calibration recovers known 2PL parameters from sparse data and keeps priors where the
data cannot support an estimate. Pure: no database."""

import numpy as np

from quizzes.calibration import calibrate, calibrate_by_area


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


def simulate_areas(n_learners=2000, n_areas=5, per_area=6, rho=0.3, guessing=None, seed=7):
    """Learners with one ability per area, correlated ``rho`` between areas; each item
    measures its own area's ability (2PL, or 3PL with the given lower asymptotes)."""
    rng = np.random.default_rng(seed)
    cov = np.full((n_areas, n_areas), rho)
    np.fill_diagonal(cov, 1.0)
    theta = rng.multivariate_normal(np.zeros(n_areas), cov, size=n_learners)
    n_items = n_areas * per_area
    a = rng.uniform(0.8, 2.0, n_items)
    b = rng.uniform(-1.5, 1.5, n_items)
    area = np.repeat(np.arange(n_areas), per_area)
    c = np.zeros(n_items) if guessing is None else np.asarray(guessing)
    p = c + (1 - c) / (1 + np.exp(-a * (theta[:, area] - b)))
    return (rng.random(p.shape) < p).astype(float), a, b, [f"area-{k}" for k in area]


def rmse(estimate, truth):
    return float(np.sqrt(np.mean((np.asarray(estimate) - truth) ** 2)))


def test_per_area_fit_recovers_parameters_when_areas_correlate_0_3():
    credits, a, b, areas = simulate_areas()
    items = calibrate_by_area(credits, areas, min_responses=50)
    assert rmse([i.a for i in items], a) <= 0.15
    assert rmse([i.b for i in items], b) <= 0.15
    assert {i.c for i in items} == {0.0}


def test_one_fit_across_areas_shrinks_discrimination_and_stretches_difficulty():
    # The old calibration: the same data pooled into one unidimensional fit.
    credits, a, b, _ = simulate_areas()
    pooled = calibrate(credits, min_responses=50)
    est_a = np.array([i.a for i in pooled])
    est_b = np.array([i.b for i in pooled])
    assert np.mean(est_a / a) < 0.7          # discrimination shrinks (about 0.55×)
    assert np.polyfit(b, est_b, 1)[0] > 1.3  # difficulty stretches (about 1.5×)
    assert rmse(est_a, a) > 0.15 and rmse(est_b, b) > 0.15


def test_fixed_guessing_is_held_and_recovers_difficulty():
    guessing = np.tile([0.25, 0.25, 0.5, 0.0, 0.0, 0.0], 5)
    credits, a, b, areas = simulate_areas(guessing=guessing, seed=11)
    items = calibrate_by_area(credits, areas, guessing=guessing, min_responses=50)
    assert [i.c for i in items] == list(guessing)
    assert rmse([i.b for i in items], b) <= 0.15
    assert rmse([i.a for i in items], a) <= 0.25
    # Ignoring chance success misplaces the guessable items' difficulty.
    as_2pl = calibrate_by_area(credits, areas, min_responses=50)
    guessable = guessing > 0
    assert (rmse(np.array([i.b for i in as_2pl])[guessable], b[guessable])
            > 2 * rmse(np.array([i.b for i in items])[guessable], b[guessable]))


def test_quadrature_uses_at_least_41_points(monkeypatch):
    import mirt

    seen = {}
    real = mirt.fit_mirt

    def spy(*args, **kwargs):
        seen.update(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(mirt, "fit_mirt", spy)
    credits, _, _, areas = simulate_areas(n_learners=300, n_areas=1, per_area=4)
    calibrate_by_area(credits, areas, min_responses=50)
    assert seen["n_quadpts"] >= 41


def test_bad_guessing_values_are_refused():
    import pytest

    credits, _, _, areas = simulate_areas(n_learners=100, n_areas=1, per_area=3)
    with pytest.raises(ValueError, match="guessing"):
        calibrate(credits, guessing=[0.5, 1.0, 0.0])
    with pytest.raises(ValueError, match="one area per column"):
        calibrate_by_area(credits, areas[:2])
