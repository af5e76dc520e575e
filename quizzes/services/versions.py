"""Question versions: create content, and fork a new version when an answered one is
edited (invariant 1: past attempts keep the version they saw)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from ..formats.data import ChoiceData, QuestionData
from ..models import Choice, Question, QuestionStatus, QuestionVersion, Response, Topic
from .errors import ServiceError


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


STALE_EDIT = ("Someone saved this question since you opened it (it is now v{number}). "
              "Nothing was saved: your changes are still in the form. Open the question again "
              "in a new tab to see what changed, then save your changes there.")
SLUG_TAKEN = "Another question already has the slug “{slug}”."


class StaleEdit(ServiceError):
    """The form was opened on content that is no longer the question's current content."""


def version_token(version: QuestionVersion | None) -> str:
    """What an editor form carries to say which content it edits: the current version and
    a digest of its content, so a save in place by someone else is noticed too."""
    if version is None:
        return "new"
    return f"{version.pk}:{version_data(version).content_hash()[:16]}"


@dataclass(frozen=True)
class QuestionFields:
    """What the question itself holds (not versioned)."""

    slug: str
    topic: Topic
    status: str
    tags: tuple[str, ...]


@dataclass(frozen=True)
class SaveResult:
    question: Question
    version: QuestionVersion
    forked_from: int | None  # the answered version number a new version replaced
    unchanged: bool = False  # the content was the same: no version was written
    unpublished: bool = False  # an author changed a live question: back to draft for review


@transaction.atomic
def question_author(*, question: Question | None, fields: QuestionFields, data: QuestionData,
                    base: str, user=None, may_publish: bool = True) -> SaveResult:
    """Create a question with its first version, or save an edit of its current version.

    ``base`` is the ``version_token`` the form was opened on: when the current content has
    changed since (another tab, another author, a forced new version), the save is refused
    with ``StaleEdit`` so that no edit silently replaces another. An edit of a version
    learners have answered becomes a new version (invariant 1); an unanswered one changes
    in place. A user who may not publish (``may_publish=False``, an author) cannot change
    what learners see: their content change to a live question takes it back to draft
    until a reviewer approves it (docs/authoring-roles.md)."""
    if question is None:
        if Question.objects.filter(slug=fields.slug).exists():
            raise ServiceError(SLUG_TAKEN.format(slug=fields.slug))
        question = Question.objects.create(slug=fields.slug, topic=fields.topic,
                                           status=fields.status, tags=list(fields.tags))
        version = version_create(question=question, data=data, user=user)
        return SaveResult(question, version, None)
    question = Question.objects.select_for_update().get(pk=question.pk)
    current = (QuestionVersion.objects.select_related("question__topic")
               .filter(pk=question.current_version_id).first())
    if base != version_token(current):
        raise StaleEdit(STALE_EDIT.format(number=current.number if current else 0))
    if Question.objects.filter(slug=fields.slug).exclude(pk=question.pk).exists():
        raise ServiceError(SLUG_TAKEN.format(slug=fields.slug))
    unchanged = (current is not None
                 and version_data(current).content_hash() == data.content_hash())
    unpublish = (not unchanged and not may_publish and question.status == QuestionStatus.LIVE)
    question.slug, question.topic = fields.slug, fields.topic
    question.status = QuestionStatus.DRAFT if unpublish else fields.status
    question.tags = list(fields.tags)
    question.save(update_fields=["slug", "topic", "status", "tags", "updated_at"])
    if unchanged:
        return SaveResult(question, current, None, unchanged=True)
    if current is None or version_is_answered(current):
        version = version_create(question=question, data=data, user=user)
        return SaveResult(question, version, current.number if current else None,
                          unpublished=unpublish)
    current.kind, current.difficulty = data.kind, data.difficulty
    current.stem, current.explanation, current.data = data.stem, data.explanation, data.data
    current.content_hash = data.content_hash()
    current.save(update_fields=["kind", "difficulty", "stem", "explanation", "data",
                                "content_hash"])
    current.choices.all().delete()
    Choice.objects.bulk_create([
        Choice(version=current, order=i, text=c.text, fraction=c.fraction, feedback=c.feedback)
        for i, c in enumerate(data.choices, start=1)
    ])
    return SaveResult(question, current, None, unpublished=unpublish)
