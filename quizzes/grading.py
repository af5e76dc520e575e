"""Grading: (a version's answer key, a learner's answer) -> credit in [0, 1].

Pure module, Moodle's rules (docs/bank-format.md "Fractions"). It never imports models:
``quizzes.services`` builds an ``AnswerKey`` from a question version and its choices.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass

NOT_A_NUMBER = "Enter a number, such as 42, -0.5, .25 or 1e-3."
NUMBER_RE = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")
_SPACES = re.compile(r"\s+")
CREDIT_DIGITS = 6


@dataclass(frozen=True)
class ChoiceKey:
    id: int
    fraction: float


@dataclass(frozen=True)
class AnswerKey:
    kind: str
    # single / multiple / truefalse: every option with its fraction.
    # ordering: the items in the correct order.
    choices: tuple[ChoiceKey, ...] = ()
    answer: float | None = None  # numeric
    tolerance: float = 0.0
    tolerance_mode: str = "absolute"
    accepted: tuple[str, ...] = ()  # text
    case_sensitive: bool = False
    partial_credit: bool = False  # ordering


def key_from_data(kind: str, choices: tuple[ChoiceKey, ...], data: dict) -> AnswerKey:
    """The key of a question version from its kind, its options (or ordering items, in
    the correct order) and its kind-specific ``data`` (docs/bank-format.md)."""
    return AnswerKey(
        kind=kind,
        choices=choices,
        answer=data.get("answer"),
        tolerance=float(data.get("tolerance") or 0.0),
        tolerance_mode=data.get("tolerance_mode", "absolute"),
        accepted=tuple(data.get("accepted", ())),
        case_sensitive=bool(data.get("case_sensitive", False)),
        partial_credit=bool(data.get("partial_credit", False)),
    )


@dataclass(frozen=True)
class Answer:
    """A learner's answer. Which field is used depends on the kind."""

    choice_ids: tuple[int, ...] = ()  # single/truefalse: one id; multiple: any; ordering: all
    number: float | None = None
    text: str | None = None
    dont_know: bool = False  # "I don't know": answered, and scored as wrong

    @property
    def is_blank(self) -> bool:
        return (not self.dont_know and not self.choice_ids and self.number is None
                and not (self.text or "").strip())


def parse_number(raw: str) -> float:
    """Parse what a learner typed into a numeric box, or raise ValueError(NOT_A_NUMBER).

    Accepts ``0.5``, ``.5``, ``1e-3``, ``-2`` and surrounding spaces; a comma is taken as
    a decimal point when there is no dot (``0,5``). Rejects words, NaN and infinities.
    """
    text = (raw or "").strip().replace("\u2212", "-")
    if "," in text and "." not in text and text.count(",") == 1:
        text = text.replace(",", ".")
    if not NUMBER_RE.match(text):
        raise ValueError(NOT_A_NUMBER)
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(NOT_A_NUMBER)
    return value


def normalise_text(text: str, *, case_sensitive: bool = False) -> str:
    """Trim, collapse inner white space, and lower-case unless case matters."""
    text = _SPACES.sub(" ", (text or "").strip())
    return text if case_sensitive else text.casefold()


def grade(key: AnswerKey, answer: Answer) -> float:
    """The credit for ``answer`` under ``key``, in [0, 1]. Blank answers and "I don't
    know" score 0."""
    if answer.is_blank or answer.dont_know:
        return 0.0
    grader = _GRADERS.get(key.kind)
    if grader is None:
        raise ValueError(f"unknown question kind {key.kind!r}")
    # Rounded so that stored thirds (0.3333333 x 3) add up to full credit exactly.
    return round(_clamp(grader(key, answer)), CREDIT_DIGITS)


def _clamp(value: float) -> float:
    if math.isnan(value):
        return 0.0
    return min(1.0, max(0.0, value))


def _grade_single(key: AnswerKey, answer: Answer) -> float:
    if len(answer.choice_ids) != 1:
        return 0.0
    fractions = {c.id: c.fraction for c in key.choices}
    return fractions.get(answer.choice_ids[0], 0.0)


def _grade_multiple(key: AnswerKey, answer: Answer) -> float:
    fractions = {c.id: c.fraction for c in key.choices}
    # A tampered or repeated id earns nothing: count each known option once.
    return sum(fractions[i] for i in set(answer.choice_ids) if i in fractions)


def _grade_numeric(key: AnswerKey, answer: Answer) -> float:
    if key.answer is None or answer.number is None or not math.isfinite(answer.number):
        return 0.0
    allowed = key.tolerance
    if key.tolerance_mode == "relative":
        allowed = key.tolerance * abs(key.answer)
    # A tiny slack so that a tolerance written in decimal is not lost to binary rounding.
    slack = 1e-12 * max(1.0, abs(key.answer))
    return 1.0 if abs(answer.number - key.answer) <= allowed + slack else 0.0


def _grade_text(key: AnswerKey, answer: Answer) -> float:
    given = normalise_text(answer.text or "", case_sensitive=key.case_sensitive)
    accepted = {normalise_text(a, case_sensitive=key.case_sensitive) for a in key.accepted}
    return 1.0 if given and given in accepted else 0.0


def _grade_ordering(key: AnswerKey, answer: Answer) -> float:
    correct = [c.id for c in key.choices]
    given = list(answer.choice_ids)
    if sorted(given) != sorted(correct):
        return 0.0  # not a permutation of the items: tampered or incomplete
    if given == correct:
        return 1.0
    if not key.partial_credit or len(correct) < 2:
        return 0.0
    position = {item: i for i, item in enumerate(given)}
    pairs = list(itertools.pairwise(correct))
    kept = sum(1 for a, b in pairs if position[b] == position[a] + 1)
    return kept / len(pairs)


_GRADERS = {
    "single": _grade_single,
    "truefalse": _grade_single,
    "multiple": _grade_multiple,
    "numeric": _grade_numeric,
    "text": _grade_text,
    "ordering": _grade_ordering,
}
