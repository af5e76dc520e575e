"""Moodle XML read and written as Moodle's qformat_xml and the qtype_ordering plugin do;
the examples of docs.moodle.org "Moodle XML format" as cases. Pure: no database."""

from dataclasses import replace

import pytest

from quizzes.formats import moodle_xml
from quizzes.formats.data import ChoiceData, QuestionData
from quizzes.formats.interchange import BAD_FRACTION

CATEGORY = """<question type="category">
  <category><text>$course$/top/Arithmetic/sums</text></category>
</question>"""


def quiz(*questions: str) -> str:
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n" + CATEGORY + "\n" + \
        "\n".join(questions) + "\n</quiz>\n"


def question(qtype: str, body: str, name: str = "Q") -> str:
    return (f'<question type="{qtype}"><name><text>{name}</text></name>'
            '<questiontext format="html"><text><![CDATA[<p>What is <strong>2+2</strong>?'
            '</p>]]></text></questiontext>'
            '<generalfeedback format="html"><text>Count.</text></generalfeedback>'
            f"{body}</question>")


def one(qtype: str, body: str):
    result = moodle_xml.parse(quiz(question(qtype, body)))
    assert not result.problems
    [parsed] = result.questions
    return parsed


def test_moodle_xml_docs_multichoice_single_with_feedback_and_html_text():
    p = one("multichoice", """
 <answer fraction="100"><text>The correct answer</text>
   <feedback><text>Correct!</text></feedback></answer>
 <answer fraction="0"><text>A distractor</text><feedback><text>Ooops!</text></feedback></answer>
 <answer fraction="0"><text>Another distractor</text>
   <feedback><text>Ooops!</text></feedback></answer>
 <shuffleanswers>1</shuffleanswers><single>true</single><answernumbering>abc</answernumbering>""")
    q = p.question
    assert (p.errors, p.topic, q.kind, q.slug) == ([], "sums", "single", "q")
    assert q.stem == "What is **2+2**?" and q.explanation == "Count."
    assert q.choices[0] == ChoiceData("The correct answer", 1.0, "Correct!")
    assert q.data == {"shuffle": True}


def test_moodle_xml_multichoice_not_single_is_select_all_with_fractions():
    q = one("multichoice", """<single>false</single><shuffleanswers>0</shuffleanswers>
 <answer fraction="50"><text>a</text></answer><answer fraction="50"><text>b</text></answer>
 <answer fraction="-100"><text>c</text></answer>""").question
    assert q.kind == "multiple" and q.data == {"shuffle": False}
    assert [c.fraction for c in q.choices] == [0.5, 0.5, -1.0]


def test_moodle_xml_docs_truefalse_feedback_follows_each_answer():
    q = one("truefalse", """
<answer fraction="0"><text>true</text><feedback><text>Ooops!</text></feedback></answer>
<answer fraction="100"><text>false</text><feedback><text>Correct!</text></feedback></answer>
""").question
    assert q.choices == (ChoiceData("True", 0.0, "Ooops!"), ChoiceData("False", 1.0, "Correct!"))


def test_moodle_xml_docs_shortanswer_with_usecase():
    q = one("shortanswer", """<usecase>1</usecase>
<answer fraction="100"><text>The correct answer</text></answer>
<answer fraction="100"><text>Another</text></answer>""").question
    assert q.data == {"accepted": ["The correct answer", "Another"], "case_sensitive": True}


def test_moodle_xml_shortanswer_partial_grade_is_refused():
    p = one("shortanswer", '<answer fraction="50"><text>near</text></answer>')
    assert moodle_xml.TEXT_PARTIAL.format(text="near", value=50.0) in p.errors


def test_moodle_xml_docs_numerical_with_tolerance_and_unit():
    q = one("numerical", """<answer fraction="100"><text>23</text><tolerance>0.5</tolerance>
<feedback><text>Feedback</text></feedback></answer>
<units><unit><multiplier>1</multiplier><unit_name>m</unit_name></unit></units>""").question
    assert q.data == {"answer": 23.0, "tolerance": 0.5, "tolerance_mode": "absolute",
                      "unit": "m"}


def test_moodle_xml_ordering_plugin_items_follow_their_fraction():
    q = one("ordering", """<layouttype>VERTICAL</layouttype><selecttype>ALL</selecttype>
<gradingtype>ALL_OR_NOTHING</gradingtype>
<answer fraction="2.0000000" format="html"><text>second</text></answer>
<answer fraction="1.0000000" format="html"><text>first</text></answer>
<answer fraction="3.0000000" format="html"><text>third</text></answer>""").question
    assert [c.text for c in q.choices] == ["first", "second", "third"]
    assert q.data == {"partial_credit": False}


def test_moodle_xml_ordering_other_grading_types_are_refused():
    p = one("ordering", "<gradingtype>LONGEST_ORDERED_SUBSET</gradingtype>"
                        + "".join(f'<answer fraction="{i}"><text>{i}</text></answer>'
                                  for i in (1, 2, 3)))
    assert p.errors == [moodle_xml.ORDERING_GRADING.format(value="LONGEST_ORDERED_SUBSET")]


@pytest.mark.parametrize("qtype", ["essay", "matching", "cloze", "description", "calculated"])
def test_moodle_xml_types_the_app_lacks_are_errors(qtype):
    p = one(qtype, "")
    assert p.errors == [moodle_xml.UNSUPPORTED.format(qtype=qtype)] and p.question is None


def test_moodle_xml_grade_outside_moodles_list_is_an_error():
    p = one("multichoice", '<answer fraction="100"><text>a</text></answer>'
                           '<answer fraction="35"><text>b</text></answer>')
    assert BAD_FRACTION.format(value=35.0) in p.errors


def test_moodle_xml_idnumber_and_tags_carry_slug_tags_and_tier():
    q = one("truefalse", """<idnumber>two-plus-two</idnumber>
<tags><tag><text>sums</text></tag><tag><text>tier-5</text></tag></tags>
<answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>
""").question
    assert (q.slug, q.tags, q.difficulty) == ("two-plus-two", ("sums",), 5)


def test_moodle_xml_lines_point_at_each_question():
    text = quiz(question("truefalse", ""), question("essay", ""))
    result = moodle_xml.parse(text)
    assert [p.line for p in result.questions] == [6, 7]


BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<quiz><question type="category"><category><text>&lol3;</text></category></question></quiz>"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<quiz><question type="essay"><name><text>&secret;</text></name></question></quiz>"""


@pytest.mark.parametrize(("text", "problem"), [
    (BOMB, moodle_xml.UNSAFE),
    (EXTERNAL, moodle_xml.UNSAFE),
    ("<quiz><question type=\"truefalse\"><name>", None),
    ("<html><body>not a quiz</body></html>", moodle_xml.NOT_QUIZ),
    ("<quiz></quiz>", "the file holds no questions"),
])
def test_moodle_xml_unsafe_truncated_or_foreign_files_are_file_problems(text, problem):
    result = moodle_xml.parse(text)
    assert result.questions == []
    [message] = result.problems
    if problem is None:
        assert message.startswith("not well-formed XML")
    else:
        assert message == problem


def _q(**fields) -> QuestionData:
    base = dict(slug="x", topic="sums", kind="single", difficulty=4, stem="a < b & `c`",
                explanation="]]> is fine", data={"shuffle": True}, tags=("t",),
                choices=(ChoiceData("<b>", 1.0, "fb"), ChoiceData("b", 0.0)))
    return QuestionData(**{**base, **fields})


@pytest.mark.parametrize("q", [
    _q(),
    _q(kind="multiple", choices=(ChoiceData("a", 0.25), ChoiceData("b", 0.75),
                                 ChoiceData("c", -1.0)), data={"shuffle": False}),
    _q(kind="truefalse", choices=(ChoiceData("True", 1.0, "yes"), ChoiceData("False", 0.0)),
       data={}),
    _q(kind="numeric", choices=(), data={"answer": 1e-09, "tolerance": 0.1,
                                         "tolerance_mode": "relative", "unit": ""}),
    _q(kind="numeric", choices=(), data={"answer": 2448.0, "tolerance": 0.0,
                                         "tolerance_mode": "absolute", "unit": "USD"}),
    _q(kind="text", choices=(), data={"accepted": ["x -> y", "*"], "case_sensitive": False}),
    _q(kind="ordering", choices=tuple(ChoiceData(t, 0.0) for t in "cab"),
       data={"partial_credit": True}),
], ids=["single", "multiple", "truefalse", "numeric-relative", "numeric-unit", "text",
        "ordering"])
def test_moodle_xml_every_kind_round_trips(q):
    result = moodle_xml.parse(moodle_xml.dump([("arith", q)]).text)
    [p] = result.questions
    assert p.errors == []
    assert replace(p.question, line=0) == q


def test_moodle_xml_export_marks_text_markdown_and_ordering_grading():
    text = moodle_xml.dump([("arith", _q(kind="ordering", data={"partial_credit": True},
                                         choices=tuple(ChoiceData(t, 0.0) for t in "abc")))]).text
    assert '<questiontext format="markdown">' in text
    assert "<gradingtype>RELATIVE_NEXT_EXCLUDE_LAST</gradingtype>" in text
    assert '<answer fraction="3.0000000" format="markdown">' in text
    assert "<text>$course$/top/arith/sums</text>" in text


def test_moodle_xml_export_names_what_it_left_out_in_a_comment():
    result = moodle_xml.dump([("arith", _q(slug="clash", tags=("tier-1",))), ("arith", _q())])
    assert result.skipped == ["clash: tag 'tier-1' looks like a difficulty tag (tier-1 … "
                              "tier-5); rename it"]
    assert "<!-- Left out: clash: tag 'tier-1'" in result.text
    assert [p.question.slug for p in moodle_xml.parse(result.text).questions] == ["x"]
