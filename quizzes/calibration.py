"""Calibrate 2PL item parameters from a learners x questions matrix of credits.

Pure (numpy in, dataclasses out; no ORM). The fit is done by the maintained ``mirt``
library (marginal maximum likelihood by EM, missing cells allowed); this module only
prepares the matrix, chooses which items can be calibrated and guards the results.

- A cell is a learner's credit on a question in [0, 1], ``nan`` when not answered.
  The 2PL model is dichotomous, so credit >= 0.5 counts as correct for calibration
  (scoring still uses the fraction itself, see ``quizzes.measurement``).
- An item is calibrated only with at least ``min_responses`` answers and both correct
  and incorrect ones; otherwise it keeps its tier prior (``None`` is returned for it).
- Estimates are clipped to a plausible range (a in [0.2, 4], b in [-4, 4]) so one odd
  item cannot dominate adaptive selection.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

A_RANGE = (0.2, 4.0)
B_RANGE = (-4.0, 4.0)


@dataclass(frozen=True)
class CalibratedItem:
    a: float
    b: float
    se_a: float | None
    se_b: float | None
    n: int


def calibrate(credits: np.ndarray, *, min_responses: int = 50,
              progress: Callable[[str], None] | None = None) -> list[CalibratedItem | None]:
    """One result per column of ``credits``: calibrated parameters, or None (keep prior)."""
    import mirt  # heavy import, only for the batch job

    say = progress or (lambda _msg: None)
    credits = np.asarray(credits, dtype=float)
    observed = ~np.isnan(credits)
    n_per_item = observed.sum(axis=0)
    correct = np.where(observed, credits >= 0.5, False)
    n_correct = correct.sum(axis=0)
    usable = (n_per_item >= min_responses) & (n_correct > 0) & (n_correct < n_per_item)
    results: list[CalibratedItem | None] = [None] * credits.shape[1]
    columns = np.flatnonzero(usable)
    say(f"{len(columns)} of {credits.shape[1]} questions have enough varied responses")
    if len(columns) < 2:
        return results
    data = np.where(observed[:, columns], correct[:, columns].astype(float), np.nan)
    rows = (~np.isnan(data)).sum(axis=1) > 0
    data = data[rows]
    say(f"fitting 2PL on {data.shape[0]} learners x {data.shape[1]} questions")
    fit = mirt.fit_mirt(data, model="2PL")
    say(f"EM {'converged' if fit.converged else 'stopped'} after {fit.n_iterations} iterations")
    a = np.clip(np.ravel(fit.model.discrimination), *A_RANGE)
    b = np.clip(np.ravel(fit.model.difficulty), *B_RANGE)
    se = fit.standard_errors or {}
    se_a = np.ravel(se.get("discrimination", np.full(len(columns), np.nan)))
    se_b = np.ravel(se.get("difficulty", np.full(len(columns), np.nan)))
    for k, j in enumerate(columns):
        results[j] = CalibratedItem(a=float(a[k]), b=float(b[k]),
                                    se_a=_finite(se_a[k]), se_b=_finite(se_b[k]),
                                    n=int(n_per_item[j]))
    return results


def _finite(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None
