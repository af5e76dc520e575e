"""Moodle's HTML text as the project's Markdown, for imports (docs/bank-format.md §4).

Pure. Moodle stores most text as HTML; the app stores Markdown and renders it with raw
HTML switched off. This keeps what a question needs (paragraphs, line breaks, bold,
italics, inline code, code blocks, lists) and drops every other tag, keeping its text.
Images, tables and links' targets are lost: the preview shows the result before anything
is written.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_INLINE = {"strong": "**", "b": "**", "em": "*", "i": "*", "code": "`"}
_BLOCKS = {"p", "div", "br", "li", "ul", "ol", "pre", "h1", "h2", "h3", "h4", "h5", "h6",
           "blockquote", "tr", "table"}
_TAG_RE = re.compile(r"<[A-Za-z!/][^>]*>")


class _ToMarkdown(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.pre = 0

    def handle_starttag(self, tag, attrs):
        if tag == "pre":
            self.pre += 1
            self.out.append("\n\n```text\n")
        elif tag == "br":
            self.out.append("\n")
        elif tag == "li":
            self.out.append("\n- ")
        elif tag in _BLOCKS:
            self.out.append("\n\n")
        elif tag in _INLINE and not self.pre:
            self.out.append(_INLINE[tag])

    def handle_endtag(self, tag):
        if tag == "pre" and self.pre:
            self.pre -= 1
            self.out.append("\n```\n\n")
        elif tag in _BLOCKS and tag != "li":
            self.out.append("\n\n")
        elif tag in _INLINE and not self.pre:
            self.out.append(_INLINE[tag])

    def handle_data(self, data):
        self.out.append(data if self.pre else re.sub(r"\s+", " ", data))


def looks_like_html(text: str) -> bool:
    return bool(_TAG_RE.search(text))


def html_to_markdown(text: str) -> str:
    """The Markdown a Moodle HTML text stands for (tags other than the basic ones dropped)."""
    parser = _ToMarkdown()
    parser.feed(text)
    parser.close()
    joined = "".join(parser.out)
    lines = [line.rstrip() for line in joined.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
