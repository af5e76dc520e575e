"""Question versions: create content, and fork a new version when an answered one is
edited (invariant 1: past attempts keep the version they saw)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from ..formats.data import ChoiceData, QuestionData
from ..models import Choice, Question, QuestionVersion, Response


def version_is_answered(version: QuestionVersion) -> bool:
    return Response.objects.filter(version=version).exists()


def next_number(question: Question) -> int:
    return (question.versions.aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def version_create(*, question: Question, data: QuestionData, user=None) -> QuestionVersion:
    """Store ``data`` as the question's next version and make it current."""
    version = QuestionVersion.objects.create(
        question=question, number=next_number(question), kind=data.kind,
        difficulty=data.difficulty, stem=data.stem, explanation=data.explanation,
        data=data.data, content_hash=data.content_hash(), created_by=user,
    )
    Choice.objects.bulk_create([
        Choice(version=version, order=i, text=c.text, fraction=c.fraction, feedback=c.feedback)
        for i, c in enumerate(data.choices, start=1)
    ])
    Question.objects.filter(pk=question.pk).update(current_version=version)
    question.current_version = version
    return version


def version_data(version: QuestionVersion) -> QuestionData:
    """A stored version back as plain data (for export and content hashes)."""
    q = version.question
    return QuestionData(
        slug=q.slug, topic=q.topic.slug, kind=version.kind, difficulty=version.difficulty,
        stem=version.stem, explanation=version.explanation,
        choices=tuple(ChoiceData(c.text, c.fraction, c.feedback)
                      for c in sorted(version.choices.all(), key=lambda c: c.order)),
        data=version.data or {},
    )
