"""Authors write drafts, reviewers approve them to live, admins do everything
(docs/authoring-roles.md). `ApprovalMixin` puts the rule into the question admin on the
server side: the status field offers an author only Draft and Retired, a live question's
status is read-only to them, a crafted POST is refused, and the actions that change a
status are a reviewer's. Every status change is written to the admin's LogEntry, and the
change page shows the question's History (quizzes.admin.history)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied

from ..models import Question, QuestionStatus
from ..services import approval
from .history import history_html

#: Actions that change a question's status: a reviewer's only.
STATUS_ACTIONS = ("approve_to_live", "retire")


def status_line(old: str | None, new: str, *, approved: bool = False) -> str:
    """The History's words for a status change: "Status: Draft → Live (approved)."."""
    labels = dict(QuestionStatus.choices)
    start = f"{labels.get(old, old)} → " if old else "created as "
    return f"Status: {start}{labels[new]}{' (approved)' if approved else ''}."


class ApprovalMixin:
    """For QuestionAdmin: put it first in the bases."""

    def has_approve_permission(self, request) -> bool:
        return approval.can_approve(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), "approved_by", "approved_at",
                  "change_history"]
        if (obj is not None and obj.status == QuestionStatus.LIVE
                and not approval.can_approve(request.user)):
            fields.append("status")
        return fields

    def get_fieldsets(self, request, obj=None):
        return [*super().get_fieldsets(request, obj),
                ("Approval and history", {"fields": ("approved_by", "approved_at",
                                                     "change_history")})]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not approval.can_approve(request.user):
            kwargs["choices"] = [(v, label) for v, label in QuestionStatus.choices
                                 if v != QuestionStatus.LIVE]
            kwargs["initial"] = QuestionStatus.DRAFT
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_actions(self, request, action_location=admin.ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        if not approval.can_approve(request.user):
            for name in STATUS_ACTIONS:
                actions.pop(name, None)
        return actions

    def save_model(self, request, obj, form, change):
        old = (Question.objects.filter(pk=obj.pk).values_list("status", flat=True).first()
               if change else None)
        error = approval.status_change_error(user=request.user, old=old, new=obj.status)
        if error:  # the form already offers no such choice: a crafted POST
            raise PermissionDenied(error)
        approved = obj.status == QuestionStatus.LIVE and old != QuestionStatus.LIVE
        if approved:
            approval.question_stamp_approval(question=obj, user=request.user)
        obj._status_change = (old, obj.status, approved) if old != obj.status else None
        super().save_model(request, obj, form, change)

    def _log_status(self, request, obj) -> None:
        change = getattr(obj, "_status_change", None)
        if change:
            old, new, approved = change
            super().log_change(request, obj, status_line(old, new, approved=approved))

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._log_status(request, obj)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._log_status(request, obj)
        return entry

    @admin.action(description="Approve to live", permissions=["approve"])
    def approve_to_live(self, request, queryset):
        approved, empty = 0, 0
        for question in queryset.exclude(status=QuestionStatus.LIVE):
            try:
                was = approval.question_approve(question=question, user=request.user)
            except ValueError:
                empty += 1
                continue
            super().log_change(request, question, status_line(was, question.status,
                                                              approved=True))
            approved += 1
        self.message_user(request, f"{approved} question(s) approved and live.")
        if empty:
            self.message_user(request, f"{empty} question(s) have no content yet and stay "
                                       "as they are.", messages.WARNING)

    @admin.display(description="History")
    def change_history(self, obj):
        return history_html(obj) if obj.pk else "—"
