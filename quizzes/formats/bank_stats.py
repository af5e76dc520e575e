"""The content table: questions per area by difficulty tier, topics, and the share of
produce/debug items. Pure (bank files in, Markdown out); the README's "The content" table
is this output, and a test keeps the two the same.

``python -m quizzes.formats.bank_stats quizzes/banks/*.yaml`` prints the table.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable

from .data import BankFile
from .yaml_bank import parse_bank

TIERS = (1, 2, 3, 4, 5)


def content_table(banks: Iterable[BankFile]) -> str:
    """One row per area (in the order given), then the totals."""
    rows = [
        "| area | topics | questions | tier 1 | tier 2 | tier 3 | tier 4 | tier 5 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    total_topics, total, total_tiers = 0, 0, Counter()
    for bank in banks:
        if bank.area is None:
            continue
        tiers = Counter(q.difficulty for q in bank.questions)
        n = len(bank.questions)
        rows.append(f"| {bank.area.title} | {len(bank.area.topics)} | {n} | "
                    + " | ".join(str(tiers.get(t, 0)) for t in TIERS) + " |")
        total_topics += len(bank.area.topics)
        total += n
        total_tiers.update(tiers)
    rows.append(f"| **all** | **{total_topics}** | **{total}** | "
                + " | ".join(f"**{total_tiers.get(t, 0)}**" for t in TIERS) + " |")
    return "\n".join(rows)


def main(argv: list[str]) -> int:
    banks = []
    for path in argv:
        with open(path, encoding="utf-8") as fh:
            banks.append(parse_bank(fh.read()))
    print(content_table(banks))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
