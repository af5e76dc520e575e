"""The pure part of a regrade: shapes that map, and answers carried over by position."""

from quizzes.regrading import (
    DIFFERENT_CHOICES,
    DIFFERENT_KIND,
    choice_map,
    remap_answer,
    remap_order,
    shape_problem,
)


def test_shape_problem_same_kind_and_count_maps():
    assert shape_problem("single", 4, "single", 4) == ""


def test_shape_problem_other_kind_is_refused():
    assert shape_problem("single", 4, "multiple", 4) == DIFFERENT_KIND.format(
        new="multiple", old="single")


def test_shape_problem_other_choice_count_is_refused():
    assert shape_problem("ordering", 4, "ordering", 5) == DIFFERENT_CHOICES.format(new=5, old=4)


def test_shape_problem_numeric_ignores_choice_count():
    assert shape_problem("numeric", 0, "numeric", 0) == ""


def test_remap_answer_moves_choices_and_order_by_position():
    mapping = choice_map([11, 12, 13], [21, 22, 23])
    assert remap_answer({"choices": [13]}, mapping) == {"choices": [23]}
    assert remap_answer({"order": [12, 13, 11]}, mapping) == {"order": [22, 23, 21]}
    assert remap_order([13, 11, 12], mapping) == [23, 21, 22]


def test_remap_answer_keeps_blank_dont_know_and_typed_answers():
    mapping = choice_map([1], [2])
    assert remap_answer(None, mapping) is None
    assert remap_answer({"dont_know": True}, mapping) == {"dont_know": True}
    assert remap_answer({"value": "42", "number": 42.0}, mapping) == {"value": "42",
                                                                       "number": 42.0}
