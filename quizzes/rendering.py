"""Authored text to safe HTML: Markdown, LaTeX math as MathML, code highlighted by Pygments.

Pure (no ORM). Every output passes through nh3 (the ammonia sanitiser), so nothing an
author or learner types can run script in another user's page (DESIGN invariant 6).
Versions are immutable, so rendering is cached by text.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import nh3
from latex2mathml.converter import convert as latex_to_mathml
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

MATHML_TAGS = {
    "math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace",
    "msup", "msub", "msubsup", "mfrac", "msqrt", "mroot", "mover", "munder", "munderover",
    "mtable", "mtr", "mtd", "mstyle", "menclose", "mpadded", "mphantom", "merror",
}
HTML_TAGS = {
    "p", "br", "hr", "em", "strong", "code", "pre", "span", "div", "ul", "ol", "li",
    "blockquote", "a", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
    "del", "sup", "sub", "kbd",
}
MATHML_ATTRS = {
    "display", "xmlns", "mathvariant", "stretchy", "fence", "separator", "lspace", "rspace",
    "columnalign", "rowspacing", "columnspacing", "accent", "accentunder", "movablelimits",
    "minsize", "maxsize", "width", "symmetric", "form", "displaystyle", "scriptlevel",
    "notation", "largeop", "encoding", "columnlines", "rowlines", "frame",
}
ATTRIBUTES = {tag: MATHML_ATTRS for tag in MATHML_TAGS}
ATTRIBUTES.update({
    "span": {"class"}, "div": {"class"}, "pre": {"class"}, "code": {"class"},
    "a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"},
})
_FORMATTER = HtmlFormatter(nowrap=True)
_LANG_RE = re.compile(r"^[A-Za-z0-9_+#.-]+$")
_ESCAPED_BRACE = re.compile(r"\\[{}]")
_UNKNOWN_COMMAND = re.compile(r">(\\[A-Za-z]+)")


class LatexError(ValueError):
    pass


def math_to_mathml(latex: str, display: bool) -> str:
    """LaTeX to MathML; raises LatexError when latex2mathml cannot read it."""
    source = latex.strip()
    depth = 0
    for char in _ESCAPED_BRACE.sub("", source):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            break
    if depth != 0:
        raise LatexError(f"{source!r}: unbalanced braces")
    try:
        out = latex_to_mathml(source, display="block" if display else "inline")
    except Exception as exc:  # latex2mathml raises many kinds of error on bad input
        raise LatexError(f"{source!r}: {type(exc).__name__} {exc}") from exc
    unknown = _UNKNOWN_COMMAND.search(out)
    if unknown:
        raise LatexError(f"{source!r}: unknown command {unknown.group(1)}")
    return out


def _render_math(latex: str, options: dict) -> str:
    try:
        return math_to_mathml(latex, bool(options.get("display_mode")))
    except LatexError:
        return f'<code class="math-error">{html.escape(latex)}</code>'


def _highlight(code: str, lang: str, _attrs: str) -> str:
    lang = (lang or "").strip().split()[0] if lang else ""
    try:
        lexer = get_lexer_by_name(lang) if lang and _LANG_RE.match(lang) else None
    except ClassNotFound:
        lexer = None
    if lexer is None:
        return ""  # markdown-it then escapes the code itself
    # markdown-it wraps this in <pre><code class="language-…">.
    return highlight(code, lexer, _FORMATTER)


def _build() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "highlight": _highlight})
    md.enable("table").enable("strikethrough")
    # allow_digits=False keeps prices such as "$5 and $10" from reading as math.
    dollarmath_plugin(md, allow_digits=False, renderer=_render_math)
    return md


_MD = _build()


@lru_cache(maxsize=8192)
def render_markdown(text: str) -> str:
    """Markdown with $math$ and fenced code to sanitised HTML."""
    raw = _MD.render(text or "")
    return nh3.clean(
        raw,
        tags=HTML_TAGS | MATHML_TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


@lru_cache(maxsize=8192)
def render_inline(text: str) -> str:
    """Like ``render_markdown`` for a short option text: no surrounding <p>."""
    out = render_markdown(text).strip()
    if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    return out


def latex_problems(text: str) -> list[str]:
    """The math snippets in ``text`` that do not convert (for bank validation)."""
    tokens = _MD.parse(text or "")
    problems = []

    def walk(toks):
        for tok in toks:
            if tok.type in ("math_inline", "math_block", "math_block_label"):
                try:
                    math_to_mathml(tok.content, tok.type.startswith("math_block"))
                except LatexError as exc:
                    problems.append(str(exc))
            if tok.children:
                walk(tok.children)

    walk(tokens)
    return problems


def code_fences_without_language(text: str) -> int:
    """How many fenced code blocks in ``text`` name no language."""
    return sum(1 for tok in _MD.parse(text or "") if tok.type == "fence" and not tok.info.strip())


def pygments_css() -> str:
    return _FORMATTER.get_style_defs("pre")
