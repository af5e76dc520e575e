"""One decision: is a learner below, at, or unsure about a target level, in a topic or an
area? The result page, the dashboard and the recommender all ask this function, so they
cannot disagree (DESIGN.md §5, docs/measurement.md "Decisions").

Pure module: an ability estimate and how many questions stand behind it in, a verdict
out. No ORM.

The rule:
- Too few answered questions behind the estimate: NOT_ENOUGH. No level is claimed.
- Otherwise the posterior probability that the true ability reaches the target's floor,
  P(θ ≥ floor) = Φ((θ̂ − floor) / SE) under the normal approximation of the posterior,
  decides: at least the scope's confidence (``CONFIDENCE_TOPIC`` or ``CONFIDENCE_AREA``)
  → AT; at most 1 − that → BELOW; between → UNSURE ("the evidence does not decide yet").
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

#: How sure the posterior must be before a verdict is "below" or "at" target, per scope.
#: A topic rests on 2–6 answers: at 0.80 a third of the clearly placed topics stayed "not
#: sure yet"; at 0.60 82–85% are placed right and 6–8% wrong on the shipped pools. An area
#: verdict ("job-ready", the dashboard) stays strict. docs/measurement.md "Decisions".
CONFIDENCE_TOPIC = 0.60
CONFIDENCE_AREA = 0.80


#: Hours of study need more than a verdict. A topic below target gets study items only when
#: its evidence also makes it unlikely that the topic is well above the target: P(true
#: ability ≥ the target's floor + STUDY_MARGIN) at most STUDY_DOUBT. Below that bar the
#: first advice is more answers ("confirm first"). On 3 answers a topic at 0.60 "below"
#: was truly half a level or more above the floor about one time in twenty
#: (docs/recommendations.md §8, "False alarms").
STUDY_MARGIN = 0.5
STUDY_DOUBT = 0.05
#: From this many answers in the topic the verdict alone is enough (a diagnostic's five,
#: or three plus a practice set).
STUDY_ANSWERED = 5


def confidence(scope: str = "topic") -> float:
    """The posterior probability a verdict in ``scope`` ("topic" or "area") needs."""
    return CONFIDENCE_AREA if scope == "area" else CONFIDENCE_TOPIC


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


def enough_to_study(theta: float, se: float, answered: int, *,
                    target: Level = JOB_READY) -> bool:
    """A topic the decision places below ``target`` is worth hours of study: its estimate
    leaves at most ``STUDY_DOUBT`` that the true ability is ``STUDY_MARGIN`` or more above
    the target's floor. Otherwise more answers come first."""
    return (answered >= STUDY_ANSWERED
            or p_at_least(theta, se, level_floor(target) + STUDY_MARGIN) <= STUDY_DOUBT)


def decide(theta: float, se: float, answered: int, *, target: Level = JOB_READY,
           scope: str = "topic") -> Verdict:
    """Below / at / unsure about ``target`` for one topic or area estimate."""
    if not has_evidence(answered, scope=scope):
        return Verdict(Standing.NOT_ENOUGH, None)
    p = p_at_least(theta, se, level_floor(target))
    needed = confidence(scope)
    if p >= needed:
        return Verdict(Standing.AT, p)
    if p <= 1.0 - needed:
        return Verdict(Standing.BELOW, p)
    return Verdict(Standing.UNSURE, p)
