"""The resource catalogue: sections and paths in the format, and the 2026 audit of the
shipped catalogue (what each resource teaches, what is retired, what costs money)."""

from pathlib import Path
from textwrap import dedent

import pytest

from quizzes.formats.yaml_bank import parse_bank

SHIPPED = Path(__file__).resolve().parents[2] / "quizzes" / "banks" / "resources.yaml"


def one(extra: str) -> str:
    return dedent("""\
        resources:
          - slug: pro-git
            title: Pro Git
            provider: Chacon and Straub
            url: https://git-scm.com/book/en/v2
            kind: book
            cost: free
            level: beginner
            hours: 20
            description: The Git book.
            topics: [git/branching-merging, git/commits-staging]
        """) + extra


def test_sections_and_path_are_read():
    bank = parse_bank(one(
        "    path: open-source\n"
        "    sections:\n"
        '      - {title: "ch. 3 Git Branching", hours: 4, topics: [git/branching-merging]}\n'))
    assert bank.problems == []
    r = bank.resources[0]
    assert r.path == "open-source"
    assert [(s.title, s.hours, s.topics) for s in r.sections] == [
        ("ch. 3 Git Branching", 4.0, ("git/branching-merging",))]


@pytest.mark.parametrize(("extra", "message"), [
    ('    sections:\n      - {title: "ch. 9", hours: 2, topics: [git/conflicts]}\n',
     "topics must be a non-empty list of the resource's own topics"),
    ('    sections:\n      - {title: "ch. 3", hours: 0, topics: [git/branching-merging]}\n',
     "hours must be a positive number"),
    ('    sections:\n      - {title: "a", hours: 15, topics: [git/branching-merging]}\n'
     '      - {title: "b", hours: 15, topics: [git/commits-staging]}\n',
     "its sections add up to more hours than the resource (20)"),
    ("    sections: []\n", "sections must be a non-empty list"),
    ("    path: bootcamp\n", "path must be one of project, competition, open-source"),
])
def test_bad_sections_and_paths_are_refused_with_the_line(extra, message):
    bank = parse_bank(one(extra))
    assert any(message in p.message and p.line == 2 for p in bank.problems), bank.problems


@pytest.fixture(scope="module")
def shipped():
    bank = parse_bank(SHIPPED.read_text())
    assert bank.problems == []
    return {r.slug: r for r in bank.resources}


def test_audit_resources_map_only_to_what_they_teach(shipped):
    assert "maths/calculus" not in shipped["google-ml-crash-course"].topics
    assert "cloud/ml-deployment" not in shipped["kaggle-competitions"].topics
    assert "production-code/packaging" not in shipped["twelve-factor-app"].topics
    assert "maths/linear-algebra" not in shipped["coursera-ml-specialization"].topics


def test_audit_retired_exams_are_inactive(shipped):
    assert shipped["aws-ml-specialty"].active is False
    assert "retired" in shipped["aws-ml-specialty"].description
    assert shipped["tensorflow-developer-certificate"].active is False


def test_audit_coursera_courses_are_not_sold_as_free(shipped):
    for r in shipped.values():
        if "coursera.org" in r.url and "princeton" not in r.provider.lower():
            assert r.cost == "paid", r.slug


def test_audit_advanced_maths_and_stretch_paths_exist(shipped):
    advanced_maths = [r for r in shipped.values() if r.active and r.level == "advanced"
                      and any(t.startswith("maths/") for t in r.topics)]
    assert len(advanced_maths) >= 2
    active_paths = {r.path for r in shipped.values() if r.active and r.path}
    assert active_paths == {"project", "competition", "open-source", "certification"}


def test_audit_long_courses_have_realistic_hours_and_sections(shipped):
    for slug in ("mit-18-06-linear-algebra", "mit-6-006", "harvard-stat-110"):
        assert 40 <= shipped[slug].hours <= 60, slug
    for slug in ("pro-git", "mit-6-006", "mml-book"):
        assert shipped[slug].sections, slug
