"""Load parsed bank files (quizzes.formats.yaml_bank) into the database, idempotently:
matched by slug; unchanged content is left alone; changed question content becomes a new
version; nothing is written when any file has a problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from ..formats.bank_lint import render_findings
from ..formats.data import BankFile, Problem
from ..formats.yaml_bank import parse_bank
from ..models import (
    Area,
    Assessment,
    AssessmentTopic,
    Question,
    QuestionStatus,
    Resource,
    Topic,
)
from .versions import version_create

BANKS_DIR = Path(__file__).resolve().parent.parent / "banks"


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def count(self, bucket: str, what: str) -> None:
        target = getattr(self, bucket)
        target[what] = target.get(what, 0) + 1

    def summary(self) -> str:
        parts = []
        for bucket in ("created", "updated", "unchanged"):
            counts = getattr(self, bucket)
            if counts:
                listed = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
                parts.append(f"{bucket} {listed}")
        return "; ".join(parts) or "nothing to load"


def read_banks(paths: list[Path]) -> tuple[list[BankFile], list[str]]:
    """Parse the files; the problems name file and line. Text that does not render cleanly
    (a stray $, unknown LaTeX, an open code fence…) is a problem like a missing key."""
    banks, problems = [], []
    for path in paths:
        bank = parse_bank(path.read_text(encoding="utf-8"))
        problems += [f"{path.name}:{p}" for p in bank.problems]
        problems += [f"{path.name}:{Problem(q.line, f'question {q.slug!r}: {where}: {problem}')}"
                     for q in bank.questions for where, problem in render_findings(q)]
        banks.append(bank)
    return banks, problems


def bank_paths(directory: Path = BANKS_DIR) -> list[Path]:
    return sorted(directory.glob("*.yaml"))


def banks_load(*, paths: list[Path], dry_run: bool = False) -> LoadReport:
    """Validate every file, then write all of them in one transaction (or none)."""
    banks, problems = read_banks(paths)
    report = LoadReport(problems=problems)
    if problems:
        return report
    # Areas first, then questions, resources and assessments that refer to topics.
    ordered = sorted(banks, key=lambda b: (b.area is None, not b.resources))
    try:
        with transaction.atomic():
            for bank in ordered:
                if bank.area:
                    _load_area(bank, report)
            topics = {t.ref: t for t in Topic.objects.select_related("area")}
            for bank in ordered:
                for r in bank.resources:
                    _load_resource(r, topics, report)
                for a in bank.assessments:
                    _load_assessment(a, topics, report)
            if report.problems:
                raise _Rollback
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return report


class _Rollback(Exception):
    pass


def _load_area(bank: BankFile, report: LoadReport) -> None:
    data = bank.area
    area, created = Area.objects.get_or_create(
        slug=data.slug, defaults={"title": data.title, "description": data.description,
                                  "order": _AREA_ORDER.get(data.slug, 99)})
    if not created and (area.title, area.description) != (data.title, data.description):
        area.title, area.description = data.title, data.description
        area.save(update_fields=["title", "description"])
    report.count("created" if created else "unchanged", "areas")
    topics = {}
    for i, t in enumerate(data.topics, start=1):
        topic, _ = Topic.objects.update_or_create(
            area=area, slug=t.slug,
            defaults={"title": t.title, "description": t.description, "order": i,
                      "subtopics": [{"slug": s.slug, "title": s.title} for s in t.subtopics]})
        topics[t.slug] = topic
    existing = {q.slug: q for q in Question.objects.filter(slug__in=[q.slug for q in
                                                                       bank.questions])
                .select_related("current_version")}
    for qd in bank.questions:
        question = existing.get(qd.slug)
        if question is None:
            question = Question.objects.create(slug=qd.slug, topic=topics[qd.topic],
                                               status=QuestionStatus.LIVE, tags=list(qd.tags))
            version_create(question=question, data=qd)
            report.count("created", "questions")
            continue
        if question.topic_id != topics[qd.topic].pk or question.tags != list(qd.tags):
            question.topic, question.tags = topics[qd.topic], list(qd.tags)
            question.save(update_fields=["topic", "tags", "updated_at"])
        current = question.current_version
        if current is not None and current.content_hash == qd.content_hash():
            report.count("unchanged", "questions")
        else:
            version_create(question=question, data=qd)
            report.count("updated", "questions")


_AREA_ORDER = {"maths": 1, "dsa": 2, "git": 3, "cloud": 4, "production-code": 5,
               "command-line": 6}


def _load_resource(data, topics: dict, report: LoadReport) -> None:
    missing = [t for t in data.topics if t not in topics]
    if missing:
        report.problems.append(str(Problem(data.line, f"resource {data.slug!r}: unknown topics "
                                                      f"{', '.join(missing)}")))
        return
    fields = {"title": data.title, "provider": data.provider, "url": data.url,
              "kind": data.kind, "cost": data.cost, "level": data.level, "hours": data.hours,
              "description": data.description, "is_active": data.active, "path": data.path,
              "sections": [{"title": sec.title, "hours": sec.hours, "topics": list(sec.topics)}
                           for sec in data.sections]}
    resource = Resource.objects.filter(slug=data.slug).first()
    if resource is None:
        resource = Resource.objects.create(slug=data.slug, **fields)
        report.count("created", "resources")
    elif any(getattr(resource, k) != v for k, v in fields.items()):
        for k, v in fields.items():
            setattr(resource, k, v)
        resource.save()
        report.count("updated", "resources")
    else:
        report.count("unchanged", "resources")
    wanted = {topics[t].pk for t in data.topics}
    if set(resource.topics.values_list("pk", flat=True)) != wanted:
        resource.topics.set(wanted)


def _expand_draw(draw, topics: dict) -> list[tuple[str, int]]:
    """Draw keys as topic refs: an area slug stands for each of the area's topics (a bank
    that gains a topic needs no edit of the assessment); an unknown key is kept, so the
    caller reports it."""
    pairs = []
    for ref, count in draw:
        if "/" in ref:
            pairs.append((ref, count))
        else:
            area_topics = [t for t in topics if t.startswith(f"{ref}/")]
            pairs += [(t, count) for t in area_topics] or [(ref, count)]
    return pairs


def _load_assessment(data, topics: dict, report: LoadReport) -> None:
    draw = _expand_draw(data.draw, topics)
    missing = [ref for ref, _ in draw if ref not in topics]
    area = Area.objects.filter(slug=data.area).first() if data.area else None
    if missing or (data.area and area is None):
        report.problems.append(str(Problem(data.line, f"assessment {data.slug!r}: unknown "
                                                      f"area or topics {', '.join(missing)}")))
        return
    fields = {"title": data.title, "area": area, "description": data.description,
              "mode": data.mode, "time_limit_minutes": data.time_limit_minutes,
              "feedback": data.feedback, "attempts_allowed": data.attempts_allowed,
              "cooldown_hours": data.cooldown_hours, "per_area": data.per_area,
              "shuffle_choices": data.shuffle_choices}
    assessment, created = Assessment.objects.update_or_create(slug=data.slug, defaults=fields)
    report.count("created" if created else "unchanged", "assessments")
    wanted = {topics[ref].pk: count for ref, count in draw}
    have = {d.topic_id: d for d in assessment.draws.all()}
    for topic_id, count in wanted.items():
        if topic_id in have:
            if have[topic_id].count != count:
                have[topic_id].count = count
                have[topic_id].save(update_fields=["count"])
        else:
            AssessmentTopic.objects.create(assessment=assessment, topic_id=topic_id, count=count)
    assessment.draws.exclude(topic_id__in=wanted).delete()
