"""The key-review tool hides keys from the reviewer and grades the reviewer fairly."""

from pathlib import Path

import pytest

from quizzes.formats.key_review import blind_sheet, compare, ordering_display, report
from quizzes.formats.yaml_bank import parse_bank

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_bank.yaml"


def questions():
    return list(parse_bank(SAMPLE.read_text(encoding="utf-8")).questions)


def test_blind_sheet_shows_stems_but_no_keys_explanations_or_feedback():
    qs = questions()
    sheet = blind_sheet(qs)
    for q in qs:
        assert q.slug in sheet and q.stem.strip() in sheet
        assert q.explanation.strip() not in sheet
        assert all(c.feedback not in sheet for c in q.choices if c.feedback)
    assert "0.25" not in sheet  # the numeric key
    assert "stash push" not in sheet  # an accepted text answer


def test_ordering_items_are_shown_out_of_order_and_stably():
    q = next(q for q in questions() if q.kind == "ordering")
    shown = ordering_display(q)
    assert sorted(shown) == list(range(len(q.choices)))
    assert shown != sorted(shown)
    assert shown == ordering_display(q)


def test_compare_grades_each_kind_with_the_apps_rules():
    qs = questions()
    ordering = next(q for q in qs if q.kind == "ordering")
    right_order = ",".join("ABC"[ordering_display(ordering).index(j)] for j in range(3))
    answers = {"sample-single": "B", "sample-multiple": "C, A", "sample-truefalse": False,
               "sample-numeric": ".25", "sample-text": "  STASH ", "sample-ordering": right_order}
    assert all(v.agrees for v in compare(qs, answers))
    wrong = {"sample-single": "A", "sample-multiple": "A,B,C", "sample-truefalse": True,
             "sample-numeric": "0.3", "sample-text": "shelve", "sample-ordering": "A,B,C"
             if right_order != "A,B,C" else "C,B,A"}
    verdicts = compare(qs, wrong)
    assert [v.agrees for v in verdicts] == [False] * 6
    assert "Agreement: 0 of 6" in report(verdicts)


def test_a_missing_answer_disagrees():
    verdicts = compare(questions(), {})
    assert not any(v.agrees for v in verdicts)
    assert {v.given for v in verdicts} == {"(none)"}


BANKS = Path(__file__).resolve().parents[2] / "quizzes" / "banks"
REVIEWS = Path(__file__).resolve().parents[2] / "docs" / "key-review"
AREAS = ("maths", "dsa", "git", "cloud", "production-code", "command-line")


@pytest.mark.parametrize("area", AREAS)
def test_every_shipped_question_has_an_agreeing_blind_review(area):
    """A new question needs a recorded blind review; a changed key that the reviewer's
    answer no longer earns full credit under fails here (docs/key-review.md)."""
    import yaml

    questions = list(parse_bank((BANKS / f"{area}.yaml").read_text(encoding="utf-8")).questions)
    answers = yaml.safe_load((REVIEWS / f"{area}.answers.yaml").read_text(encoding="utf-8"))
    disagreements = [(v.slug, v.key, v.given) for v in compare(questions, answers)
                     if not v.agrees]
    assert disagreements == []
