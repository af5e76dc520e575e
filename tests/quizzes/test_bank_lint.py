"""The bank linter flags what it promises to flag, and passes clean questions."""

from quizzes.formats.bank_lint import (
    bank_findings,
    key_position,
    near_duplicate_stems,
    question_findings,
)
from quizzes.formats.data import ChoiceData, QuestionData

GOOD_EXPLANATION = "Because the dot product of the two vectors is zero, they are orthogonal; " \
    "the other options give non-zero products."


def single(slug, key_at=0, texts=("aa", "bb", "cc", "dd"), **kw):
    choices = tuple(ChoiceData(t, 1.0 if i == key_at else 0.0) for i, t in enumerate(texts))
    fields = {"slug": slug, "topic": "t", "kind": "single", "difficulty": 2,
              "stem": f"Stem {slug}?", "explanation": GOOD_EXPLANATION, "choices": choices}
    return QuestionData(**(fields | kw))


def test_clean_question_has_no_findings():
    assert question_findings(single("ok")) == []


def test_short_explanation_bad_latex_bare_fence_and_of_the_above_are_flagged():
    q = single("bad", explanation="Too short.",
               stem="Compute $\\frac{1}{$ here\n\n```\nx = 1\n```\n",
               texts=("aa", "bb", "cc", "All of the above"))
    found = " | ".join(question_findings(q))
    assert "explanation shorter" in found
    assert "LaTeX" in found
    assert "code fence without a language" in found
    assert "of the above" in found


def test_keys_piled_on_one_position_are_flagged_and_an_even_spread_passes():
    piled = [single(f"p{i}", key_at=0) for i in range(8)]
    assert any("key positions" in f for f in bank_findings(piled))
    spread = [single(f"s{i}", key_at=i % 4) for i in range(8)]
    assert bank_findings(spread) == []
    assert [key_position(q) for q in spread[:4]] == [0, 1, 2, 3]


def test_key_that_is_usually_the_longest_option_is_flagged():
    giveaway = [single(f"g{i}", key_at=i % 4,
                       texts=tuple("a much longer, careful answer" if j == i % 4 else "x"
                                   for j in range(4))) for i in range(8)]
    assert any("longest option" in f for f in bank_findings(giveaway))


def test_duplicate_stems_and_slugs_are_flagged():
    twins = [single("a", key_at=0, stem="Same?"), single("a", key_at=1, stem="same?")]
    found = " | ".join(bank_findings(twins))
    assert "duplicate stem" in found and "duplicate slug" in found


def test_near_duplicate_stems_are_flagged_but_different_questions_pass():
    a = single("a", stem="Which vector is orthogonal to $u = (1, 2)$ in the plane?")
    b = single("b", key_at=1, stem="Which vector is orthogonal to $u = (1, 3)$ in the plane?")
    c = single("c", key_at=2, stem="What does `git fetch` change in your repository?")
    assert near_duplicate_stems([a, b, c]) == [("a", "b")]
    assert any("near-duplicate stems: a ~ b" in f for f in bank_findings([a, b, c]))
