"""GIFT read and written the way Moodle's importer reads it; Moodle's documented examples
(docs.moodle.org "GIFT format") as cases. Pure: no database."""

from dataclasses import replace

import pytest

from quizzes.formats import gift
from quizzes.formats.data import ChoiceData, QuestionData
from quizzes.formats.interchange import BAD_FRACTION, DUPLICATE_SLUG, EMPTY_FILE, TIER_TAG_CLASH

HEAD = "$CATEGORY: $course$/top/history/presidents\n\n"


def one(text: str):
    result = gift.parse(HEAD + text)
    assert not result.problems
    [parsed] = result.questions
    return parsed


def test_gift_docs_true_false_reads_key_and_feedback_for_each_answer():
    # "{T#wrong#right}": the first feedback is for a wrong answer, the second for a right one.
    p = one("// true-false\n::Q1:: 1+1=2 {T#No, it is 2.#Yes.####Arithmetic.}")
    q = p.question
    assert (p.errors, p.title, p.topic, q.kind) == ([], "Q1", "presidents", "truefalse")
    assert q.slug == "q1" and q.explanation == "Arithmetic." and q.stem == "1+1=2"
    assert q.choices == (ChoiceData("True", 1.0, "Yes."), ChoiceData("False", 0.0, "No, it is 2."))


def test_gift_docs_multiple_choice_with_feedback_is_single_choice():
    p = one("::Q2:: What's between orange and green in the spectrum?\n"
            "{ =yellow # right; good! ~red # wrong, it's yellow ~blue # wrong, it's yellow"
            " ####Colours.}")
    q = p.question
    assert q.kind == "single"
    assert q.choices == (ChoiceData("yellow", 1.0, "right; good!"),
                         ChoiceData("red", 0.0, "wrong, it's yellow"),
                         ChoiceData("blue", 0.0, "wrong, it's yellow"))


def test_gift_docs_weights_without_equals_make_a_multiple_answer_question():
    p = one("What two people are entombed in Grant's tomb? {\n ~%-100%No one\n ~%50%Grant\n"
            " ~%50%Grant's wife\n ~%-100%Grant's father\n####Both.}")
    q = p.question
    assert q.kind == "multiple"
    assert [c.fraction for c in q.choices] == [-1.0, 0.5, 0.5, -1.0]


def test_gift_docs_short_answer_lists_accepted_answers():
    q = one("Who's buried in Grant's tomb?{=Grant =Ulysses S. Grant =Ulysses Grant"
            "####He is.}").question
    assert q.kind == "text"
    assert q.data == {"accepted": ["Grant", "Ulysses S. Grant", "Ulysses Grant"],
                      "case_sensitive": False}


@pytest.mark.parametrize("answers", ["#3:2", "#1..5", "#=3:2"])
def test_gift_docs_numerical_tolerance_and_range_mean_the_same(answers):
    q = one(f"::Q5:: What is a number from 1 to 5? {{{answers}####Any.}}").question
    assert q.kind == "numeric"
    assert (q.data["answer"], q.data["tolerance"], q.data["tolerance_mode"]) == (3.0, 2.0,
                                                                                 "absolute")


def test_gift_docs_numerical_with_partial_credit_answers_is_refused():
    p = one("When was Ulysses S. Grant born? {#\n =1822:0 # Correct!\n"
            " =%50%1822:2 # Close.\n}")
    assert p.question is None and p.errors == [gift.NUMERIC_ONE]


@pytest.mark.parametrize(("text", "error"), [
    ("How are you? {}", gift.ESSAY),
    ("Just a description, no answers.", gift.NO_ANSWERS),
    ("Two plus {=two =2} equals four.", gift.TEXT_AFTER),
    ("Which animal eats which food? { =cat -> cat food =dog -> dog food }", gift.MATCHING),
    ("An open { brace", gift.UNCLOSED),
])
def test_gift_docs_question_kinds_the_app_lacks_are_errors(text, error):
    assert error in one(text).errors


def test_gift_matching_to_places_reads_back_as_ordering_in_place_order():
    q = one("Order them. {=second -> 2 =first -> 1 =third -> 3 ####Because.}").question
    assert q.kind == "ordering"
    assert [c.text for c in q.choices] == ["first", "second", "third"]
    assert q.data == {"partial_credit": True}


def test_gift_grade_outside_moodles_list_is_an_error():
    p = one("Pick {=a ~%35%b ~c####x}")
    assert BAD_FRACTION.format(value=35.0) in p.errors


def test_gift_without_category_names_no_topic():
    [p] = gift.parse("Q {T####x}").questions
    assert gift.NO_CATEGORY in p.errors


def test_gift_id_and_tag_comments_carry_slug_tags_and_tier():
    q = one("// [id:grant-tomb] [tag:tombs] [tag:tier-4] [tag:us]\nQ? {T####x}").question
    assert (q.slug, q.tags, q.difficulty) == ("grant-tomb", ("tombs", "us"), 4)


def test_gift_duplicate_slugs_in_one_file_are_an_error():
    result = gift.parse(HEAD + "::Same:: A {T####x}\n\n::Same:: B {F####y}")
    assert result.questions[1].errors == [DUPLICATE_SLUG.format(slug="same", first=1)]


def test_gift_question_numbers_and_lines_point_at_the_question():
    result = gift.parse(HEAD + "// c\n::A:: a {T####x}\n\n\n::B:: b {~%7%x =y####z}")
    assert [(p.number, p.line) for p in result.questions] == [(1, 4), (2, 7)]
    assert "question 2, line 7 (B)" in result.messages()[0]


def test_gift_empty_file_is_a_file_problem():
    assert gift.parse("// only a comment\n\n").problems == [EMPTY_FILE]


def _q(**fields) -> QuestionData:
    base = dict(slug="tricky", topic="presidents", kind="single", difficulty=2,
                stem="s", explanation="e", data={"shuffle": True}, tags=("us",),
                choices=(ChoiceData("a", 1.0), ChoiceData("b", 0.0)))
    return QuestionData(**{**base, **fields})


def roundtrip(q: QuestionData) -> QuestionData:
    result = gift.parse(gift.dump([("history", q)]).text)
    [p] = result.questions
    assert p.errors == []
    return p.question


SPECIAL_STEM = (r"Escapes: ~ = # { } : and a backslash \ and \n (not a break); maths "
                "$\\frac{1}{2}$, $\\{1, 2\\}$, $\\nu \\neq 0$.\n\nA new paragraph:\n\n"
                "```cpp\n// a comment line in code\nint x = a->b;  # {not gift}\n```\n"
                "   \nend :: here")


def test_gift_special_characters_latex_and_blank_lines_round_trip():
    q = _q(stem=SPECIAL_STEM, explanation="Why: {x} ~ =\n\n// not a comment",
           choices=(ChoiceData("%timeit = fast", 1.0, "#1 ~ sure"),
                    ChoiceData("~b {c}", 0.0, "no: really")))
    assert roundtrip(q) == replace(q, line=roundtrip(q).line)


def test_gift_escape_writes_moodle_escapes():
    assert gift.escape("a~b=c#d{e}f:g\\h") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h"
    assert gift.escape("a\n\nb\n// c") == "a\\n\nb\\n// c"


@pytest.mark.parametrize("q", [
    _q(kind="multiple", choices=(ChoiceData("a", 1.0), ChoiceData("b", -1.0))),
    _q(kind="multiple", choices=(ChoiceData("a", 0.3333333), ChoiceData("b", 0.6666667),
                                 ChoiceData("c", -0.5)), data={"shuffle": False}),
    _q(kind="single", choices=(ChoiceData("a", 1.0), ChoiceData("b", 0.5, "half"))),
    _q(kind="truefalse", choices=(ChoiceData("True", 0.0, "it is false"),
                                  ChoiceData("False", 1.0, "")), data={}),
    _q(kind="numeric", choices=(), data={"answer": -0.05, "tolerance": 0.001,
                                         "tolerance_mode": "relative", "unit": "m/s"}),
    _q(kind="text", choices=(), data={"accepted": ["git log -S 'a = b'", "x#y"],
                                      "case_sensitive": True}),
    _q(kind="ordering", choices=tuple(ChoiceData(t, 0.0) for t in "cab"),
       data={"partial_credit": False}),
], ids=["multiple-k1", "multiple-thirds", "single-partial", "truefalse", "numeric-relative",
        "text", "ordering"])
def test_gift_every_kind_round_trips(q):
    back = roundtrip(q)
    assert replace(back, line=0) == q


def test_gift_relative_tolerance_is_written_absolute_for_moodle():
    q = _q(kind="numeric", choices=(), data={"answer": 200.0, "tolerance": 0.05,
                                             "tolerance_mode": "relative", "unit": ""})
    assert "#200:10" in gift.dump([("history", q)]).text


def test_gift_export_leaves_out_what_it_cannot_write_and_says_why():
    arrow = _q(kind="ordering", slug="arrow", choices=tuple(
        ChoiceData(t, 0.0) for t in ("a -> b", "c", "d")), data={"partial_credit": True})
    clash = _q(slug="clash", tags=("tier-2",))
    result = gift.dump([("history", arrow), ("history", clash), ("history", _q())])
    assert result.skipped == [f"arrow: {gift.ORDERING_ARROW}",
                              f"clash: {TIER_TAG_CLASH.format(tag='tier-2')}"]
    assert [p.question.slug for p in gift.parse(result.text).questions] == ["tricky"]
    assert result.text.startswith(f"// Left out: arrow: {gift.ORDERING_ARROW}\n")
