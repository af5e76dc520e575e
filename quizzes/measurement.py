"""Measurement: IRT 2PL ability by EAP with its standard error, adaptive item choice,
the stop rule, scaled scores and percentiles (DESIGN.md §5, docs/measurement.md).

Pure: plain dataclasses in and out, numpy for the arithmetic, no ORM.

The model: P(correct | θ) = 1 / (1 + exp(-a (θ - b))). A response with partial credit c
contributes c·log P + (1 − c)·log(1 − P) to the log-likelihood. Ability is the posterior
mean under a standard-normal prior (EAP, by quadrature on a fixed grid); its standard
error is the posterior standard deviation.
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .levels import Level, level_for

# Quadrature: a fixed, fine grid; the prior's weights are precomputed once.
GRID = np.linspace(-6.0, 6.0, 121)
LOG_PRIOR = -0.5 * GRID**2

# Priors for uncalibrated questions, from the authored difficulty tier (1..5).
TIER_DIFFICULTY = {1: -2.0, 2: -1.0, 3: 0.0, 4: 1.0, 5: 2.0}
DEFAULT_DISCRIMINATION = 1.0

# Scaled score: a fixed linear map of θ, clipped to the reported range.
SCALE_CENTRE, SCALE_UNIT, SCALE_MIN, SCALE_MAX = 500, 100, 100, 900

PERCENTILE_MINIMUM = 20  # other learners needed before a percentile is shown
Z95 = 1.96


@dataclass(frozen=True)
class ItemParams:
    a: float  # discrimination
    b: float  # difficulty


def prior_params(difficulty: int) -> ItemParams:
    """The documented prior for a question that has not been calibrated yet."""
    return ItemParams(a=DEFAULT_DISCRIMINATION, b=TIER_DIFFICULTY.get(int(difficulty), 0.0))


@dataclass(frozen=True)
class Observation:
    params: ItemParams
    credit: float  # in [0, 1]; partial credit counts as its fraction


def scaled_score(theta: float) -> int:
    value = round(SCALE_CENTRE + SCALE_UNIT * theta)
    return int(min(SCALE_MAX, max(SCALE_MIN, value)))


@dataclass(frozen=True)
class Estimate:
    theta: float
    se: float
    n: int = 0

    @property
    def level(self) -> Level:
        return level_for(self.theta)

    @property
    def low(self) -> float:
        return self.theta - Z95 * self.se

    @property
    def high(self) -> float:
        return self.theta + Z95 * self.se

    @property
    def level_low(self) -> Level:
        return level_for(self.low)

    @property
    def level_high(self) -> Level:
        return level_for(self.high)

    @property
    def scaled(self) -> int:
        return scaled_score(self.theta)


NO_DATA = Estimate(theta=0.0, se=1.0, n=0)


def _probabilities(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """P(correct) for every item (rows) at every grid point (columns)."""
    return 1.0 / (1.0 + np.exp(-a[:, None] * (GRID[None, :] - b[:, None])))


def estimate(observations: Sequence[Observation]) -> Estimate:
    """EAP ability and posterior SD from the observations (no observations: the prior)."""
    if not observations:
        return NO_DATA
    a = np.fromiter((o.params.a for o in observations), float, len(observations))
    b = np.fromiter((o.params.b for o in observations), float, len(observations))
    c = np.clip(np.fromiter((o.credit for o in observations), float, len(observations)), 0, 1)
    p = np.clip(_probabilities(a, b), 1e-12, 1 - 1e-12)
    log_post = LOG_PRIOR + c @ np.log(p) + (1.0 - c) @ np.log1p(-p)
    weights = np.exp(log_post - log_post.max())
    weights /= weights.sum()
    theta = float(weights @ GRID)
    se = float(math.sqrt(max(weights @ (GRID - theta) ** 2, 1e-12)))
    return Estimate(theta=theta, se=se, n=len(observations))


def item_information(params: ItemParams, theta: float) -> float:
    """Fisher information of a 2PL item at θ: a²·P·(1 − P)."""
    p = 1.0 / (1.0 + math.exp(-params.a * (theta - params.b)))
    return params.a * params.a * p * (1.0 - p)


@dataclass(frozen=True)
class Candidate:
    key: Hashable
    params: ItemParams
    topic: str


def choose_next(candidates: Sequence[Candidate], theta: float, topic_counts: Mapping[str, int],
                rng: random.Random, top_k: int = 5) -> Candidate | None:
    """The next adaptive question.

    Content balance first: only topics with the fewest questions so far are eligible.
    Among their candidates, the ``top_k`` most informative at θ, one chosen at random
    (exposure control: the single best item is not shown to everyone)."""
    if not candidates:
        return None
    fewest = min(topic_counts.get(c.topic, 0) for c in candidates)
    eligible = [c for c in candidates if topic_counts.get(c.topic, 0) == fewest]
    a = np.array([c.params.a for c in eligible])
    b = np.array([c.params.b for c in eligible])
    p = 1.0 / (1.0 + np.exp(-a * (theta - b)))
    info = a * a * p * (1.0 - p)
    best = np.argsort(-info, kind="stable")[:top_k]
    return eligible[int(rng.choice(list(best)))]


@dataclass(frozen=True)
class StopRule:
    se_target: float = 0.30
    min_items: int = 8
    max_items: int = 30


def should_stop(rule: StopRule, n_answered: int, se: float, n_available: int) -> bool:
    """Stop at the maximum length or once SE <= target, never before the minimum unless
    the pool has run out."""
    if n_available <= 0 or n_answered >= rule.max_items:
        return True
    if n_answered < rule.min_items:
        return False
    return se <= rule.se_target


def estimated_remaining(rule: StopRule, current: Estimate, info_per_item: float) -> int:
    """About how many more questions until the stop rule: the k for which
    1/sqrt(1/se² + k·info) reaches the target, within the minimum and maximum length."""
    left_to_max = max(0, rule.max_items - current.n)
    left_to_min = max(0, rule.min_items - current.n)
    if info_per_item <= 0:
        return left_to_max
    needed = (1.0 / rule.se_target**2 - 1.0 / current.se**2) / info_per_item
    k = max(0, math.ceil(needed))
    return max(left_to_min, min(k, left_to_max))


def percentile(theta: float, others: Sequence[float],
               minimum: int = PERCENTILE_MINIMUM) -> float | None:
    """Percent of other learners below θ (ties count half); None until ``minimum`` exist."""
    values = np.asarray(others, float)
    return percentile_of(Standing(total=len(values), below=int(np.sum(values < theta)),
                                  ties=int(np.sum(values == theta))), minimum)


@dataclass(frozen=True)
class Standing:
    """Other learners counted against one θ (the database counts them)."""

    total: int
    below: int
    ties: int


def percentile_of(standing: Standing, minimum: int = PERCENTILE_MINIMUM) -> float | None:
    """``percentile`` from counts: percent below (ties count half); None until
    ``minimum`` other learners exist."""
    if standing.total < minimum:
        return None
    return 100.0 * (standing.below + 0.5 * standing.ties) / standing.total
