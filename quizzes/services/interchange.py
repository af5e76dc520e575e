"""Import questions read from GIFT or Moodle XML into one area, and export questions.

An import is planned and written in one transaction: every question is checked (the bank
loader's rules and the render check ran in the parser; here its topic must be one of the
area's and its slug must not belong to another area) and any error writes nothing. New
questions start as drafts; an existing slug gets a new version only when its content
changed (a version is never edited, invariant 1).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from django.db import transaction

from ..formats import question_file
from ..formats.data import ChoiceData, QuestionData
from ..formats.interchange import ExportResult, ParseResult, slugify
from ..models import Area, Question, QuestionStatus
from .versions import version_create

NOT_A_TOPIC = "topic {topic!r} is not a topic of {area}; its topics are {topics}"
OTHER_AREA = "slug {slug!r} is a question of another area ({area}); an import changes only " \
             "the area it is for"
CREATE, NEW_VERSION, UNCHANGED = "create", "new version", "unchanged"


@dataclass
class ImportRow:
    """One question of the file as the preview shows it."""

    number: int
    line: int
    title: str
    kind: str
    topic: str
    slug: str = ""
    action: str = ""
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    rows: list[ImportRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    written: bool = False
    unpublished: int = 0  # live questions an author's new versions took back to draft

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.problems and not any(r.errors for r in self.rows)

    @property
    def error_count(self) -> int:
        return len(self.problems) + sum(len(r.errors) for r in self.rows)

    def messages(self) -> list[str]:
        return self.problems + [f"question {r.number}" + (f", line {r.line}" if r.line else "")
                                + f" ({r.slug or r.title}): {e}"
                                for r in self.rows for e in r.errors]

    def summary(self) -> str:
        """"2 new, 1 new version, 3 unchanged": what the import does (or did)."""
        counts = Counter(r.action for r in self.rows if r.action)
        labels = {CREATE: ("new", "new"), NEW_VERSION: ("new version", "new versions"),
                  UNCHANGED: ("unchanged", "unchanged")}
        listed = ", ".join(f"{counts[a]} {labels[a][counts[a] != 1]}" for a in labels
                           if counts[a])
        return listed or "no questions"


def questions_import(*, area: Area, parsed: ParseResult, dry_run: bool = False,
                     user=None, may_publish: bool = True) -> ImportReport:
    """Check every parsed question against ``area`` and, unless ``dry_run`` or any error,
    write them all in one transaction. Without ``may_publish`` (an author) a new version
    of a live question takes it back to draft until a reviewer approves it, as an edit in
    the admin does."""
    with transaction.atomic():
        report, plan = _plan(area, parsed)
        if report.ok and not dry_run:
            for question, data, row, topic in plan:
                report.unpublished += _write(question=question, data=data, action=row.action,
                                             topic=topic, user=user, may_publish=may_publish)
            report.written = True
    return report


def _plan(area: Area, parsed: ParseResult):
    report = ImportReport(problems=list(parsed.problems))
    topics = list(area.topics.all())
    by_name = {}
    for t in topics:
        by_name.update({t.slug: t, t.title.lower(): t, slugify(t.title, t.slug): t})
    slugs = [p.question.slug for p in parsed.questions if p.question]
    existing = {q.slug: q for q in Question.objects.filter(slug__in=slugs)
                .select_related("current_version", "topic__area")
                .prefetch_related("current_version__choices")}
    plan = []
    for p in parsed.questions:
        data = p.question
        row = ImportRow(number=p.number, line=p.line, title=p.title, kind=p.kind,
                        topic=p.topic, slug=data.slug if data else "", errors=list(p.errors))
        report.rows.append(row)
        if data is None:
            continue
        topic = by_name.get(p.topic) or by_name.get(p.topic.lower())
        if topic is None:
            row.errors.append(NOT_A_TOPIC.format(topic=p.topic, area=area.slug, topics=", ".join(
                t.slug for t in topics) or "none"))
            continue
        data = replace(data, topic=topic.slug)
        row.topic = topic.slug
        question = existing.get(data.slug)
        if question is not None and question.topic.area_id != area.pk:
            row.errors.append(OTHER_AREA.format(slug=data.slug, area=question.topic.area.slug))
            continue
        if question is None:
            row.action = CREATE
        elif question.current_version and \
                _content(question).content_hash() == data.content_hash():
            row.action = UNCHANGED
        else:
            row.action = NEW_VERSION
        plan.append((question, data, row, topic))
    return report, plan


def _write(*, question: Question | None, data: QuestionData, action: str, topic, user,
           may_publish: bool) -> bool:
    """Write one question; True when it was live and goes back to draft for review."""
    if question is None:
        question = Question.objects.create(slug=data.slug, topic=topic,
                                           status=QuestionStatus.DRAFT, tags=list(data.tags))
    unpublish = (action == NEW_VERSION and not may_publish
                 and question.status == QuestionStatus.LIVE)
    if unpublish or question.topic_id != topic.pk or question.tags != list(data.tags):
        question.topic, question.tags = topic, list(data.tags)
        if unpublish:
            question.status = QuestionStatus.DRAFT
        question.save(update_fields=["topic", "tags", "status", "updated_at"])
    if action != UNCHANGED:
        version_create(question=question, data=data, user=user)
    return unpublish


def _content(q: Question) -> QuestionData:
    """The current version of a question loaded with its topic and the version's choices,
    as plain data. The hash is computed, not read: a version written by hand may not
    carry one."""
    v = q.current_version
    return QuestionData(
        slug=q.slug, topic=q.topic.slug, kind=v.kind, difficulty=v.difficulty, stem=v.stem,
        explanation=v.explanation,
        choices=tuple(ChoiceData(c.text, c.fraction, c.feedback)
                      for c in sorted(v.choices.all(), key=lambda c: c.order)),
        data=v.data or {}, tags=tuple(q.tags or ()))


def export_items(questions) -> list[tuple[str, QuestionData]]:
    """(area slug, plain data of the current version) of each question that has content,
    in bank order, in two queries."""
    rows = (questions.filter(current_version__isnull=False)
            .select_related("topic__area", "current_version")
            .prefetch_related("current_version__choices")
            .order_by("topic__area__order", "topic__area__slug", "topic__order", "slug"))
    return [(q.topic.area.slug, _content(q)) for q in rows]


def questions_export(*, questions, fmt: str) -> ExportResult:
    """The questions' current versions as a GIFT or Moodle XML file."""
    return question_file.dump(fmt, export_items(questions))
