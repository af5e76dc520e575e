"""Writing rules for question banks that a machine can check (docs/bank-format.md).

Pure: parsed ``QuestionData`` in, a list of human-readable findings out. The bank tests
assert there are none; authors run it on a file while writing:
``python -m quizzes.formats.bank_lint FILE...``.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable
from difflib import SequenceMatcher

from ..rendering import render_problems
from .data import QuestionData
from .yaml_bank import parse_bank

MIN_EXPLANATION = 80
MAX_KEY_SHARE_PER_POSITION = 0.4
MAX_LONGEST_IS_KEY_SHARE = 0.4
NEAR_DUPLICATE_RATIO = 0.85


def question_findings(q: QuestionData) -> list[str]:
    """Problems with one question on its own."""
    found = [f"{q.slug}: {where}: {problem}" for where, problem in render_findings(q)]
    if len(q.explanation.strip()) < MIN_EXPLANATION:
        found.append(f"{q.slug}: explanation shorter than {MIN_EXPLANATION} characters")
    if any("of the above" in c.text.lower() for c in q.choices):
        found.append(f"{q.slug}: 'all/none of the above' option")
    return found


def text_fields(q: QuestionData) -> list[tuple[str, str]]:
    """Every piece of authored text of a question, named as an author would look for it:
    the stem, the explanation, each choice (ordering: item) and its feedback."""
    option = "item" if q.kind == "ordering" else "choice"
    fields = [("stem", q.stem), ("explanation", q.explanation)]
    for i, c in enumerate(q.choices, start=1):
        fields.append((f"{option} {i}", c.text))
        if c.feedback:
            fields.append((f"feedback of {option} {i}", c.feedback))
    return fields


def render_findings(q: QuestionData) -> list[tuple[str, str]]:
    """(field, problem) for each piece of text that does not render cleanly
    (``rendering.render_problems``). The loader refuses such a question; so does the admin."""
    return [(where, problem) for where, text in text_fields(q)
            for problem in render_problems(text)]


def key_position(q: QuestionData) -> int | None:
    """0-based position of the full-credit option of a 4-option single-choice question."""
    if q.kind != "single" or len(q.choices) != 4:
        return None
    return [c.fraction for c in q.choices].index(1.0)


def longest_is_key(q: QuestionData) -> bool:
    return q.kind == "single" and len(q.choices) >= 3 and \
        max(q.choices, key=lambda c: len(c.text)).fraction == 1.0


def near_duplicate_stems(questions: Iterable[QuestionData],
                         ratio: float = NEAR_DUPLICATE_RATIO) -> list[tuple[str, str]]:
    """Pairs of questions whose stems are nearly, but not exactly, the same text (difflib's
    ratio; exact duplicates are reported on their own)."""
    stems = [(q.slug, q.stem.lower().split()) for q in questions]  # compared word by word
    pairs = []
    for i, (slug_a, a) in enumerate(stems):
        for slug_b, b in stems[i + 1:]:
            if a == b:
                continue
            m = SequenceMatcher(None, a, b, autojunk=False)
            if m.real_quick_ratio() >= ratio and m.quick_ratio() >= ratio and m.ratio() >= ratio:
                pairs.append((slug_a, slug_b))
    return pairs


def bank_findings(questions: Iterable[QuestionData], *, min_spread: int = 8) -> list[str]:
    """Problems across a set of questions: duplicates, key positions, give-away lengths."""
    qs = list(questions)
    found = [f for q in qs for f in question_findings(q)]
    stems = Counter(" ".join(q.stem.lower().split()) for q in qs)
    found += [f"duplicate stem: {s[:60]!r}" for s, n in stems.items() if n > 1]
    found += [f"near-duplicate stems: {a} ~ {b}" for a, b in near_duplicate_stems(qs)]
    slugs = Counter(q.slug for q in qs)
    found += [f"duplicate slug: {s}" for s, n in slugs.items() if n > 1]
    positions = Counter(p for q in qs if (p := key_position(q)) is not None)
    total = sum(positions.values())
    if total >= min_spread:
        counts = [positions.get(i, 0) for i in range(4)]
        if max(counts) > MAX_KEY_SHARE_PER_POSITION * total or min(counts) == 0:
            found.append(f"key positions A-D {counts}: spread them evenly")
    singles = [q for q in qs if q.kind == "single" and len(q.choices) >= 3]
    longest = sum(longest_is_key(q) for q in singles)
    if singles and longest > MAX_LONGEST_IS_KEY_SHARE * len(singles) + 1:
        found.append(f"the key is the longest option in {longest} of {len(singles)} "
                     "single-choice questions: lengthen distractors")
    return found


def main(argv: list[str]) -> int:
    status = 0
    for path in argv:
        with open(path, encoding="utf-8") as fh:
            bank = parse_bank(fh.read())
        findings = [str(p) for p in bank.problems] + bank_findings(bank.questions)
        kinds = Counter(q.kind for q in bank.questions)
        tiers = Counter(q.difficulty for q in bank.questions)
        topics = Counter(q.topic for q in bank.questions)
        positions = Counter(p for q in bank.questions if (p := key_position(q)) is not None)
        print(f"{path}: {len(bank.questions)} questions")
        print(f"  topics {dict(sorted(topics.items()))}")
        print(f"  kinds {dict(sorted(kinds.items()))}  tiers {dict(sorted(tiers.items()))}")
        print(f"  key positions A-D {[positions.get(i, 0) for i in range(4)]}")
        for f in findings:
            print(f"  PROBLEM {f}")
        status = status or bool(findings)
    return int(status)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
