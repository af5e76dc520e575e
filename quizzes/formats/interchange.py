"""What the GIFT and Moodle XML converters share (docs/bank-format.md §4).

Pure: the records a parse returns (one ``ParsedQuestion`` per question, with its errors
and where it is), Moodle's grade values, the project's metadata that Moodle has no field
for, and the validity check every imported question goes through: the YAML loader's own
rules (``yaml_bank``) and the render check, so a question is accepted from GIFT or XML
exactly when it would be accepted from a bank file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .bank_lint import render_findings
from .data import QuestionData
from .yaml_bank import SLUG_RE, _LineDict, _parse_question

#: Moodle's grades for an answer (question_bank::fraction_options_full), as fractions.
MOODLE_FRACTIONS = (1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333,
                    0.3, 0.25, 0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0)
#: A fraction within this of one of Moodle's grades is that grade (33.33333% is 1/3).
FRACTION_SLACK = 2e-6
#: A question's difficulty tier travels as a Moodle tag ``tier-N``.
TIER_TAG = re.compile(r"^tier-([1-5])$")
#: Imported questions that carry no tier get the middle one.
DEFAULT_TIER = 3
#: Keys of the project's own settings that a format has no place for; they travel as JSON
#: (a ``// skillcheck: {...}`` comment in GIFT, a ``<skillcheck>`` element in XML) that
#: Moodle ignores.
EXTRA_KEYS = ("unit", "tolerance", "tolerance_mode", "case_sensitive", "shuffle",
              "partial_credit")
MAX_SLUG = 120

BAD_FRACTION = ("grade {value:g}% is not one of Moodle's grades (100, 90, 83.33333, 80, 75, "
                "70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571, 12.5, "
                "11.11111, 10, 5, 0, and the same below 0)")
BAD_EXTRAS = "the skillcheck settings are not a JSON object of {keys}"
TIER_TAG_CLASH = "tag {tag!r} looks like a difficulty tag (tier-1 … tier-5); rename it"
DUPLICATE_SLUG = "slug {slug!r} is used by question {first} of this file too"
NOT_TEXT = "the file is not UTF-8 text"
EMPTY_FILE = "the file holds no questions"


@dataclass
class ParsedQuestion:
    """One question of a GIFT or XML file: the plain data when it is valid, else errors.
    ``number`` counts questions (not categories) from 1; ``line`` is where it starts."""

    number: int
    line: int
    title: str
    kind: str
    topic: str
    question: QuestionData | None = None
    errors: list[str] = field(default_factory=list)

    def where(self) -> str:
        at = f", line {self.line}" if self.line else ""
        return f"question {self.number}{at} ({self.title or 'untitled'})"


@dataclass
class ParseResult:
    """A whole file: its questions, and problems that belong to no one question."""

    questions: list[ParsedQuestion] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and not any(q.errors for q in self.questions)

    def messages(self) -> list[str]:
        """Every problem as one line: the file's own, then each question's."""
        return self.problems + [f"{q.where()}: {e}" for q in self.questions for e in q.errors]


@dataclass
class ExportResult:
    """An exported file, and the questions left out of it with the reason."""

    text: str
    skipped: list[str] = field(default_factory=list)


def snap_fraction(value: float) -> float | None:
    """The Moodle grade ``value`` stands for (-1 … 1), or None if it is none of them."""
    for grade in MOODLE_FRACTIONS:
        for signed in (grade, -grade):
            if abs(value - signed) <= FRACTION_SLACK:
                return signed
    return None


def percent(fraction: float) -> str:
    """A fraction as Moodle writes a grade in percent: 100, 50, 33.33333, -14.28571."""
    text = f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def number(value: float) -> str:
    """A number as short as it reads back exactly: 2448, 0.05, 1e-09."""
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(value)


def slugify(text: str, fallback: str) -> str:
    """A slug from a Moodle name or a stem's first words; ``fallback`` when none is left."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80].strip("-")
    return slug or fallback


def unique_slugs(parsed: list[ParsedQuestion]) -> None:
    """Two questions of one file must not share a slug: the later one gets an error."""
    first: dict[str, int] = {}
    for p in parsed:
        if p.question is None:
            continue
        slug = p.question.slug
        if slug in first:
            p.errors.append(DUPLICATE_SLUG.format(slug=slug, first=first[slug]))
        else:
            first[slug] = p.number


def split_tags(tags: list[str]) -> tuple[int, tuple[str, ...]]:
    """Moodle tags -> (difficulty tier, the project's tags)."""
    tier, rest = DEFAULT_TIER, []
    for tag in tags:
        match = TIER_TAG.match(tag)
        if match:
            tier = int(match.group(1))
        else:
            rest.append(tag)
    return tier, tuple(rest)


def export_tags(q: QuestionData) -> list[str]:
    """The question's tags for Moodle, its tier last."""
    return [*q.tags, f"tier-{q.difficulty}"]


def export_problems(q: QuestionData) -> list[str]:
    """What keeps a question out of any export (its tags would read back as a tier)."""
    return [TIER_TAG_CLASH.format(tag=t) for t in q.tags if TIER_TAG.match(t)]


def extras_json(settings: dict) -> str:
    return json.dumps(settings, ensure_ascii=False, sort_keys=True)


def read_extras(raw: str, errors: list[str]) -> dict:
    try:
        value = json.loads(raw)
    except ValueError:
        value = None
    if not isinstance(value, dict) or set(value) - set(EXTRA_KEYS):
        errors.append(BAD_EXTRAS.format(keys=", ".join(EXTRA_KEYS)))
        return {}
    return value


def bank_item(q: QuestionData) -> dict:
    """The question as a YAML bank entry, for the loader's own checks."""
    item: dict = {"slug": q.slug, "topic": q.topic, "kind": q.kind, "difficulty": q.difficulty,
                  "stem": q.stem, "explanation": q.explanation, "tags": list(q.tags)}
    d = q.data
    if q.kind in ("single", "multiple"):
        item["choices"] = [{"text": c.text, "fraction": c.fraction, "feedback": c.feedback}
                           for c in q.choices]
        item["shuffle"] = d.get("shuffle", True)
    elif q.kind == "truefalse":
        by_text = {c.text: c for c in q.choices}
        true, false = by_text.get("True"), by_text.get("False")
        item["answer"] = bool(true and true.fraction == 1.0)
        item["feedback_true"] = true.feedback if true else ""
        item["feedback_false"] = false.feedback if false else ""
    elif q.kind == "numeric":
        item.update(answer=d.get("answer"), tolerance=d.get("tolerance"),
                    tolerance_mode=d.get("tolerance_mode", "absolute"), unit=d.get("unit", ""))
    elif q.kind == "text":
        item.update(accepted=list(d.get("accepted", [])),
                    case_sensitive=d.get("case_sensitive", False))
    elif q.kind == "ordering":
        item.update(items=[c.text for c in q.choices],
                    partial_credit=d.get("partial_credit", True))
    return item


def checked(q: QuestionData, errors: list[str]) -> QuestionData | None:
    """The question as the bank loader would store it, or None with the reasons added to
    ``errors``: the loader's rules (kinds, choices, fractions, keys) and the render check."""
    if not SLUG_RE.match(q.slug) or len(q.slug) > MAX_SLUG:
        errors.append(f"slug {q.slug!r} must be lowercase words joined by hyphens, at most "
                      f"{MAX_SLUG} characters")
        return None
    item = _LineDict(bank_item(q))
    item.line = q.line
    problems: list = []
    result = _parse_question(item, {q.topic}, problems)
    prefix = f"question {q.slug!r}: "
    errors += [p.message.removeprefix(prefix) for p in problems]
    if result is None or problems:
        return None
    findings = render_findings(result)
    errors += [f"{where}: {problem}" for where, problem in findings]
    return None if findings else result


def finish(parsed: ParsedQuestion, build: Callable[[], QuestionData | None]) -> ParsedQuestion:
    """Build a record's question and check it; errors while building stay on the record."""
    if parsed.errors:
        return parsed
    q = build()
    if q is not None and not parsed.errors:
        parsed.question = checked(q, parsed.errors)
    return parsed
