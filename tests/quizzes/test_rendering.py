"""Markdown + LaTeX + code to sanitised HTML (invariant 6). No database."""

import re

import pytest

from quizzes.rendering import (
    code_fences_without_language,
    latex_problems,
    render_inline,
    render_markdown,
)


def test_render_markdown_inline_math_becomes_mathml():
    html = render_markdown("Let $x^2$ be.")
    assert "<math" in html and "<msup>" in html
    assert "$" not in html


def test_render_markdown_display_math_is_block_mathml():
    assert 'display="block"' in render_markdown("$$\\frac{a}{b}$$")


def test_render_markdown_prices_are_not_math():
    html = render_markdown("It costs $5 and $10 a month.")
    assert "<math" not in html and "$5" in html


def test_render_markdown_code_is_highlighted_with_pygments_classes():
    html = render_markdown("```python\nx = 1\n```")
    assert '<code class="language-python">' in html
    assert '<span class="n">x</span>' in html


def test_render_markdown_script_is_escaped():
    html = render_markdown("<script>alert(1)</script> <img src=x onerror=alert(1)>")
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_render_markdown_javascript_link_is_dropped():
    html = render_markdown("[x](javascript:alert(1)) [y](https://example.org)")
    assert 'href="javascript' not in html
    assert 'href="https://example.org"' in html


def test_render_markdown_code_fence_html_is_escaped():
    html = render_markdown("```html\n<script>bad()</script>\n```")
    assert "<script>" not in html


def test_render_inline_drops_paragraph_wrapper():
    assert render_inline("**b**") == "<strong>b</strong>"


def test_latex_problems_reports_unbalanced_and_unknown_commands():
    problems = latex_problems("ok $x$ bad $\\frac{a$ and $\\notacommand{x}$")
    assert len(problems) == 2
    assert "unbalanced braces" in problems[0]
    assert "unknown command \\notacommand" in problems[1]


def test_latex_problems_accepts_common_ml_notation():
    text = ("$\\mathbf{x}^\\top \\mathbf{y}$ $\\sum_{i=1}^n x_i$ $\\mathbb{E}[X]$ "
            "$\\lVert x \\rVert_2$ $\\sigma(z) = \\frac{1}{1+e^{-z}}$ "
            "$$\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}$$")
    assert latex_problems(text) == []


def test_code_fences_without_language_counts_bare_fences():
    assert code_fences_without_language("```\nx\n```\n\n```python\ny\n```") == 1


def math_only(html: str) -> str:
    return re.sub(r"<annotation.*?</annotation>", "", html, flags=re.S)


@pytest.mark.parametrize("text", [
    "What are the eigenvalues of\n$$A = \\begin{pmatrix} 2 & 1 \\\\ 1 & 2 \\end{pmatrix}?$$",
    "Compute\n$$\\mathrm{PSI} = \\sum_i a_i$$\nand round to two decimal places.",
    "$$T(n) = 3\\,T(n/2)$$ is the recurrence.",
    "The sum is\n$$\na + b\n= c\n$$",
    "Inline $$x +\ny$$ over two lines in one paragraph.",
])
def test_display_maths_inside_a_paragraph_renders_as_block_mathml(text):
    html = render_markdown(text)
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">' in html
    assert "$" not in re.sub(r"<[^>]+>", "", html)
    # No <div> inside a <p>: display maths in a paragraph is a <math> in a <span>.
    assert "<div" not in html


def test_display_maths_on_its_own_lines_still_renders():
    html = render_markdown("Before.\n\n$$\na = b\n$$\n\nAfter.")
    assert 'display="block"' in html and "$" not in re.sub(r"<[^>]+>", "", html)


@pytest.mark.parametrize(("latex", "opening", "closing"), [
    ("\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}", "(", ")"),
    ("\\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}", "[", "]"),
    ("\\begin{vmatrix} a & b \\\\ c & d \\end{vmatrix}", "|", "|"),
    ("\\left( \\frac{a}{b} \\right)", "(", ")"),
])
def test_matrices_and_left_right_have_stretchy_fences(latex, opening, closing):
    html = math_only(render_markdown(f"$${latex}$$"))
    assert f'<mo stretchy="true" fence="true" form="prefix">{opening}</mo>' in html
    assert f'<mo stretchy="true" fence="true" form="postfix">{closing}</mo>' in html


def test_operator_names_keep_their_spaces():
    """`y \\log p` must not read "ylogp": \\log is an operator with thin spaces."""
    html = math_only(render_markdown("$y \\log p$"))
    assert '<mi>y</mi><mo lspace="0.1667em" rspace="0.1667em">log</mo><mi>p</mi>' in html
    # As in TeX, no space between the name and an opening bracket.
    assert '<mo lspace="0.1667em" rspace="0">ln</mo>' in math_only(render_markdown("$\\ln(x)$"))
    assert '<mo lspace="0.1667em" rspace="0">log</mo>' in math_only(
        render_markdown("$\\log\\left(\\frac{a}{b}\\right)$"))
    assert "<mi>sin</mi>" not in math_only(render_markdown("$\\sin x$"))


def test_backslash_line_break_is_a_control_space_not_a_stray_backslash():
    html = math_only(render_markdown("$\\min(a,\\\nb)$"))
    assert "\\" not in re.sub(r"<[^>]+>", "", html) and "math-error" not in html


def test_rendering_is_cached_by_text():
    assert render_markdown("$$x$$ cached") is render_markdown("$$x$$ cached")
