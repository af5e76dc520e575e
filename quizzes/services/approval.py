"""Who may put a question live, and the approval itself (docs/authoring-roles.md).

Authors write drafts; reviewers (permission ``quizzes.approve_question``) approve them to
live; admins hold every permission. The admin asks these functions, so the rule holds for
the change form and for the actions alike."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ..models import Question, QuestionStatus

APPROVE_PERMISSION = "quizzes.approve_question"

ONLY_REVIEWERS = "Only a reviewer can make a question live or change a live question's status."
NO_CONTENT = "A question without content cannot go live: add its first version."


#: The groups and their quizzes permissions (the migration 0010 keeps its own copy).
AUTHOR_PERMISSIONS = (
    "add_question", "change_question", "view_question",
    "add_questionversion", "change_questionversion", "view_questionversion",
    "add_choice", "change_choice", "delete_choice", "view_choice",
    "view_area", "view_topic",
)
GROUP_PERMISSIONS = {"Authors": AUTHOR_PERMISSIONS,
                     "Reviewers": (*AUTHOR_PERMISSIONS, "approve_question")}


@transaction.atomic
def roles_groups_ensure() -> None:
    """The Authors, Reviewers and Admins groups with their permissions, as the migration
    makes them (again, after a database was flushed)."""
    from django.contrib.auth.models import Group, Permission

    quizzes = Permission.objects.filter(content_type__app_label="quizzes")
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(quizzes.filter(codename__in=codenames))
    admins, _ = Group.objects.get_or_create(name="Admins")
    admins.permissions.set(Permission.objects.all())


def can_approve(user) -> bool:
    return user.has_perm(APPROVE_PERMISSION)


def status_change_error(*, user, old: str | None, new: str) -> str | None:
    """Why ``user`` may not move a question from ``old`` (None: a new question) to ``new``
    status, or None when they may. Only reviewers put a question live or move a live one."""
    if old == new or can_approve(user):
        return None
    if QuestionStatus.LIVE in (old, new):
        return ONLY_REVIEWERS
    return None


def question_stamp_approval(*, question: Question, user) -> None:
    """Set ``question`` live as approved by ``user`` now, unsaved (the caller saves it,
    as the admin's change form does)."""
    question.status = QuestionStatus.LIVE
    question.approved_by = user
    question.approved_at = timezone.now()


def question_record_approval(*, question: Question, user) -> None:
    """``question`` was just saved live by ``user`` (the authoring form): record who
    approved it and when."""
    question_stamp_approval(question=question, user=user)
    question.save(update_fields=["approved_by", "approved_at"])


@transaction.atomic
def question_approve(*, question: Question, user) -> str:
    """Make ``question`` live as approved by ``user`` now; returns the status it had.
    Raises PermissionError (ONLY_REVIEWERS) or ValueError (NO_CONTENT)."""
    if not can_approve(user):
        raise PermissionError(ONLY_REVIEWERS)
    if question.current_version_id is None:
        raise ValueError(NO_CONTENT)
    was = question.status
    question_stamp_approval(question=question, user=user)
    question.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    return was
