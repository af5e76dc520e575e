"""Predict-the-output and Parsons items whose key is not a number: the commands are run
(tests/quizzes/bank_keys/*.py, ``OUTPUTS`` and ``PARSONS``) and must print what the key
says. No database."""

import importlib
import pkgutil
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from quizzes.formats.yaml_bank import parse_bank
from tests.quizzes import bank_keys

BANKS = Path(__file__).resolve().parents[2] / "quizzes" / "banks"
QUESTIONS = {q.slug: q for path in sorted(BANKS.glob("*.yaml"))
             for q in parse_bank(path.read_text(encoding="utf-8")).questions}
MODULES = [importlib.import_module(f"{bank_keys.__name__}.{info.name}")
           for info in pkgutil.iter_modules(bank_keys.__path__)]
OUTPUTS = [(m, slug) for m in MODULES for slug in getattr(m, "OUTPUTS", {})]
PARSONS = [(m, slug) for m in MODULES for slug in getattr(m, "PARSONS", {})]


def in_fresh_thread(fn, *args):
    """Run a key's program where no event loop runs: a browser test's Playwright session
    in the same worker keeps one running in the main thread, and asyncio.run refuses it."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args).result()


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def correct_pattern(question) -> str:
    """'0-2-': the positions of the full- or part-credit options, '-' for the others."""
    return "".join(str(i) if c.fraction > 0 else "-" for i, c in enumerate(question.choices))


@pytest.mark.parametrize(("module", "slug"), OUTPUTS, ids=lambda v: getattr(v, "__name__", v))
def test_predicted_output_matches_the_key(module, slug):
    if hasattr(module, "available") and not module.available(slug):
        pytest.skip(f"{slug} needs a program that is not installed")
    run, expected, key = module.OUTPUTS[slug]
    question = QUESTIONS[slug]
    assert in_fresh_thread(run) == expected
    if question.kind == "single":
        assert [c.text for c in question.choices if c.fraction == 1.0] == [key]
    elif question.kind == "multiple":
        assert correct_pattern(question).startswith(expected)
    elif question.kind == "truefalse":
        # the output is the evidence; the test names which answer it supports
        assert module.TRUEFALSE[slug] == next(c.text.lower() for c in question.choices
                                              if c.fraction == 1.0)
    elif question.kind == "text":
        accepted = {normalised(a) for a in question.data["accepted"]}
        assert normalised(key if key is not None else expected) in accepted
    else:
        pytest.fail(f"{slug}: no rule for a {question.kind} item")


@pytest.mark.parametrize(("module", "slug"), PARSONS, ids=lambda v: getattr(v, "__name__", v))
def test_parsons_items_in_key_order_run_correctly(module, slug):
    question = QUESTIONS[slug]
    assert question.kind == "ordering"
    items = [c.text for c in question.choices]
    assert in_fresh_thread(module.run_parsons, slug, items) == module.PARSONS[slug]["expected"]
    # and the order matters: the items reversed do not produce the same output
    assert module.run_parsons(slug, items[::-1]) != module.PARSONS[slug]["expected"]
