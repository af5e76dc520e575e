"""Pure grading: Moodle's rules, edge cases. No database."""

import math

import pytest

from quizzes.grading import (
    BAD_GROUPING,
    DECIMAL_COMMA,
    DOT_GROUPING,
    NOT_A_NUMBER,
    Answer,
    AnswerKey,
    ChoiceKey,
    grade,
    normalise_text,
    parse_number,
    read_number,
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
    ("+3", 3.0), ("2.", 2.0), ("1E6", 1e6), ("\u22121", -1.0), ("0", 0.0),
])
def test_parse_number_accepts_common_forms(raw, value):
    assert parse_number(raw) == value


@pytest.mark.parametrize(("raw", "value", "shown"), [
    ("2,448", 2448.0, "2448"),
    ("12,345.5", 12345.5, "12345.5"),
    ("1,234,567", 1234567.0, "1234567"),
    ("1,000,000", 1e6, "1000000"),
    ("-1,000", -1000.0, "-1000"),
    ("\u22122,448", -2448.0, "-2448"),
    ("1,000.", 1000.0, "1000"),
    ("12,345.5e2", 1234550.0, "1234550"),
    ("1 000", 1000.0, "1000"),
    ("12 345.25", 12345.25, "12345.25"),
    ("1\u00a0000", 1000.0, "1000"),        # no-break space
    ("1\u202f234\u202f567", 1234567.0, "1234567"),  # narrow no-break space
    ("1\u2009000", 1000.0, "1000"),        # thin space
    ("1\u2007000", 1000.0, "1000"),        # figure space
    (" 2,448 ", 2448.0, "2448"),
])
def test_read_number_accepts_thousands_grouped_in_threes(raw, value, shown):
    reading = read_number(raw)
    assert reading.value == value
    assert reading.shown == shown
    assert reading.message == f"read as {shown}"


@pytest.mark.parametrize(("raw", "shown"), [
    ("1e-3", "0.001"), (".5", "0.5"), ("-0", "0"), ("1e20", "1e+20"), ("2.50", "2.5"),
])
def test_read_number_shows_the_value_plainly(raw, shown):
    assert read_number(raw).shown == shown


@pytest.mark.parametrize(("raw", "suggestion"), [
    ("1,5", "1.5"), ("0,5", "0.5"), ("2,44", "2.44"), ("1,2345", "1.2345"),
    ("0,448", "0.448"), ("-3,75", "-3.75"), (",5", "0.5"), ("1,5e3", "1.5e3"),
    ("1.234,5", "1234.5"), ("1 234,5", "1234.5"), ("12.345.678,9", "12345678.9"),
])
def test_read_number_refuses_a_decimal_comma_and_says_how_to_type_it(raw, suggestion):
    """A comma that cannot be a thousands separator is refused, not guessed: the
    message suggests the dotted form."""
    with pytest.raises(ValueError, match="type a dot") as info:
        read_number(raw)
    assert str(info.value) == DECIMAL_COMMA.format(suggestion=suggestion)


@pytest.mark.parametrize("raw", ["1,00,000", "1 5", "12 34", "1,000 000", "1,2,3",
                                 "1,234.5,6", "1 000 00"])
def test_read_number_refuses_groups_not_in_threes(raw):
    with pytest.raises(ValueError, match="in threes") as info:
        read_number(raw)
    assert str(info.value) == BAD_GROUPING


@pytest.mark.parametrize("raw", ["1.234.567", "1.2.3", "1.234,5.6"])
def test_read_number_refuses_more_than_one_dot(raw):
    with pytest.raises(ValueError, match="may appear once") as info:
        read_number(raw)
    assert str(info.value) == DOT_GROUPING


@pytest.mark.parametrize("raw", ["", "   ", "abc", "1/2", "nan", "inf", "1e999", "--1",
                                 "0x10", "\u00bd", "1_000", "e5", "1e", "- 5", "5 ms",
                                 "\u0663", "1,000,000abc"])
def test_parse_number_rejects_text_with_clear_message(raw):
    with pytest.raises(ValueError, match="Enter a number") as info:
        parse_number(raw)
    assert str(info.value) == NOT_A_NUMBER


def test_messages_say_how_to_type_a_number():
    assert "2,448" in NOT_A_NUMBER
    assert "type a dot" in DECIMAL_COMMA
    assert "1,234,567" in BAD_GROUPING and "1 234 567" in BAD_GROUPING


def test_grade_numeric_reads_thousands_separator_as_the_key():
    """The reported bug: 2,448 typed for key 2448 was read as 2.448 and graded wrong."""
    assert grade(numeric(2448, 0), Answer(number=parse_number("2,448"))) == 1.0


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
