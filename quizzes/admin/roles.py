"""Authors write drafts, reviewers approve them to live, admins do everything
(docs/authoring-roles.md). `ApprovalMixin` puts the rule into the question admin on the
server side: the status field offers an author only Draft and Retired, a live question's
status is disabled for them (a crafted POST is a form error or ignored), and the actions
that change a status are a reviewer's. Every status change is written to the admin's
LogEntry, and the question's "Change log" page shows its History (quizzes.admin.history)."""

from __future__ import annotations

from django.contrib import admin, messages

from ..models import Question, QuestionStatus
from ..services import approval
from .history import question_history

#: Actions that change a question's status: a reviewer's only.
STATUS_ACTIONS = ("approve_to_live", "retire")


def status_line(old: str | None, new: str, *, approved: bool = False) -> str:
    """The History's words for a status change: "Status: Draft → Live (approved)."."""
    labels = dict(QuestionStatus.choices)
    start = f"{labels.get(old, old)} → " if old else "created as "
    return f"Status: {start}{labels[new]}{' (approved)' if approved else ''}."


class ApprovalMixin:
    """For QuestionAdmin: put it first in the bases; its authoring view calls
    ``restrict_status`` on the form it builds."""

    object_history_template = "admin/quizzes/question/question_history.html"

    def has_approve_permission(self, request) -> bool:
        return approval.can_approve(request.user)

    def restrict_status(self, request, question: Question | None, form) -> None:
        """Server side, not only hidden: for a user who may not approve, the status field
        offers no Live (a POST of it is a form error, the input kept), and a live
        question's status is disabled (a posted value is ignored). Remembers the status
        the question had, for the status LogEntry (``_record_status``)."""
        request.question_status_before = question.status if question else None
        if approval.can_approve(request.user):
            return
        field = form.fields["status"]
        if question is not None and question.status == QuestionStatus.LIVE:
            field.disabled = True
            field.help_text = approval.ONLY_REVIEWERS
        else:
            field.choices = [(v, label) for v, label in QuestionStatus.choices
                             if v != QuestionStatus.LIVE]
            field.help_text = "Drafts go live when a reviewer approves them."

    def _record_status(self, request, question: Question) -> None:
        """After the authoring view saved ``question``: a status change gets its own
        LogEntry in plain words, and a move to Live records who approved it."""
        if not hasattr(request, "question_status_before"):
            return  # not a save through the authoring view
        old = request.question_status_before
        if old == question.status:
            return
        approved = question.status == QuestionStatus.LIVE
        if approved:
            approval.question_record_approval(question=question, user=request.user)
        super().log_change(request, question,
                           status_line(old, question.status, approved=approved))

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._record_status(request, obj)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._record_status(request, obj)
        return entry

    def get_actions(self, request, action_location=admin.ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        if not approval.can_approve(request.user):
            for name in STATUS_ACTIONS:
                actions.pop(name, None)
        return actions

    def history_view(self, request, object_id, extra_context=None):
        question = Question.objects.filter(pk=object_id).select_related("approved_by").first()
        context = {**(extra_context or {}), "question_history":
                   question_history(question) if question else [],
                   "approved": question}
        return super().history_view(request, object_id, context)

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
