"""A readable difference between two versions of a question: stem, choices, key and
explanation, line by line (difflib). Pure: plain ``QuestionData`` in, plain lines out."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass

from .formats.data import QuestionData

SECTIONS = ("Stem", "Choices", "Key", "Explanation", "Kind and tier")


@dataclass(frozen=True)
class DiffLine:
    op: str  # "+" added, "-" removed, " " unchanged
    text: str


@dataclass(frozen=True)
class SectionDiff:
    name: str
    lines: tuple[DiffLine, ...]


def section_lines(data: QuestionData) -> dict[str, list[str]]:
    """Each section of a version as the lines a reader compares."""
    choices = []
    for i, c in enumerate(data.choices, start=1):
        mark = f"{c.fraction:g}" if data.kind != "ordering" else f"#{i}"
        choices.append(f"{mark:>5} · {c.text}")
        if c.feedback:
            choices.append(f"      feedback: {c.feedback}")
    key = [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in sorted(data.data.items())]
    return {"Stem": data.stem.splitlines(), "Choices": choices, "Key": key,
            "Explanation": data.explanation.splitlines(),
            "Kind and tier": [f"{data.kind}, tier {data.difficulty}"]}


def version_diff(old: QuestionData | None, new: QuestionData) -> list[SectionDiff]:
    """The sections that changed from ``old`` to ``new`` (every section of ``new`` when
    there is no older version), each with its lines marked added, removed or kept."""
    before = section_lines(old) if old is not None else {name: [] for name in SECTIONS}
    after = section_lines(new)
    out = []
    for name in SECTIONS:
        if before[name] == after[name]:
            continue
        lines = []
        for row in difflib.ndiff(before[name], after[name]):
            if row.startswith("? "):
                continue  # ndiff's intraline hints: the +/- lines already say it
            lines.append(DiffLine(row[0], row[2:]))
        out.append(SectionDiff(name, tuple(lines)))
    return out
