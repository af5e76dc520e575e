"""The content table (pure) and the README's copy of it for the shipped banks."""

import re
from pathlib import Path

from quizzes.formats.bank_stats import content_table
from quizzes.formats.yaml_bank import parse_bank
from quizzes.services.banks import _AREA_ORDER

ROOT = Path(__file__).resolve().parents[2]
BANK = """
area:
  slug: demo
  title: Demo
  topics:
    - slug: t
      title: T
questions:
  - slug: q1
    topic: t
    kind: truefalse
    difficulty: {a}
    stem: One?
    explanation: Because the explanation is here and explains it fully enough.
    answer: true
  - slug: q2
    topic: t
    kind: truefalse
    difficulty: {b}
    stem: Two?
    explanation: Because the explanation is here and explains it fully enough.
    answer: false
"""


def test_content_table_counts_questions_per_tier_and_totals():
    one = parse_bank(BANK.format(a=1, b=5))
    two = parse_bank(BANK.format(a=5, b=5).replace("Demo", "Other"))
    table = content_table([one, two]).splitlines()
    assert table[2] == "| Demo | 1 | 2 | 1 | 0 | 0 | 0 | 1 |"
    assert table[3] == "| Other | 1 | 2 | 0 | 0 | 0 | 0 | 2 |"
    assert table[4] == "| **all** | **2** | **4** | **1** | **0** | **0** | **0** | **3** |"


def test_readme_content_table_matches_the_shipped_banks():
    banks = [parse_bank(p.read_text(encoding="utf-8"))
             for p in (ROOT / "quizzes" / "banks").glob("*.yaml")]
    areas = sorted((b for b in banks if b.area), key=lambda b: _AREA_ORDER.get(b.area.slug, 99))
    expected = content_table(areas)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"^\| area \| topics \|.*?(?=\n\n)", readme, re.S | re.M)
    assert found, "README has no content table (python -m quizzes.formats.bank_stats)"
    assert found.group(0) == expected
