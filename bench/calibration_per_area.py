"""Per-area calibration at the shipped scale (simulated): 2,000 learners, 5 areas of 45
questions, area abilities correlated 0.3, 40% of cells observed, half the questions
guessable (c = 0.25 or 0.5, held fixed). Prints the fit time and parameter recovery
(figures in docs/measurement.md "Calibration").

    PYTHONPATH=. .venv/bin/python bench/calibration_per_area.py
"""

import time

import numpy as np

from quizzes.calibration import calibrate_by_area


def rmse(estimate: np.ndarray, truth: np.ndarray) -> float:
    return float(np.sqrt(np.mean((estimate - truth) ** 2)))


def main(n_learners: int = 2000, n_areas: int = 5, per_area: int = 45, seed: int = 3) -> None:
    rng = np.random.default_rng(seed)
    cov = np.full((n_areas, n_areas), 0.3)
    np.fill_diagonal(cov, 1.0)
    theta = rng.multivariate_normal(np.zeros(n_areas), cov, size=n_learners)
    n_items = n_areas * per_area
    a = rng.uniform(0.8, 2.0, n_items)
    b = rng.uniform(-2, 2, n_items)
    area = np.repeat(np.arange(n_areas), per_area)
    c = np.where(rng.random(n_items) < 0.5, rng.choice([0.25, 0.5], n_items), 0.0)
    p = c + (1 - c) / (1 + np.exp(-a * (theta[:, area] - b)))
    credits = (rng.random(p.shape) < p).astype(float)
    credits[rng.random(credits.shape) > 0.4] = np.nan
    started = time.perf_counter()
    items = calibrate_by_area(credits, list(area), guessing=c)
    print(f"seconds {time.perf_counter() - started:.1f}")
    est_a = np.array([i.a for i in items])
    est_b = np.array([i.b for i in items])
    plain = c == 0
    print(f"all questions: RMSE a {rmse(est_a, a):.3f}, b {rmse(est_b, b):.3f}")
    print(f"2PL questions: RMSE a {rmse(est_a[plain], a[plain]):.3f}, "
          f"b {rmse(est_b[plain], b[plain]):.3f}")


if __name__ == "__main__":
    main()
