"""Independent answer-key review: a blind sheet for a reviewer, and the comparison.

Pure. ``blind_sheet`` renders questions without their keys or explanations (ordering
items in a fixed shuffled order, options lettered as in the file); the reviewer writes a
YAML file ``slug: answer``; ``compare`` grades each reviewer answer against the key with
the app's own grading rules. Agreement = full credit. See docs/key-review.md.

    python -m quizzes.formats.key_review sheet BANK.yaml... > sheet.md
    python -m quizzes.formats.key_review compare ANSWERS.yaml BANK.yaml... > report.md
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from string import ascii_uppercase

import yaml

from .. import grading
from .data import QuestionData
from .yaml_bank import parse_bank

HOW_TO_ANSWER = {
    "single": "one letter",
    "truefalse": "true or false",
    "multiple": "every correct letter, comma-separated",
    "numeric": "a number",
    "text": "the exact text to type",
    "ordering": "all letters in the correct order, comma-separated",
}


def ordering_display(q: QuestionData) -> list[int]:
    """Indexes of the ordering items in the order the sheet shows them (stable per slug)."""
    order = list(range(len(q.choices)))
    rng = random.Random(q.slug)
    while order == sorted(order) and len(order) > 1:
        rng.shuffle(order)
    return order


def blind_sheet(questions: list[QuestionData]) -> str:
    parts = ["# Blind answer sheet\n\nAnswer each question in a YAML file, `slug: answer`.\n"]
    for q in questions:
        parts.append(f"## {q.slug}\n\n*{q.kind}, difficulty {q.difficulty}; "
                     f"answer with {HOW_TO_ANSWER[q.kind]}*\n\n{q.stem.strip()}\n")
        if q.kind in {"single", "multiple"}:
            parts += [f"- {ascii_uppercase[i]}. {c.text}" for i, c in enumerate(q.choices)]
        elif q.kind == "ordering":
            shown = ordering_display(q)
            parts += [f"- {ascii_uppercase[i]}. {q.choices[j].text}" for i, j in enumerate(shown)]
        elif q.kind == "numeric" and q.data.get("unit"):
            parts.append(f"(unit: {q.data['unit']})")
        parts.append("")
    return "\n".join(parts)


def answer_key(q: QuestionData) -> grading.AnswerKey:
    """The grading key of a parsed question; option ids are their 0-based positions."""
    return grading.key_from_data(
        q.kind, tuple(grading.ChoiceKey(i, c.fraction) for i, c in enumerate(q.choices)),
        q.data)


def _letters(raw: str) -> tuple[int, ...]:
    letters = [p.strip().upper() for p in str(raw).replace(" ", ",").split(",") if p.strip()]
    return tuple(ascii_uppercase.index(p) for p in letters if len(p) == 1 and p in ascii_uppercase)


def reviewer_answer(q: QuestionData, raw) -> grading.Answer:
    """Turn what the reviewer wrote into the app's ``Answer`` for this question."""
    if q.kind == "truefalse":
        value = str(raw).strip().lower() in {"true", "t", "yes"}
        labels = [c.text.lower() for c in q.choices]
        return grading.Answer(choice_ids=(labels.index("true" if value else "false"),))
    if q.kind in {"single", "multiple"}:
        return grading.Answer(choice_ids=_letters(raw))
    if q.kind == "ordering":
        shown = ordering_display(q)
        picked = _letters(raw)
        return grading.Answer(choice_ids=tuple(shown[i] for i in picked if i < len(shown)))
    if q.kind == "numeric":
        try:
            return grading.Answer(number=grading.parse_number(str(raw)))
        except ValueError:
            return grading.Answer()
    return grading.Answer(text=str(raw))


def key_text(q: QuestionData) -> str:
    if q.kind in {"single", "multiple"}:
        return ",".join(ascii_uppercase[i] for i, c in enumerate(q.choices) if c.fraction > 0)
    if q.kind == "truefalse":
        return next(c.text.lower() for c in q.choices if c.fraction == 1.0)
    if q.kind == "ordering":
        position = {j: i for i, j in enumerate(ordering_display(q))}
        return ",".join(ascii_uppercase[position[j]] for j in range(len(q.choices)))
    if q.kind == "numeric":
        return f"{q.data['answer']:g} ± {q.data.get('tolerance', 0):g}"
    return " / ".join(q.data.get("accepted", ()))


@dataclass(frozen=True)
class Verdict:
    slug: str
    kind: str
    key: str
    given: str
    agrees: bool


def compare(questions: list[QuestionData], answers: dict) -> list[Verdict]:
    verdicts = []
    for q in questions:
        raw = answers.get(q.slug)
        given = "" if raw is None else str(raw)
        credit = grading.grade(answer_key(q), reviewer_answer(q, raw)) if given else 0.0
        verdicts.append(Verdict(q.slug, q.kind, key_text(q), given or "(none)", credit == 1.0))
    return verdicts


def report(verdicts: list[Verdict]) -> str:
    agreed = sum(v.agrees for v in verdicts)
    lines = [f"Agreement: {agreed} of {len(verdicts)} "
             f"({100 * agreed / max(1, len(verdicts)):.1f}%)\n",
             "| question | kind | key | reviewer | agrees |", "|---|---|---|---|---|"]
    lines += [f"| {v.slug} | {v.kind} | {v.key} | {v.given} | {'yes' if v.agrees else '**no**'} |"
              for v in verdicts]
    return "\n".join(lines) + "\n"


def _questions(paths: list[str]) -> list[QuestionData]:
    qs = []
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            qs += list(parse_bank(fh.read()).questions)
    return qs


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "sheet":
        print(blind_sheet(_questions(argv[1:])))
        return 0
    if len(argv) >= 3 and argv[0] == "compare":
        with open(argv[1], encoding="utf-8") as fh:
            answers = yaml.safe_load(fh) or {}
        print(report(compare(_questions(argv[2:]), answers)))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
