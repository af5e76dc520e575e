"""Every shipped bank file: schema, slugs, keys, LaTeX, code fences, topics, resources,
quantities and the writing rules a machine can check. No database."""

from collections import Counter
from pathlib import Path

import pytest

from quizzes.formats.bank_lint import (
    area_findings,
    bank_findings,
    near_duplicate_stems,
    question_findings,
)
from quizzes.formats.yaml_bank import parse_bank

BANKS = Path(__file__).resolve().parents[2] / "quizzes" / "banks"
AREA_FILES = sorted(p for p in BANKS.glob("*.yaml")
                    if p.stem not in {"resources", "assessments"})
AREAS = {"maths", "dsa", "git", "cloud", "production-code", "command-line"}
KINDS = {"single", "multiple", "truefalse", "numeric", "text", "ordering"}


def parsed(path: Path):
    return parse_bank(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def banks():
    return {p.stem: parsed(p) for p in AREA_FILES}


@pytest.fixture(scope="module")
def topic_refs(banks):
    return {f"{b.area.slug}/{t.slug}" for b in banks.values() for t in b.area.topics}


@pytest.mark.parametrize("path", sorted(BANKS.glob("*.yaml")), ids=lambda p: p.name)
def test_bank_file_parses_without_problems(path):
    assert [str(p) for p in parsed(path).problems] == []


def test_banks_cover_the_six_areas(banks):
    assert {b.area.slug for b in banks.values()} == AREAS
    for stem, bank in banks.items():
        assert stem == bank.area.slug, "file name must be the area slug"


def test_question_slugs_unique_across_banks(banks):
    slugs = Counter(q.slug for b in banks.values() for q in b.questions)
    assert [s for s, n in slugs.items() if n > 1] == []


def test_quantities_per_area_topic_and_difficulty(banks):
    for bank in banks.values():
        qs = bank.questions
        assert len(qs) >= 40, f"{bank.area.slug}: {len(qs)} questions"
        per_topic = Counter(q.topic for q in qs)
        for topic in bank.area.topics:
            assert per_topic[topic.slug] >= 6, f"{bank.area.slug}/{topic.slug}"
        assert {q.difficulty for q in qs} == {1, 2, 3, 4, 5}, bank.area.slug


def test_every_kind_is_used(banks):
    used = {q.kind for b in banks.values() for q in b.questions}
    assert used == KINDS


def test_every_question_follows_the_writing_rules(banks):
    # LaTeX renders, fences name a language, explanations teach, no "of the above".
    found = [f for b in banks.values() for q in b.questions for f in question_findings(q)]
    assert found == []


@pytest.mark.parametrize("area", sorted(AREAS))
def test_each_bank_spreads_keys_and_has_no_duplicates(banks, area):
    # Key positions spread over A-D, the key rarely the longest option, no twin stems.
    assert bank_findings(banks[area].questions) == []


@pytest.mark.parametrize("area", sorted(AREAS))
def test_each_bank_passes_the_area_rules_strictly(banks, area):
    # Every rule, depth included (15 a topic, at least 3 in tiers 2-4 and 2 in tiers 1
    # and 5): what `bank_lint --strict` checks.
    assert [str(f) for f in area_findings(banks[area], strict=True)] == []


def test_no_duplicate_stems_across_banks(banks):
    stems = Counter(" ".join(q.stem.lower().split()) for b in banks.values() for q in b.questions)
    assert [s[:60] for s, n in stems.items() if n > 1] == []


def test_resources_are_complete_and_cover_every_topic(topic_refs):
    catalogue = parsed(BANKS / "resources.yaml")
    assert catalogue.problems == []
    resources = catalogue.resources
    assert len(resources) >= 60
    unknown = {t for r in resources for t in r.topics} - topic_refs
    assert unknown == set()
    for ref in topic_refs:
        serving = [r for r in resources if ref in r.topics]
        assert len(serving) >= 2, ref
        assert any(r.cost == "free" for r in serving), ref
    urls = Counter(r.url for r in resources)
    assert [u for u, n in urls.items() if n > 1] == []


def test_resources_include_the_seed_articles_paths():
    titles = " | ".join(r.title.lower() + " " + r.provider.lower()
                        for r in parsed(BANKS / "resources.yaml").resources)
    for needle in ("crash course", "coursera", "tensorflow", "aws certified machine learning",
                   "kaggle", "github"):
        assert needle in titles, needle


def test_shipped_assessments_refer_to_real_topics(topic_refs):
    assessments = parsed(BANKS / "assessments.yaml").assessments
    assert {a.area for a in assessments if a.mode == "fixed" and a.area} == AREAS
    assert any(a.area is None for a in assessments)
    areas = {ref.split("/")[0] for ref in topic_refs}
    for a in assessments:
        # A bare area slug stands for each of the area's topics.
        assert {ref for ref, _ in a.draw} <= topic_refs | areas, a.slug
        if a.mode == "fixed" and a.area:
            assert 20 <= sum(n for _, n in a.draw) <= 25, a.slug
            assert a.time_limit_minutes


def test_every_draw_fits_the_bank(banks):
    have = Counter(f"{b.area.slug}/{q.topic}" for b in banks.values() for q in b.questions)
    assessments = parsed(BANKS / "assessments.yaml").assessments
    too_many = [(a.slug, ref, n, have[ref]) for a in assessments for ref, n in a.draw
                if "/" in ref and n > have[ref]]
    assert too_many == []
    # A per-area draw: each area it names has at least that many questions.
    in_area = Counter(ref.split("/")[0] for ref in have.elements())
    assert [(a.slug, ref) for a in assessments if a.per_area for ref, _ in a.draw
            if in_area[ref.split("/")[0]] < a.per_area] == []


def test_no_near_duplicate_stems_across_banks(banks):
    assert near_duplicate_stems([q for b in banks.values() for q in b.questions]) == []
