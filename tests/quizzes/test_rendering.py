"""Markdown + LaTeX + code to sanitised HTML (invariant 6). No database."""

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
