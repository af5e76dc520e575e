"""Pure grading: Moodle's rules, edge cases. No database."""

import math

import pytest

from quizzes.grading import (
    NOT_A_NUMBER,
    Answer,
    AnswerKey,
    ChoiceKey,
    grade,
    normalise_text,
    parse_number,
)

SINGLE = AnswerKey("single", choices=(ChoiceKey(1, 1.0), ChoiceKey(2, 0.0), ChoiceKey(3, 0.5)))
MULTI = AnswerKey("multiple", choices=(ChoiceKey(1, 0.5), ChoiceKey(2, 0.5),
                                       ChoiceKey(3, -0.5), ChoiceKey(4, -0.5)))
ORDER = AnswerKey("ordering", choices=(ChoiceKey(1, 0), ChoiceKey(2, 0), ChoiceKey(3, 0),
                                       ChoiceKey(4, 0)))
ORDER_PARTIAL = AnswerKey("ordering", choices=ORDER.choices, partial_credit=True)


def numeric(answer, tolerance, mode="absolute"):
    return AnswerKey("numeric", answer=answer, tolerance=tolerance, tolerance_mode=mode)


def test_grade_single_right_choice_gives_full_credit():
    assert grade(SINGLE, Answer(choice_ids=(1,))) == 1.0


def test_grade_single_wrong_choice_gives_zero():
    assert grade(SINGLE, Answer(choice_ids=(2,))) == 0.0


def test_grade_single_partial_choice_gives_its_fraction():
    assert grade(SINGLE, Answer(choice_ids=(3,))) == 0.5


def test_grade_single_two_choices_sent_gives_zero():
    assert grade(SINGLE, Answer(choice_ids=(1, 2))) == 0.0


def test_grade_single_unknown_choice_id_gives_zero():
    assert grade(SINGLE, Answer(choice_ids=(999,))) == 0.0


def test_grade_no_selection_gives_zero():
    assert grade(SINGLE, Answer()) == 0.0
    assert grade(MULTI, Answer()) == 0.0


def test_grade_truefalse_uses_single_rules():
    key = AnswerKey("truefalse", choices=(ChoiceKey(10, 0.0), ChoiceKey(11, 1.0)))
    assert grade(key, Answer(choice_ids=(11,))) == 1.0
    assert grade(key, Answer(choice_ids=(10,))) == 0.0


def test_grade_multiple_all_right_gives_full_credit():
    assert grade(MULTI, Answer(choice_ids=(1, 2))) == 1.0


def test_grade_multiple_one_right_gives_half():
    assert grade(MULTI, Answer(choice_ids=(2,))) == 0.5


def test_grade_multiple_one_wrong_pick_gives_partial_credit():
    assert grade(MULTI, Answer(choice_ids=(1, 2, 3))) == pytest.approx(0.5)


def test_grade_multiple_all_selected_gives_zero():
    assert grade(MULTI, Answer(choice_ids=(1, 2, 3, 4))) == 0.0


def test_grade_multiple_negative_sum_clamped_to_zero():
    assert grade(MULTI, Answer(choice_ids=(3, 4))) == 0.0


def test_grade_multiple_repeated_id_counts_once():
    assert grade(MULTI, Answer(choice_ids=(1, 1, 1))) == 0.5


def test_grade_multiple_fractions_above_one_clamped():
    key = AnswerKey("multiple", choices=(ChoiceKey(1, 1.0), ChoiceKey(2, 1.0)))
    assert grade(key, Answer(choice_ids=(1, 2))) == 1.0


@pytest.mark.parametrize("given", [2.5, 2.51, 2.49])
def test_grade_numeric_within_absolute_tolerance_gives_full_credit(given):
    assert grade(numeric(2.5, 0.01), Answer(number=given)) == 1.0


def test_grade_numeric_outside_tolerance_gives_zero():
    assert grade(numeric(2.5, 0.01), Answer(number=2.52)) == 0.0


def test_grade_numeric_zero_tolerance_needs_exact_value():
    assert grade(numeric(3, 0), Answer(number=3.0)) == 1.0
    assert grade(numeric(3, 0), Answer(number=3.0001)) == 0.0


def test_grade_numeric_relative_tolerance_scales_with_answer():
    key = numeric(1000, 0.01, "relative")
    assert grade(key, Answer(number=1009)) == 1.0
    assert grade(key, Answer(number=1011)) == 0.0


def test_grade_numeric_relative_tolerance_on_negative_answer():
    key = numeric(-200, 0.05, "relative")
    assert grade(key, Answer(number=-190)) == 1.0
    assert grade(key, Answer(number=190)) == 0.0


def test_grade_numeric_nan_and_infinity_give_zero():
    assert grade(numeric(1, 1e9), Answer(number=math.nan)) == 0.0
    assert grade(numeric(1, 1e9), Answer(number=math.inf)) == 0.0


def test_grade_numeric_huge_number_gives_zero_without_error():
    assert grade(numeric(1, 0.1), Answer(number=1e308)) == 0.0


@pytest.mark.parametrize(("raw", "value"), [
    ("0.5", 0.5), (".5", 0.5), ("1e-3", 0.001), ("-2", -2.0), ("  42  ", 42.0),
    ("+3", 3.0), ("2.", 2.0), ("1E6", 1e6), ("0,5", 0.5), ("\u22121", -1.0),
])
def test_parse_number_accepts_common_forms(raw, value):
    assert parse_number(raw) == value


@pytest.mark.parametrize("raw", ["", "abc", "1/2", "nan", "inf", "1e999", "1.2.3", "--1",
                                 "1,000,000", "0x10", "½"])
def test_parse_number_rejects_text_with_clear_message(raw):
    with pytest.raises(ValueError, match="Enter a number") as info:
        parse_number(raw)
    assert str(info.value) == NOT_A_NUMBER


def test_normalise_text_collapses_spaces_and_case():
    assert normalise_text("  Git   STASH  ") == "git stash"
    assert normalise_text("  Git   STASH ", case_sensitive=True) == "Git STASH"


def test_grade_text_normalised_match_gives_full_credit():
    key = AnswerKey("text", accepted=("git stash", "stash"))
    assert grade(key, Answer(text="  GIT    Stash ")) == 1.0
    assert grade(key, Answer(text="git stash pop")) == 0.0


def test_grade_text_case_sensitive_key_rejects_other_case():
    key = AnswerKey("text", accepted=("HEAD",), case_sensitive=True)
    assert grade(key, Answer(text="HEAD")) == 1.0
    assert grade(key, Answer(text="head")) == 0.0


def test_grade_text_blank_answer_gives_zero():
    assert grade(AnswerKey("text", accepted=("x",)), Answer(text="   ")) == 0.0


def test_grade_ordering_exact_order_gives_full_credit():
    assert grade(ORDER, Answer(choice_ids=(1, 2, 3, 4))) == 1.0


def test_grade_ordering_wrong_order_all_or_nothing_gives_zero():
    assert grade(ORDER, Answer(choice_ids=(1, 2, 4, 3))) == 0.0


def test_grade_ordering_partial_credit_counts_adjacent_pairs():
    # Key pairs: (1,2) (2,3) (3,4); given 1 2 4 3 keeps only (1,2).
    assert grade(ORDER_PARTIAL, Answer(choice_ids=(1, 2, 4, 3))) == pytest.approx(1 / 3)
    # Given 3 4 1 2 keeps (3,4) and (1,2).
    assert grade(ORDER_PARTIAL, Answer(choice_ids=(3, 4, 1, 2))) == pytest.approx(2 / 3)


def test_grade_ordering_reversed_gives_zero_even_with_partial_credit():
    assert grade(ORDER_PARTIAL, Answer(choice_ids=(4, 3, 2, 1))) == 0.0


def test_grade_ordering_not_a_permutation_gives_zero():
    assert grade(ORDER_PARTIAL, Answer(choice_ids=(1, 2, 3))) == 0.0
    assert grade(ORDER_PARTIAL, Answer(choice_ids=(1, 2, 3, 3))) == 0.0
    assert grade(ORDER_PARTIAL, Answer(choice_ids=(1, 2, 3, 99))) == 0.0


def test_grade_unknown_kind_raises():
    with pytest.raises(ValueError, match="unknown question kind"):
        grade(AnswerKey("essay"), Answer(text="x"))


def test_thirds_stored_to_seven_digits_add_up_to_full_credit():
    third = round(1 / 3, 7)
    key = AnswerKey(kind="multiple", choices=(ChoiceKey(1, third), ChoiceKey(2, third),
                                              ChoiceKey(3, third), ChoiceKey(4, -0.5)))
    assert grade(key, Answer(choice_ids=(1, 2, 3))) == 1.0
    assert grade(key, Answer(choice_ids=(1, 2))) == round(2 * third, 6)
