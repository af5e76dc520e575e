"""Grading: (a version's answer key, a learner's answer) -> credit in [0, 1].

Pure module, Moodle's rules (docs/bank-format.md "Fractions"). It never imports models:
``quizzes.services`` builds an ``AnswerKey`` from a question version and its choices.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass

NOT_A_NUMBER = "Enter a number, such as 42, -0.5, .25, 1e-3 or 2,448."
DECIMAL_COMMA = ("A comma here only groups thousands (2,448 is two thousand four hundred and "
                 "forty-eight). For a decimal, type a dot: {suggestion}")
BAD_GROUPING = ("Group thousands in threes, all with commas or all with spaces, such as "
                "1,234,567 or 1 234 567; or type the number without separators.")
DOT_GROUPING = ("A dot is the decimal point and may appear once. Group thousands with commas "
                "or spaces (1,234,567), or type the number without separators.")
READ_AS = "read as {shown}"
# Spaces a learner may use between groups of three digits (a keyboard space, a no-break
# space, a figure space, a thin space and a narrow no-break space).
GROUP_SPACES = " \u00a0\u2007\u2009\u202f"
_PLAIN = re.compile(r"^(?:[0-9]+\.?[0-9]*|\.[0-9]+)$")
_GROUPED = re.compile(r"^[1-9][0-9]{0,2}(?:(?P<sep>[, ])[0-9]{3})(?:(?P=sep)[0-9]{3})*$")
_EXPONENT = re.compile(r"^(?P<mantissa>.*?)(?P<exp>[eE][+-]?[0-9]+)?$")
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


@dataclass(frozen=True)
class NumberReading:
    """How a numeric entry was read: its value and that value written plainly."""

    value: float
    shown: str

    @property
    def message(self) -> str:
        return READ_AS.format(shown=self.shown)


def read_number(raw: str) -> NumberReading:
    """Read what a learner typed into a numeric box, or raise ValueError with a message
    that says how to type it (docs/bank-format.md "Numeric answers").

    The decimal point is a dot. Commas or spaces (also no-break and thin spaces) may group
    the whole part in threes: ``2,448``, ``12,345.5``, ``1 000``, ``1,234,567``. A comma in
    any other place is refused, not guessed: ``1,5``, ``2,44``, ``1,2345`` and ``1.234,5``
    each get a message that suggests the dotted form. Also accepted: ``.5``, ``2.``,
    ``1e-3``, a leading ``+`` or ``-`` (or the minus sign U+2212). Words, NaN and
    infinities are refused.
    """
    text = (raw or "").strip().replace("\u2212", "-")
    for space in GROUP_SPACES[1:]:
        text = text.replace(space, " ")
    sign = ""
    if text[:1] in "+-" and text:
        sign, text = text[0], text[1:]
    split = _EXPONENT.match(text)
    mantissa, exponent = split.group("mantissa"), split.group("exp") or ""
    if not mantissa:
        raise ValueError(NOT_A_NUMBER)
    whole, dot, fraction = mantissa.partition(".")
    if _PLAIN.match(mantissa):
        plain = mantissa
    elif dot and "," not in mantissa and " " not in mantissa and "." in fraction:
        raise ValueError(DOT_GROUPING)
    elif _GROUPED.match(whole) and (not dot or fraction.isdigit() or fraction == "") \
            and "," not in fraction and " " not in fraction:
        plain = whole.replace(",", "").replace(" ", "") + dot + fraction
    else:
        raise ValueError(_refusal(sign, mantissa, exponent))
    try:
        value = float(sign + plain + exponent)
    except ValueError:
        raise ValueError(NOT_A_NUMBER) from None
    if not math.isfinite(value):
        raise ValueError(NOT_A_NUMBER)
    return NumberReading(value=value, shown=format_number(value))


def _refusal(sign: str, mantissa: str, exponent: str) -> str:
    """The message for a mantissa that is neither plain nor grouped in threes."""
    if mantissa.count(",") == 1:
        whole, _, decimals = mantissa.partition(",")
        # A decimal comma (1,5 or 1.234,5 or 1 234,5): suggest the dotted form.
        grouped = whole.replace(".", ",") if "." in whole else whole
        if decimals.isdigit() and (whole.isdigit() or whole == ""
                                   or _GROUPED.match(grouped)):
            digits = grouped.replace(",", "").replace(" ", "")
            return DECIMAL_COMMA.format(suggestion=f"{sign}{digits or '0'}.{decimals}{exponent}")
    if re.fullmatch(r"[0-9.][0-9., ]*", mantissa) and re.search(r"[0-9]", mantissa):
        return DOT_GROUPING if mantissa.count(".") > 1 else BAD_GROUPING
    return NOT_A_NUMBER


def format_number(value: float) -> str:
    """A number written plainly, without separators: 2448, 12345.5, 0.001, 1e+20."""
    shown = f"{value:.15g}"
    return "0" if shown == "-0" else shown


def parse_number(raw: str) -> float:
    """The value of a numeric entry (``read_number``), or ValueError with the message."""
    return read_number(raw).value


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
