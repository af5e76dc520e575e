"""Every numeric answer key in the shipped banks equals a value computed by code
(tests/quizzes/bank_keys/*.py), within the question's own tolerance. No database."""

import importlib
import pkgutil
from pathlib import Path

import pytest

from quizzes.formats.yaml_bank import parse_bank
from tests.quizzes import bank_keys

BANKS = Path(__file__).resolve().parents[2] / "quizzes" / "banks"


def computed_keys() -> dict[str, float]:
    keys: dict[str, float] = {}
    for info in pkgutil.iter_modules(bank_keys.__path__):
        module = importlib.import_module(f"{bank_keys.__name__}.{info.name}")
        overlap = set(keys) & set(module.KEYS)
        assert not overlap, f"{info.name} computes {overlap} again"
        keys |= module.KEYS
    return keys


def numeric_questions():
    for path in sorted(BANKS.glob("*.yaml")):
        for q in parse_bank(path.read_text(encoding="utf-8")).questions:
            if q.kind == "numeric":
                yield q


NUMERIC = list(numeric_questions())
KEYS = computed_keys()


def test_every_numeric_question_has_a_computed_key():
    assert NUMERIC, "the banks should have numeric questions"
    assert [q.slug for q in NUMERIC if q.slug not in KEYS] == []


def test_no_computed_key_is_orphaned():
    assert sorted(set(KEYS) - {q.slug for q in NUMERIC}) == []


@pytest.mark.parametrize("question", NUMERIC, ids=lambda q: q.slug)
def test_numeric_key_matches_the_computation(question):
    expected = float(KEYS[question.slug])
    tolerance = question.data["tolerance"]
    if question.data.get("tolerance_mode") == "relative":
        tolerance *= abs(question.data["answer"])
    assert abs(question.data["answer"] - expected) <= tolerance + 1e-9, (
        f"key {question.data['answer']} but computed {expected}")
