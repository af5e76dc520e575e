"""The shared below/at/unsure decision (pure, no database)."""

from statistics import NormalDist

import pytest

from quizzes import standing
from quizzes.levels import JOB_READY, Level, level_floor
from quizzes.standing import (
    CONFIDENCE_AREA,
    CONFIDENCE_TOPIC,
    MIN_ANSWERED_AREA,
    MIN_ANSWERED_TOPIC,
    Standing,
    decide,
    has_evidence,
    p_at_least,
)


def test_has_evidence_topic_needs_minimum_answered():
    assert not has_evidence(MIN_ANSWERED_TOPIC - 1)
    assert has_evidence(MIN_ANSWERED_TOPIC)


def test_has_evidence_area_needs_more_than_a_topic():
    assert MIN_ANSWERED_AREA > MIN_ANSWERED_TOPIC
    assert not has_evidence(MIN_ANSWERED_AREA - 1, scope="area")
    assert has_evidence(MIN_ANSWERED_AREA, scope="area")


def test_decide_zero_answered_claims_nothing_even_with_a_high_estimate():
    verdict = decide(2.0, 0.2, 0)
    assert verdict.standing is Standing.NOT_ENOUGH
    assert verdict.p_at_target is None


@pytest.mark.parametrize(
    ("theta", "se", "expected"),
    [
        (1.5, 0.3, Standing.AT),       # well above the Proficient floor (0.5)
        (-0.5, 0.3, Standing.BELOW),   # well below
        (0.5, 0.3, Standing.UNSURE),   # on the floor: a coin toss
        (0.7, 1.0, Standing.UNSURE),   # above, but the estimate is too vague
    ],
)
def test_decide_uses_posterior_probability_of_reaching_the_target(theta, se, expected):
    assert decide(theta, se, 10).standing is expected


@pytest.mark.parametrize(("scope", "confidence"),
                         [("topic", CONFIDENCE_TOPIC), ("area", CONFIDENCE_AREA)])
def test_decide_threshold_is_the_documented_confidence_per_scope(scope, confidence):
    floor = level_floor(Level.PROFICIENT)
    se = 0.4
    z = NormalDist().inv_cdf(confidence)
    assert decide(floor + z * se + 1e-6, se, 10, scope=scope).standing is Standing.AT
    assert decide(floor + z * se - 1e-3, se, 10, scope=scope).standing is Standing.UNSURE
    assert decide(floor - z * se - 1e-6, se, 10, scope=scope).standing is Standing.BELOW
    assert decide(floor - z * se + 1e-3, se, 10, scope=scope).standing is Standing.UNSURE


def test_an_area_verdict_needs_more_certainty_than_a_topic_verdict():
    """P(at target) = 0.75: enough for a topic "at target", not for an area."""
    assert CONFIDENCE_TOPIC < 0.75 < CONFIDENCE_AREA
    se = 0.4
    theta = level_floor(Level.PROFICIENT) + NormalDist().inv_cdf(0.75) * se
    assert decide(theta, se, 10, scope="topic").standing is Standing.AT
    assert decide(theta, se, 10, scope="area").standing is Standing.UNSURE
    below = level_floor(Level.PROFICIENT) - NormalDist().inv_cdf(0.75) * se
    assert decide(below, se, 10, scope="topic").standing is Standing.BELOW
    assert decide(below, se, 10, scope="area").standing is Standing.UNSURE


def test_decide_lower_target_changes_the_verdict():
    assert decide(0.0, 0.3, 10).standing is Standing.BELOW
    assert decide(0.0, 0.3, 10, target=Level.EMERGING).standing is Standing.AT


def test_p_at_least_novice_floor_is_certain():
    assert p_at_least(-5.0, 1.0, level_floor(Level.NOVICE)) == 1.0


def test_enough_to_study_needs_the_topic_unlikely_to_be_well_above_the_target():
    """P(θ ≥ floor + STUDY_MARGIN) at most STUDY_DOUBT, or STUDY_ANSWERED answers."""
    floor = level_floor(JOB_READY)
    # 1.645 SE under floor + margin: P = 0.05, the bar itself.
    at_bar = floor + standing.STUDY_MARGIN - 1.6449 * 0.5
    assert standing.enough_to_study(at_bar, 0.5, 3)
    assert not standing.enough_to_study(at_bar + 0.05, 0.5, 3)
    assert standing.enough_to_study(at_bar + 0.05, 0.5, standing.STUDY_ANSWERED)
