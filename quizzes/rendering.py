r"""Authored text to safe HTML: Markdown, LaTeX math as MathML, code highlighted by Pygments.

Pure (no ORM). Every output passes through nh3 (the ammonia sanitiser), so nothing an
author or learner types can run script in another user's page (DESIGN invariant 6).
Versions are immutable, so rendering is cached by text.

Images: ``![alt](image:slug)`` names an uploaded image; it renders as a placeholder
``<img src="image:slug">`` that ``quizzes.images.with_images`` resolves to the stored file
(this module stays pure). Images from anywhere else render as their alt text.

Maths: ``$…$`` inline, ``$$…$$`` display, also inside a paragraph (there it becomes a
``<math display="block">`` inside the paragraph). Matrices get stretchy fences and
operator names such as ``\log`` keep TeX's thin spaces. ``render_problems`` says what in a
piece of authored text does not render cleanly; the admin, the bank loader and the bank
linter refuse such text with its reasons.
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
    "img": {"src", "alt"},
})
_FORMATTER = HtmlFormatter(nowrap=True)
_LANG_RE = re.compile(r"^[A-Za-z0-9_+#.-]+$")
_ESCAPED_BRACE = re.compile(r"\\[{}]")
# latex2mathml copies what it cannot read into the output: "\foo", a lone "\".
_UNKNOWN_COMMAND = re.compile(r">\s*(\\[A-Za-z]*[^<]?)")
# Matrix environments become \left…\right around a plain matrix: stretchy fences.
_MATRIX_FENCES = {"pmatrix": ("(", ")"), "bmatrix": ("[", "]"), "Bmatrix": ("\\{", "\\}"),
                  "vmatrix": ("|", "|"), "Vmatrix": ("\\|", "\\|")}
_MATRIX_ENV = re.compile(r"\\(begin|end)\{(" + "|".join(_MATRIX_FENCES) + r")\}")
# Operator names latex2mathml leaves as plain identifiers (<mi>log</mi>): made operators
# with TeX's thin space on each side (none before an opening bracket, as in TeX).
OPERATOR_NAMES = ("arccos", "arcsin", "arctan", "cos", "cosh", "cot", "coth", "csc", "deg",
                  "dim", "exp", "hom", "ker", "lg", "ln", "log", "sec", "sin", "sinh", "tan",
                  "tanh")
_OPERATOR_MI = re.compile(r"<mi>(" + "|".join(OPERATOR_NAMES) + r")</mi>"
                          r"(?=(<mo stretchy=\"false\">(?:&#x00028;|&#x0005B;|&#x0007B;)"
                          r"|<mrow><mo stretchy=\"true\" fence=\"true\" form=\"prefix\">)?)")
THIN_SPACE = "0.1667em"
# Commands latex2mathml does not know, written with ones it does.
# A backslash before a line break is TeX's control space ("\ "); "\\" stays a row break.
_REWRITES = ((re.compile(r"\\arg(?![A-Za-z])"), r"\\operatorname{arg}"),
             (re.compile(r"(\\\\)|\\\n"), lambda m: m.group(1) or "\\ "))


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
    prepared = _MATRIX_ENV.sub(_matrix_fence, source)
    for pattern, replacement in _REWRITES:
        prepared = pattern.sub(replacement, prepared)
    try:
        out = latex_to_mathml(prepared, display="block" if display else "inline")
    except Exception as exc:  # latex2mathml raises many kinds of error on bad input
        raise LatexError(f"{source!r}: {type(exc).__name__} {exc}") from exc
    unknown = _UNKNOWN_COMMAND.search(out)
    if unknown:
        raise LatexError(f"{source!r}: unknown command {unknown.group(1)}")
    return _OPERATOR_MI.sub(_operator, out)


def _matrix_fence(match: re.Match) -> str:
    opening, closing = _MATRIX_FENCES[match.group(2)]
    if match.group(1) == "begin":
        return f"\\left{opening}\\begin{{matrix}}"
    return f"\\end{{matrix}}\\right{closing}"


def _operator(match: re.Match) -> str:
    rspace = "0" if match.group(2) else THIN_SPACE
    return f'<mo lspace="{THIN_SPACE}" rspace="{rspace}">{match.group(1)}</mo>'


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
    # allow_digits=False keeps prices such as "$5 and $10" from reading as math;
    # double_inline reads $$…$$ inside a paragraph as display maths.
    dollarmath_plugin(md, allow_digits=False, double_inline=True, renderer=_render_math)
    md.add_render_rule("math_inline_double", _render_display_in_paragraph)
    md.add_render_rule("image", _render_image)
    return md


IMAGE_SCHEME = "image:"
_IMAGE_REF = re.compile(r"^image:([a-z0-9]+(?:-[a-z0-9]+)*)$")


def _render_image(self, tokens, idx, options, env) -> str:
    # Only uploaded images, named ``image:slug``: a placeholder <img> that
    # ``quizzes.images.with_images`` turns into the stored file with its size. An image
    # from elsewhere (a tracking pixel, a hot-linked file) is shown as its alt text.
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env)
    match = _IMAGE_REF.match(token.attrGet("src") or "")
    if match is None:
        return html.escape(alt)
    return f'<img src="{IMAGE_SCHEME}{match.group(1)}" alt="{html.escape(alt)}">'


def _only_uploaded_images(tag: str, attribute: str, value: str) -> str | None:
    """nh3 attribute filter: an <img> keeps only an ``image:slug`` source, and no link
    points at ``image:``."""
    if attribute in ("src", "href"):
        is_image_ref = bool(_IMAGE_REF.match(value))
        if (tag == "img") != is_image_ref:
            return None
    return value


def _render_display_in_paragraph(self, tokens, idx, options, env) -> str:
    # A <div> may not sit inside a <p>; <math display="block"> may (phrasing content).
    content = _render_math(tokens[idx].content.strip(), {"display_mode": True})
    return f'<span class="math display">{content}</span>'


_MD = _build()
# The same grammar for checking, with backslash escapes kept apart from the text around
# them, so that a written dollar (\$) is told from a stray one.
_CHECK_MD = _build().disable("text_join")


@lru_cache(maxsize=8192)
def render_markdown(text: str) -> str:
    """Markdown with $math$ and fenced code to sanitised HTML."""
    raw = _MD.render(text or "")
    return nh3.clean(
        raw,
        tags=HTML_TAGS | MATHML_TAGS | {"img"},
        attributes=ATTRIBUTES,
        attribute_filter=_only_uploaded_images,
        url_schemes={"http", "https", "mailto", "image"},
        link_rel="noopener noreferrer nofollow",
    )


@lru_cache(maxsize=8192)
def render_inline(text: str) -> str:
    """Like ``render_markdown`` for a short option text: no surrounding <p>."""
    out = render_markdown(text).strip()
    if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    return out


STRAY_DOLLAR = ("a stray $ in “{context}”: close the maths ($…$ or $$…$$), or write \\$ for a "
                "dollar sign")
BACKSLASH_DELIMITER = ("{delimiter} is not a maths delimiter here: write $…$ for inline maths "
                       "and $$…$$ for display maths")
LATEX_PROBLEM = "LaTeX {problem}"
FENCE_NOT_CLOSED = "a code fence opened on line {line} is not closed (end it with {markup})"
FENCE_WITHOUT_LANGUAGE = ("a code fence without a language on line {line} (write ```python, "
                          "```bash, ```yaml, ```text…)")
_FENCE_LINE = re.compile(r"^[\s>]*(`{3,}|~{3,})\s*$")


def render_problems(text: str, *, fence_language: bool = True) -> list[str]:
    """What in a piece of authored text does not render cleanly, in plain words: a stray
    ``$``, ``\\(``/``\\)``/``\\[``/``\\]`` used as maths delimiters, LaTeX that
    latex2mathml cannot read (unbalanced braces, unknown commands), code fences left open
    and, when ``fence_language``, code fences that name no language. Empty when clean."""
    source = (text or "").replace("\r\n", "\n")
    lines = source.split("\n")
    problems: list[str] = []

    def walk(tokens):
        for tok in tokens:
            if tok.type in ("math_inline", "math_inline_double", "math_block",
                            "math_block_label"):
                try:
                    math_to_mathml(tok.content, tok.type != "math_inline")
                except LatexError as exc:
                    problems.append(LATEX_PROBLEM.format(problem=exc))
            elif tok.type == "text" and "$" in tok.content:
                at = tok.content.index("$")
                context = " ".join(tok.content[max(0, at - 20):at + 20].split())
                problems.append(STRAY_DOLLAR.format(context=context))
            elif tok.type == "text_special" and tok.markup in ("\\(", "\\)", "\\[", "\\]"):
                problems.append(BACKSLASH_DELIMITER.format(delimiter=tok.markup))
            elif tok.type == "fence":
                first, end = tok.map
                closing = _FENCE_LINE.match(lines[end - 1]) if end - 1 > first else None
                if not (closing and closing.group(1)[0] == tok.markup[0]
                        and len(closing.group(1)) >= len(tok.markup)):
                    problems.append(FENCE_NOT_CLOSED.format(line=first + 1, markup=tok.markup))
                if fence_language and not tok.info.strip():
                    problems.append(FENCE_WITHOUT_LANGUAGE.format(line=first + 1))
            if tok.children:
                walk(tok.children)

    walk(_CHECK_MD.parse(source))
    return problems


def latex_problems(text: str) -> list[str]:
    """The math snippets in ``text`` that do not convert (for bank validation)."""
    return [p for p in render_problems(text, fence_language=False)
            if p.startswith(LATEX_PROBLEM.format(problem=""))]


def code_fences_without_language(text: str) -> int:
    """How many fenced code blocks in ``text`` name no language."""
    return sum(1 for tok in _MD.parse(text or "") if tok.type == "fence" and not tok.info.strip())


def pygments_css() -> str:
    return _FORMATTER.get_style_defs("pre")
