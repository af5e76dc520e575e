"""What a learner is told about an estimate (pure: no database)."""

import pytest

from quizzes import measurement
from quizzes.levels import COMPETENT_FROM, EMERGING_FROM, EXPERT_FROM, PROFICIENT_FROM, Level
from quizzes.reporting import count_answers, level_range, read, shown_level
from quizzes.standing import MIN_ANSWERED_AREA, MIN_ANSWERED_TOPIC, Standing

CUTS = [(EMERGING_FROM, Level.EMERGING), (COMPETENT_FROM, Level.COMPETENT),
        (PROFICIENT_FROM, Level.PROFICIENT), (EXPERT_FROM, Level.EXPERT)]


def level_of_scaled(scaled: int) -> Level:
    """Independent of the code under test: the documented scaled cut points."""
    if scaled >= 650:
        return Level.EXPERT
    if scaled >= 550:
        return Level.PROFICIENT
    if scaled >= 450:
        return Level.COMPETENT
    if scaled >= 350:
        return Level.EMERGING
    return Level.NOVICE


@pytest.mark.parametrize(("cut", "level"), CUTS)
@pytest.mark.parametrize("offset", [-0.005, 0.0, 0.005])
def test_level_and_scaled_score_agree_at_every_cut(cut, level, offset):
    theta = cut + offset
    reading = read(theta, 0.2, 40, scope="area")
    assert reading.level == level_of_scaled(reading.scaled)
    assert shown_level(theta) == level_of_scaled(measurement.scaled_score(theta))
    # The range's ends follow the same rule.
    assert reading.level_low == level_of_scaled(reading.scaled_low)
    assert reading.level_high == level_of_scaled(reading.scaled_high)


def test_level_sits_on_the_cut_exactly():
    assert shown_level(PROFICIENT_FROM) == Level.PROFICIENT
    assert shown_level(PROFICIENT_FROM - 0.006) == Level.COMPETENT  # shows 549


@pytest.mark.parametrize("answered", range(MIN_ANSWERED_TOPIC))
def test_topic_without_enough_answers_has_no_level(answered):
    reading = read(0.0, 0.9, answered, scope="topic")
    assert not reading.has_level
    assert reading.standing == Standing.NOT_ENOUGH
    assert reading.level is None and reading.scaled is None and reading.range_label == ""
    assert reading.headline == "Not enough answers yet"
    assert reading.tone == "not-enough"


def test_zero_answered_area_never_claims_a_level():
    for theta in (-2.0, 0.0, 0.7, 2.0):
        reading = read(theta, 0.9, 0, scope="area")
        assert reading.level is None and reading.headline == "Not enough answers yet"
    assert not read(0.0, 0.5, MIN_ANSWERED_AREA - 1, scope="area").has_level
    assert read(0.0, 0.5, MIN_ANSWERED_AREA, scope="area").has_level


def test_never_measured_reads_as_not_enough():
    assert not read(None, None, 0).has_level


def test_range_is_the_95_percent_interval_in_levels():
    reading = read(-1.0, 0.4, 10, scope="area")  # 95%: -1.78 to -0.22
    assert reading.level == Level.EMERGING
    assert (reading.level_low, reading.level_high) == (Level.NOVICE, Level.COMPETENT)
    assert reading.range_label == "Novice to Competent"
    assert reading.uncertainty == "95% range: Novice to Competent"
    narrow = read(0.0, 0.1, 40, scope="area")
    assert narrow.uncertainty == "95% range: within Competent"
    assert level_range(Level.NOVICE, Level.EMERGING) == "Novice to Emerging"


def test_tone_follows_the_verdict_not_a_percentage():
    assert read(-1.5, 0.3, 10, scope="area").tone == "below"
    assert read(1.5, 0.3, 10, scope="area").tone == "at"
    assert read(0.5, 0.3, 10, scope="area").tone == "unsure"


def test_details_text_has_no_negative_zero():
    reading = read(-0.001, 0.5, 10, scope="area")
    assert reading.theta_text == "0.00"
    assert reading.se_text == "0.50"
    assert reading.interval_text == "\u22120.98 to 0.98"


def test_count_answers_blank_and_dont_know():
    counts = count_answers([None, {"choices": [1]}, {"dont_know": True}, None,
                            {"value": "3"}])
    assert (counts.asked, counts.answered, counts.blank, counts.dont_know) == (5, 3, 2, 1)
    assert count_answers([]).answered == 0
