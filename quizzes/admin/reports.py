"""Problem reports and regrades in the admin: the staff queue to triage learners' reports,
the regrade page (a dry run listing what would change, then one transaction), and a mixin
that marks questions with open reports in the question list and adds the regrade action."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from ..models import ProblemReport, Question, RegradeLog, ReportStatus
from ..services.errors import ServiceError
from ..services.regrades import regrade_apply, regrade_plan
from ..services.reports import report_resolve
from .readonly import ReadOnlyAdminMixin

ONE_QUESTION = "Choose exactly one question to regrade."


class OpenReportsMixin:
    """For QuestionAdmin: an "Open reports" column (annotated, no query per row) and the
    "Regrade affected attempts" action."""

    def get_queryset(self, request):
        # A subquery, not a join: a join would multiply the other Count annotations
        # of the question list (responses) by the number of reports.
        open_reports = (ProblemReport.objects.open().filter(question=OuterRef("pk"))
                        .order_by().values("question").annotate(n=Count("pk")).values("n"))
        return super().get_queryset(request).annotate(
            n_open_reports=Coalesce(Subquery(open_reports), 0))

    @admin.display(description="Open reports", ordering="n_open_reports")
    def open_reports(self, obj):
        if not obj.n_open_reports:
            return "—"
        url = (reverse("admin:quizzes_problemreport_changelist")
               + f"?question__id__exact={obj.pk}&status__exact=open")
        return format_html('<a href="{}" class="open-reports">⚑ {}</a>', url, obj.n_open_reports)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        actions["regrade_affected"] = (OpenReportsMixin.regrade_affected, "regrade_affected",
                                       "Regrade affected attempts (dry run first)")
        return actions

    def regrade_affected(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, ONE_QUESTION, messages.WARNING)
            return None
        return HttpResponseRedirect(reverse("admin:quizzes_regradelog_regrade",
                                            args=[queryset.get().pk]))


@admin.register(ProblemReport)
class ProblemReportAdmin(admin.ModelAdmin):
    list_display = ("created_at", "question_link", "version_number", "reason", "status",
                    "user", "resolved_by", "resolved_at")
    list_filter = ("status", "reason", "question__topic__area", "created_at")
    search_fields = ("question__slug", "text", "staff_note", "user__email")
    list_select_related = ("question", "version", "user", "resolved_by")
    date_hierarchy = "created_at"
    fields = ("question_link", "version_links", "user", "reason", "text", "learner_answer",
              "created_at", "status", "staff_note", "resolved_by", "resolved_at")
    readonly_fields = ("question_link", "version_links", "user", "reason", "text",
                       "learner_answer", "created_at", "resolved_by", "resolved_at")
    actions = ["mark_accepted", "mark_rejected", "mark_fixed"]

    def has_add_permission(self, request):
        return False  # learners write reports; staff triage them

    @admin.display(description="Question", ordering="question__slug")
    def question_link(self, obj):
        return format_html('<a href="{}">{}</a>',
                           reverse("admin:quizzes_question_change", args=[obj.question_id]),
                           obj.question.slug)

    @admin.display(description="Version", ordering="version__number")
    def version_number(self, obj):
        return f"v{obj.version.number}"

    @admin.display(description="Version reported")
    def version_links(self, obj):
        preview = reverse("quizzes:question_preview", args=[obj.version_id])
        return format_html(
            'v{} · <a href="{}">content</a> · <a href="{}?reveal=1" target="_blank">preview '
            'with key</a>', obj.version.number,
            reverse("admin:quizzes_questionversion_change", args=[obj.version_id]), preview)

    @admin.display(description="The learner's answer")
    def learner_answer(self, obj):
        if obj.response_id is None:
            return "Reported from a spaced review (no stored answer)."
        r = obj.response
        return f"{r.answer!r} · credit {r.credit if r.credit is not None else '—'}"

    def save_model(self, request, obj, form, change):
        if change and "status" in form.changed_data:
            new_status = obj.status
            obj.status = form.initial["status"]
            report_resolve(report=obj, status=new_status, by=request.user)
        else:
            super().save_model(request, obj, form, change)

    def _mark(self, request, queryset, status):
        n = 0
        for report in queryset.select_related("question"):
            if report.status != status:
                report_resolve(report=report, status=status, by=request.user)
                n += 1
        self.message_user(request, f"{n} report(s) marked {ReportStatus(status).label.lower()}.")

    @admin.action(description="Mark accepted (staff agree; a fix is coming)")
    def mark_accepted(self, request, queryset):
        self._mark(request, queryset, ReportStatus.ACCEPTED)

    @admin.action(description="Mark rejected (the question stays as it is)")
    def mark_rejected(self, request, queryset):
        self._mark(request, queryset, ReportStatus.REJECTED)

    @admin.action(description="Mark fixed (the question was corrected)")
    def mark_fixed(self, request, queryset):
        self._mark(request, queryset, ReportStatus.FIXED)


@admin.register(RegradeLog)
class RegradeLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("regraded_at", "question", "attempt", "learner", "versions",
                    "old_credit", "new_credit", "old_score", "new_score", "regraded_by")
    list_filter = ("regraded_at", "question__topic__area")
    search_fields = ("question__slug", "attempt__user__email")
    list_select_related = ("question", "attempt__user", "from_version", "to_version",
                           "regraded_by")
    date_hierarchy = "regraded_at"

    @admin.display(description="Learner", ordering="attempt__user__email")
    def learner(self, obj):
        return obj.attempt.user.email

    @admin.display(description="Versions")
    def versions(self, obj):
        return f"v{obj.from_version.number} → v{obj.to_version.number}"

    def get_urls(self):
        return [path("regrade/<int:question_id>/", self.admin_site.admin_view(self.regrade_view),
                     name="quizzes_regradelog_regrade"), *super().get_urls()]

    def regrade_view(self, request, question_id: int):
        """GET: the dry run (what would change, per learner); POST: apply it."""
        if not request.user.has_perm("quizzes.change_question"):
            return HttpResponseRedirect(reverse("admin:index"))
        question = get_object_or_404(Question.objects.select_related("topic"), pk=question_id)
        try:
            if request.method == "POST":
                plan = regrade_apply(question=question, by=request.user)
                self.message_user(request, (
                    f"{question.slug}: {len(plan.changes)} attempt(s) regraded against "
                    f"v{plan.to_version.number}; {len(plan.score_changes)} score(s) changed."))
                return HttpResponseRedirect(
                    reverse("admin:quizzes_regradelog_changelist")
                    + f"?question__id__exact={question.pk}")
            plan = regrade_plan(question=question)
        except ServiceError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:quizzes_question_changelist"))
        return TemplateResponse(request, "admin/quizzes/regrade.html", {
            **self.admin_site.each_context(request), "title": f"Regrade {question.slug}",
            "question": question, "plan": plan, "opts": Question._meta})
