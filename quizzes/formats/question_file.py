"""Which interchange format a file is in, and reading it from the bytes of an upload.

Pure. A file is Moodle XML when its first non-blank character is ``<``, GIFT otherwise
(``.xml`` / ``.gift`` / ``.txt`` names are only a hint Moodle itself does not rely on).
"""

from __future__ import annotations

from . import gift, moodle_xml
from .data import QuestionData
from .interchange import NOT_TEXT, ExportResult, ParseResult

FORMATS = {"gift": gift, "xml": moodle_xml}
EXTENSIONS = {"gift": "gift.txt", "xml": "xml"}
CONTENT_TYPES = {"gift": "text/plain; charset=utf-8", "xml": "application/xml; charset=utf-8"}


def detect(text: str) -> str:
    return "xml" if text.lstrip("\ufeff \t\r\n").startswith("<") else "gift"


def parse_bytes(raw: bytes) -> tuple[str, ParseResult]:
    """(format, what the file holds). Bytes that are not UTF-8 text are a file problem."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "", ParseResult(problems=[NOT_TEXT])
    if "\x00" in text:
        return "", ParseResult(problems=[NOT_TEXT])
    fmt = detect(text)
    return fmt, FORMATS[fmt].parse(text)


def dump(fmt: str, items: list[tuple[str, QuestionData]]) -> ExportResult:
    return FORMATS[fmt].dump(items)
