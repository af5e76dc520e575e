"""Item statistics in the admin: a statistics page per assessment (with a Refresh button
that queues the background task and the results CSV), and the facility and flag columns
and "Flagged" filter of the question list (docs/item-statistics.md)."""

from __future__ import annotations

import csv

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from .. import itemstats
from ..exports import results_rows
from ..models import AssessmentStatistic, ItemFlag, QuestionStatistic

REFRESH_QUEUED = ("Item statistics queued (task {id}); the worker runs it. Reload this page "
                  "when it is done.")


def _main_statistic(field: str) -> Subquery:
    """A field of the question's statistic in the assessment that gave it most responses
    (the question list shows one figure per question)."""
    return Subquery(QuestionStatistic.objects.filter(question=OuterRef("pk"))
                    .order_by("-n", "assessment_id").values(field)[:1])


class FlaggedFilter(admin.SimpleListFilter):
    title = "flagged"
    parameter_name = "flagged"

    def lookups(self, request, model_admin):
        return [("yes", "Flagged"), ("few", "Not enough attempts"), ("no", "No problem found"),
                ("none", "No statistics yet")]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "yes":
            return queryset.filter(stat_flag=ItemFlag.FLAGGED)
        if value == "few":
            return queryset.filter(stat_flag=ItemFlag.FEW)
        if value == "no":
            return queryset.filter(stat_flag=ItemFlag.OK)
        if value == "none":
            return queryset.filter(stat_flag__isnull=True)
        return queryset


class ItemStatsColumnsMixin:
    """For QuestionAdmin: ``facility`` and ``item_flag`` columns and ``FlaggedFilter``,
    read from the stored statistics by subqueries (no extra query per page)."""

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            stat_facility=_main_statistic("facility"), stat_n=_main_statistic("n"),
            stat_flag=_main_statistic("flag"), stat_reasons=_main_statistic("reasons"))

    @admin.display(description="Facility", ordering="stat_facility")
    def facility(self, obj):
        if obj.stat_facility is None:
            return "—"
        return f"{obj.stat_facility:.0%} (n={obj.stat_n})"

    @admin.display(description="Flag", ordering="stat_flag")
    def item_flag(self, obj):
        if obj.stat_flag is None:
            return "—"
        if obj.stat_flag == ItemFlag.OK:
            return "ok"
        return obj.stat_reasons or ItemFlag(obj.stat_flag).label


class AssessmentStatsMixin:
    """For AssessmentAdmin: the statistics page, its Refresh button and the results CSV."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/statistics/", wrap(self.statistics_view),
                 name="quizzes_assessment_statistics"),
            path("<int:pk>/statistics/refresh/", wrap(require_POST(self.refresh_view)),
                 name="quizzes_assessment_statistics_refresh"),
            path("<int:pk>/results.csv", wrap(self.results_csv_view),
                 name="quizzes_assessment_results_csv"),
            *super().get_urls(),
        ]

    def _assessment(self, request, pk):
        assessment = get_object_or_404(self.model, pk=pk)
        if not self.has_view_permission(request, assessment):
            raise PermissionDenied
        return assessment

    @admin.display(description="Statistics")
    def statistics_link(self, obj):
        return format_html('<a href="{}">statistics</a> · <a href="{}">results CSV</a>',
                           reverse("admin:quizzes_assessment_statistics", args=[obj.pk]),
                           reverse("admin:quizzes_assessment_results_csv", args=[obj.pk]))

    def statistics_view(self, request, pk):
        assessment = self._assessment(request, pk)
        test = AssessmentStatistic.objects.filter(assessment=assessment).first()
        rows = list(QuestionStatistic.objects.filter(assessment=assessment)
                    .select_related("question__topic").order_by("question__slug"))
        context = {
            **self.admin_site.each_context(request), "opts": self.model._meta,
            "title": f"Item statistics: {assessment}", "assessment": assessment,
            "test": test, "rows": rows, "min_responses": itemstats.MIN_RESPONSES,
            "min_discrimination": itemstats.MIN_DISCRIMINATION,
            "min_facility": itemstats.MIN_FACILITY, "max_facility": itemstats.MAX_FACILITY,
            "flagged": sum(1 for r in rows if r.flag == ItemFlag.FLAGGED),
        }
        return TemplateResponse(request, "admin/quizzes/assessment/statistics.html", context)

    def refresh_view(self, request, pk):
        from ..tasks import compute_itemstats_task

        assessment = self._assessment(request, pk)
        if not self.has_change_permission(request, assessment):
            raise PermissionDenied
        result = compute_itemstats_task.enqueue(assessment_slugs=[assessment.slug])
        self.message_user(request, REFRESH_QUEUED.format(id=result.id), messages.SUCCESS)
        return redirect("admin:quizzes_assessment_statistics", pk=assessment.pk)

    def results_csv_view(self, request, pk):
        assessment = self._assessment(request, pk)
        writer = csv.writer(_Echo())
        response = StreamingHttpResponse(
            (writer.writerow(row) for row in results_rows(assessment)),
            content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="{assessment.slug}-results.csv"')
        return response


class _Echo:
    """A file-like object whose write returns the line: csv.writer then yields each row
    as text for the streaming response (Django's "Streaming large CSV files")."""

    def write(self, value: str) -> str:
        return value
