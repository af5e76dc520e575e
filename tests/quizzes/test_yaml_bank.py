"""The pure YAML bank parser: shapes, fractions and problems reported by line."""

from pathlib import Path
from textwrap import dedent

import pytest

from quizzes.formats.yaml_bank import parse_bank

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample_bank.yaml"

HEAD = """\
area:
  slug: maths
  title: Mathematics
  topics:
    - slug: algebra
      title: Algebra
questions:
"""


def bank(questions: str):
    return parse_bank(HEAD + dedent(questions))


def messages(parsed) -> list[str]:
    return [str(p) for p in parsed.problems]


def test_parse_bank_sample_has_every_kind_and_no_problems():
    parsed = parse_bank(SAMPLE.read_text())
    assert parsed.problems == []
    assert {q.kind for q in parsed.questions} == {"single", "multiple", "truefalse", "numeric",
                                                  "text", "ordering"}


def test_parse_bank_multiple_shorthand_gives_moodle_fractions():
    parsed = parse_bank(SAMPLE.read_text())
    multi = next(q for q in parsed.questions if q.kind == "multiple")
    assert [c.fraction for c in multi.choices] == [0.5, -0.5, 0.5, -0.5]


def test_parse_bank_truefalse_becomes_two_choices_with_key():
    parsed = parse_bank(SAMPLE.read_text())
    tf = next(q for q in parsed.questions if q.kind == "truefalse")
    assert [(c.text, c.fraction) for c in tf.choices] == [("True", 0.0), ("False", 1.0)]


def test_parse_bank_ordering_keeps_item_order():
    parsed = parse_bank(SAMPLE.read_text())
    order = next(q for q in parsed.questions if q.kind == "ordering")
    assert order.choices[0].text.startswith("Split")
    assert order.data == {"partial_credit": True}


def test_parse_bank_single_without_correct_choice_is_rejected_with_line():
    parsed = bank("""\
      - slug: q1
        topic: algebra
        kind: single
        difficulty: 2
        stem: x
        explanation: y
        choices:
          - text: a
          - text: b
    """)
    assert messages(parsed) == [
        "line 8: question 'q1': a single-choice question needs exactly one full-credit "
        "choice (has 0)"]
    assert parsed.questions == []


def test_parse_bank_single_with_two_correct_choices_is_rejected():
    parsed = bank("""\
      - slug: q1
        topic: algebra
        kind: single
        difficulty: 2
        stem: x
        explanation: y
        choices:
          - {text: a, correct: true}
          - {text: b, correct: true}
    """)
    assert "has 2" in messages(parsed)[0]


def test_parse_bank_multiple_without_correct_choice_is_rejected():
    parsed = bank("""\
      - slug: q1
        topic: algebra
        kind: multiple
        difficulty: 2
        stem: x
        explanation: y
        choices:
          - {text: a}
          - {text: b}
    """)
    assert "needs at least one correct choice" in messages(parsed)[0]


def test_parse_bank_numeric_negative_tolerance_is_rejected():
    parsed = bank("""\
      - slug: q1
        topic: algebra
        kind: numeric
        difficulty: 2
        stem: x
        explanation: y
        answer: 3
        tolerance: -1
    """)
    assert messages(parsed) == ["line 8: question 'q1': tolerance must be a number >= 0"]


def test_parse_bank_key_of_other_kind_is_rejected():
    parsed = bank("""\
      - slug: q1
        topic: algebra
        kind: numeric
        difficulty: 2
        stem: x
        explanation: y
        answer: 3
        tolerance: 0
        accepted: [three]
    """)
    assert "'accepted' does not belong in a numeric question" in messages(parsed)[0]


def test_parse_bank_unknown_topic_and_bad_difficulty_are_reported():
    parsed = bank("""\
      - slug: q1
        topic: geometry
        kind: text
        difficulty: 9
        stem: x
        explanation: y
        accepted: [a]
    """)
    assert "topic 'geometry' is not a topic of this area" in " ".join(messages(parsed))
    assert "difficulty must be a whole number from 1 to 5" in " ".join(messages(parsed))


def test_parse_bank_duplicate_slug_is_reported_with_first_line():
    one = """\
      - slug: q1
        topic: algebra
        kind: text
        difficulty: 1
        stem: x
        explanation: y
        accepted: [a]
    """
    one = one.rstrip(" ")
    parsed = bank(one + one)
    assert messages(parsed) == ["line 15: duplicate question slug 'q1' (first on line 8)"]


def test_parse_bank_invalid_yaml_reports_line():
    parsed = parse_bank("area:\n  slug: [unclosed\n")
    assert parsed.problems and parsed.problems[0].message.startswith("not valid YAML")
    assert parsed.problems[0].line >= 2


def test_parse_bank_resource_with_http_url_is_rejected():
    parsed = parse_bank(dedent("""\
        resources:
          - slug: r1
            title: T
            provider: P
            url: http://example.org/x
            kind: course
            cost: free
            level: beginner
            hours: 3
            description: D
            topics: [maths/algebra]
    """))
    assert messages(parsed) == ["line 2: resource 'r1': url must be a well-formed https URL"]


def test_parse_bank_assessment_draw_must_be_positive():
    parsed = parse_bank(dedent("""\
        assessments:
          - slug: a1
            title: A
            draw:
              maths/algebra: 0
    """))
    assert "draw count for maths/algebra must be a positive whole number" in messages(parsed)[0]


@pytest.mark.parametrize(("text", "stated"), [
    ("25 questions drawn at random, in 30 minutes.", "25 questions"),
    ("Thirty questions from every area.", "Thirty questions"),
    ("A 2-hour sitting of twelve questions.", "twelve questions"),
])
def test_parse_bank_assessment_description_may_not_state_counts(text, stated):
    parsed = parse_bank(dedent(f"""\
        assessments:
          - slug: a1
            title: A
            description: {text}
            draw:
              maths/algebra: 2
    """))
    assert messages(parsed) == [f"line 2: assessment 'a1': its description states {stated!r}: "
                                "the page shows the computed question count and the time "
                                "limit, so leave numbers out of the description"]


def test_parse_bank_assessment_description_without_counts_is_fine():
    parsed = parse_bank(dedent("""\
        assessments:
          - slug: a1
            title: A
            description: Questions drawn at random, in one timed sitting.
            draw:
              maths/algebra: 2
    """))
    assert messages(parsed) == []


def test_content_hash_changes_with_content_only():
    parsed = parse_bank(SAMPLE.read_text())
    q = parsed.questions[0]
    from dataclasses import replace

    assert q.content_hash() == replace(q, tags=("x",), line=99).content_hash()
    assert q.content_hash() != replace(q, stem=q.stem + " ").content_hash()


@pytest.mark.parametrize("text", ["", "[]", "42"])
def test_parse_bank_non_mapping_file_is_reported(text):
    assert parse_bank(text).problems


def test_resource_active_flag_defaults_to_true_and_must_be_boolean():
    base = ("resources:\n  - slug: r\n    title: T\n    provider: P\n    url: https://example.com/\n"
            "    kind: book\n    cost: free\n    level: beginner\n    hours: 2\n"
            "    description: D\n    topics: [a/b]\n")
    assert parse_bank(base).resources[0].active is True
    assert parse_bank(base + "    active: false\n").resources[0].active is False
    bad = parse_bank(base + "    active: maybe\n")
    assert any("active must be true or false" in p.message for p in bad.problems)


def test_ordering_gives_partial_credit_by_default():
    # One rule everywhere (docs/bank-format.md): an ordering item without the key gets
    # credit by adjacent pairs; the old default was all or nothing.
    parsed = bank("""\
      - slug: q1
        topic: algebra
        kind: ordering
        difficulty: 2
        stem: Order them.
        explanation: In order.
        items: [a, b, c]
""")
    assert messages(parsed) == []
    assert parsed.questions[0].data == {"partial_credit": True}


def _with_topic_keys(extra: str):
    return parse_bank(HEAD.replace("questions:\n", "").replace(
        "      title: Algebra\n", "      title: Algebra\n" + extra))


def test_topic_subtopics_are_parsed_and_checked():
    parsed = _with_topic_keys("      subtopics:\n"
                              "        - {slug: groups, title: Groups}\n"
                              "        - {slug: rings, title: Rings}\n")
    assert messages(parsed) == []
    topic = parsed.area.topics[0]
    assert [(s.slug, s.title) for s in topic.subtopics] == [("groups", "Groups"),
                                                            ("rings", "Rings")]
    assert topic.line == 5
    bad = _with_topic_keys("      subtopics:\n"
                           "        - {slug: groups, title: Groups}\n"
                           "        - {slug: groups, title: Again}\n"
                           "        - {slug: Bad Slug, title: X}\n"
                           "        - just-a-string\n")
    found = " | ".join(messages(bad))
    assert "line 9: duplicate subtopic slug 'groups' (first on line 8)" in found
    assert "line 10: slug 'Bad Slug' must be lowercase words joined by hyphens" in found
    assert "line 5: each subtopic must be a mapping with slug and title only" in found
    assert messages(_with_topic_keys("      subtopic: []\n")) == [
        "line 5: unknown topic key 'subtopic'"]
