"""One decision: is a learner below, at, or unsure about a target level, in a topic or an
area? The result page, the dashboard and the recommender all ask this function, so they
cannot disagree (DESIGN.md §5, docs/measurement.md "Decisions").

Pure module: an ability estimate and how many questions stand behind it in, a verdict
out. No ORM.

The rule:
- Too few answered questions behind the estimate: NOT_ENOUGH. No level is claimed.
- Otherwise the posterior probability that the true ability reaches the target's floor,
  P(θ ≥ floor) = Φ((θ̂ − floor) / SE) under the normal approximation of the posterior,
  decides: at least ``CONFIDENCE`` → AT; at most ``1 − CONFIDENCE`` → BELOW; between →
  UNSURE ("the evidence does not decide yet").
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from .levels import JOB_READY, Level, level_floor

#: Fewest answered questions before a topic or an area is given a level or a verdict.
#: A question answered "I don't know" counts as answered (an honest wrong answer); a
#: question left blank does not.
MIN_ANSWERED_TOPIC = 2
MIN_ANSWERED_AREA = 5

#: How sure the posterior must be before a verdict is "below" or "at" target. (0.60 would
#: place more topics on the shipped pools, but it lets an area "at target" at 72% hide a
#: topic answered 0 of 6 in the recommender: docs/measurement.md "Decisions".)
CONFIDENCE = 0.80


class Standing(StrEnum):
    NOT_ENOUGH = "not-enough"
    BELOW = "below"
    UNSURE = "unsure"
    AT = "at"

    @property
    def label(self) -> str:
        return {
            Standing.NOT_ENOUGH: "Not enough answers yet",
            Standing.BELOW: "Below target",
            Standing.UNSURE: "Not sure yet",
            Standing.AT: "At target",
        }[self]


@dataclass(frozen=True)
class Verdict:
    standing: Standing
    #: P(true ability ≥ the target's floor); None when there is not enough evidence.
    p_at_target: float | None


def has_evidence(answered: int, *, scope: str = "topic") -> bool:
    """Enough answered questions to claim a level in a topic (``scope="topic"``) or an
    area (``scope="area"``)."""
    minimum = MIN_ANSWERED_AREA if scope == "area" else MIN_ANSWERED_TOPIC
    return answered >= minimum


def p_at_least(theta: float, se: float, floor: float) -> float:
    """P(true ability ≥ floor) under a normal posterior N(θ̂, SE²)."""
    if math.isinf(floor):
        return 1.0 if floor < 0 else 0.0
    z = (theta - floor) / max(se, 1e-9)
    return 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))


def decide(theta: float, se: float, answered: int, *, target: Level = JOB_READY,
           scope: str = "topic") -> Verdict:
    """Below / at / unsure about ``target`` for one topic or area estimate."""
    if not has_evidence(answered, scope=scope):
        return Verdict(Standing.NOT_ENOUGH, None)
    p = p_at_least(theta, se, level_floor(target))
    if p >= CONFIDENCE:
        return Verdict(Standing.AT, p)
    if p <= 1.0 - CONFIDENCE:
        return Verdict(Standing.BELOW, p)
    return Verdict(Standing.UNSURE, p)
