"""The result page's first sentence (reporting.summary_sentence): the level shown, the
strongest and weakest topics only when they have evidence and differ, and the blanks."""

import pytest

from quizzes.levels import Level
from quizzes.reporting import AnswerCounts, read, summary_sentence

ALL = AnswerCounts(asked=24, answered=24, blank=0, dont_know=0)
BLANKS = AnswerCounts(asked=24, answered=6, blank=18, dont_know=0)


def topic(theta, answered=6, se=0.4):
    return read(theta, se, answered, scope="topic")


def test_level_subject_strongest_weakest_and_blanks():
    overall = read(-2.0, 0.3, 6, scope="area")
    assert overall.level == Level.NOVICE
    parts = [("Probability", topic(-2.5)), ("Linear algebra", topic(0.6)),
             ("Calculus", topic(-0.6))]
    assert summary_sentence(overall, "Mathematics", parts, BLANKS) == (
        "Novice in Mathematics: strongest in Linear algebra (Proficient), "
        "weakest in Probability (Novice); 18 of 24 left blank.")


def test_no_claim_when_all_topics_show_the_same_level():
    overall = read(0.0, 0.2, 24, scope="area")
    parts = [("A", topic(0.05)), ("B", topic(-0.3))]  # both Competent
    assert parts[0][1].level == parts[1][1].level
    assert summary_sentence(overall, "Maths", parts, ALL) == (
        f"{overall.level.label} in Maths; all 24 answered.")


def test_topics_without_evidence_are_never_named():
    overall = read(0.0, 0.3, 10, scope="area")
    parts = [("Thin", topic(2.5, answered=1)), ("Solid", topic(-2.0)), ("Other", topic(0.0))]
    sentence = summary_sentence(overall, "Maths", parts, ALL)
    assert "Thin" not in sentence
    assert "strongest in Other (Competent), weakest in Solid (Novice)" in sentence


def test_a_single_measured_topic_is_neither_strongest_nor_weakest():
    overall = read(0.0, 0.3, 10, scope="area")
    parts = [("Only", topic(1.0)), ("Thin", topic(-2.0, answered=1))]
    assert "strongest" not in summary_sentence(overall, "Maths", parts, ALL)


def test_not_enough_answers_claims_no_level():
    overall = read(1.0, 0.9, 2, scope="area")
    assert not overall.has_level
    counts = AnswerCounts(asked=24, answered=2, blank=22, dont_know=0)
    sentence = summary_sentence(overall, "Maths", [("A", topic(1.0, answered=1))], counts)
    assert sentence == "Not enough answers yet for a level in Maths; 22 of 24 left blank."
    assert not any(level.label in sentence for level in Level)


def test_ties_are_all_named():
    overall = read(0.0, 0.3, 10, scope="area")
    parts = [("A", topic(-2.0)), ("B", topic(-2.2)), ("C", topic(1.0))]
    assert "weakest in A and B (Novice)" in summary_sentence(overall, "Maths", parts, ALL)


def test_across_areas_has_no_single_level():
    parts = [("Maths", read(1.0, 0.3, 10, scope="area")),
             ("Coding", read(-2.0, 0.3, 10, scope="area"))]
    sentence = summary_sentence(None, None, parts, ALL)
    assert sentence == ("Across areas: strongest in Maths (Proficient), "
                        "weakest in Coding (Novice); all 24 answered.")


@pytest.mark.parametrize("theta", [-3.0, -1.0, 0.0, 0.49, 0.495, 1.5, 3.0])
def test_never_contradicts_the_level_shown(theta):
    overall = read(theta, 0.2, 20, scope="area")
    assert summary_sentence(overall, "X", [], ALL).startswith(f"{overall.level.label} in X")
