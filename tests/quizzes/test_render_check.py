"""The render check (``rendering.render_problems``) and every shipped version rendered
through it and through the renderer itself. No database."""

import re
from pathlib import Path

import pytest

from quizzes.formats.bank_lint import render_findings, text_fields
from quizzes.formats.data import ChoiceData, QuestionData
from quizzes.formats.yaml_bank import parse_bank
from quizzes.rendering import (
    BACKSLASH_DELIMITER,
    FENCE_NOT_CLOSED,
    FENCE_WITHOUT_LANGUAGE,
    STRAY_DOLLAR,
    render_inline,
    render_markdown,
    render_problems,
)

BANKS = Path(__file__).resolve().parents[2] / "quizzes" / "banks"
SHIPPED = [q for path in sorted(BANKS.glob("*.yaml"))
           for q in parse_bank(path.read_text(encoding="utf-8")).questions]


def visible_text(html: str) -> str:
    """What a reader sees outside code: tags, code blocks and inline code removed."""
    html = re.sub(r"<pre.*?</pre>|<code.*?</code>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", "", html)


def test_every_area_bank_is_here():
    assert len(SHIPPED) >= 200
    assert {q.slug for q in SHIPPED} >= {
        "linear-algebra-eigenvalues-symmetric-2x2", "recursion-karatsuba-recurrence",
        "ml-deployment-psi-three-bins", "containers-orchestration-hpa-desired-replicas",
        "arrays-hashing-expected-collision-pairs"}


@pytest.mark.parametrize("q", SHIPPED, ids=lambda q: q.slug)
def test_shipped_version_renders_cleanly(q):
    """Stem, explanation, every choice and feedback: no leftover $, \\( or \\[, no
    unknown macro, no LaTeX error, no open or language-less code fence."""
    assert render_findings(q) == []
    for where, text in text_fields(q):
        render = render_inline if where.startswith(("choice", "item")) else render_markdown
        html = render(text)
        shown = visible_text(html)
        assert "math-error" not in html, (where, text)
        for leftover in ("$", "\\(", "\\)", "\\[", "\\]", "\\"):
            assert leftover not in shown, (where, leftover, shown)


def test_the_five_reported_items_now_show_display_maths():
    by_slug = {q.slug: q for q in SHIPPED}
    for slug, field in [("linear-algebra-eigenvalues-symmetric-2x2", "stem"),
                        ("recursion-karatsuba-recurrence", "stem"),
                        ("ml-deployment-psi-three-bins", "stem"),
                        ("containers-orchestration-hpa-desired-replicas", "explanation"),
                        ("arrays-hashing-expected-collision-pairs", "explanation")]:
        html = render_markdown(getattr(by_slug[slug], field))
        assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">' in html, slug
        assert "$" not in visible_text(html), slug


@pytest.mark.parametrize("text", ["It costs $5 a month.", "Half $x + y is open.",
                                  "Two $$ signs"])
def test_stray_dollar_is_a_problem(text):
    problems = render_problems(text)
    assert problems and problems[0].startswith(STRAY_DOLLAR.split("“")[0])


def test_escaped_dollar_and_dollars_in_code_are_fine():
    assert render_problems("It costs \\$5; run `echo $HOME`.\n\n```bash\necho $PATH\n```") == []
    assert "$5" in render_markdown("It costs \\$5.")


@pytest.mark.parametrize("delimiter", ["\\(", "\\)", "\\[", "\\]"])
def test_backslash_delimiters_are_a_problem(delimiter):
    assert BACKSLASH_DELIMITER.format(delimiter=delimiter) in render_problems(
        "Let \\(x\\) and \\[y\\] be.")


@pytest.mark.parametrize(("text", "expected"), [
    ("$\\frob x$", "unknown command \\frob"),
    ("$$\\frac{a$$", "unbalanced braces"),
    ("Text $$\\nope{1}$$ text", "unknown command \\nope"),
    ("$\\alpha + \\betaa$", "unknown command \\betaa"),
])
def test_latex_errors_and_unknown_macros_are_problems(text, expected):
    problems = render_problems(text)
    assert len(problems) == 1 and problems[0].startswith("LaTeX") and expected in problems[0]


def test_code_fences_open_or_without_language_are_problems():
    assert render_problems("Look:\n\n```python\nx = 1\n") == [
        FENCE_NOT_CLOSED.format(line=3, markup="```")]
    assert render_problems("```\nx = 1\n```") == [FENCE_WITHOUT_LANGUAGE.format(line=1)]
    assert render_problems("```\nx = 1\n```", fence_language=False) == []
    assert render_problems("~~~~yaml\na: 1\n~~~~\n\n> ```bash\n> ls\n> ```") == []


def test_clean_text_has_no_problems():
    text = ("Let $x^2$ and\n$$\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}$$\nthen "
            "$y \\log p$, $\\arg z$.\n\n```python\nx = 1\n```")
    assert render_problems(text) == []


def test_render_findings_name_the_field():
    q = QuestionData(slug="s", topic="t", kind="single", difficulty=2, stem="Costs $5",
                     explanation="Fine.", choices=(ChoiceData("$\\frob$", 1.0),
                                                   ChoiceData("b", 0.0, "See \\(x\\)")))
    assert [where for where, _ in render_findings(q)] == ["stem", "choice 1",
                                                           "feedback of choice 2",
                                                           "feedback of choice 2"]
