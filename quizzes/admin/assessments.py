"""Assessments in the admin. Draws are checked against the live questions of their
topics, so an assessment never promises more questions than an attempt can contain."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import Count, Prefetch

from ..models import Assessment, AssessmentTopic, Question
from ..wording import counted
from .itemstats import AssessmentStatsMixin

TOO_FEW_LIVE = "{topic} has {live}; this assessment cannot draw {count} from it."
TOO_FEW_IN_AREA = ("The listed topics of {area} have {live} in all; this assessment cannot "
                   "draw {per_area} from that area.")


class DrawFormSet(forms.BaseInlineFormSet):
    """Each draw fits its topic's live questions (topic counts; adaptive too, whose
    counts add up to its maximum length); with "per area" N, each area's listed topics
    hold at least N live questions."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        rows = [f for f in self.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
                and f.cleaned_data.get("topic")]
        if not rows:
            return
        live = dict(Question.objects.live()
                    .filter(topic__in=[f.cleaned_data["topic"] for f in rows])
                    .values("topic").annotate(n=Count("pk")).values_list("topic", "n"))
        per_area = self.instance.per_area
        if per_area:
            areas: dict[int, tuple[object, int]] = {}
            for f in rows:
                topic = f.cleaned_data["topic"]
                area, n = areas.get(topic.area_id, (topic.area, 0))
                areas[topic.area_id] = (area, n + live.get(topic.pk, 0))
            errors = [TOO_FEW_IN_AREA.format(area=area, live=counted(n, "live question"),
                                             per_area=per_area)
                      for area, n in areas.values() if n < per_area]
            if errors:
                raise forms.ValidationError(errors)
            return
        for f in rows:
            topic, count = f.cleaned_data["topic"], f.cleaned_data.get("count") or 0
            if count > live.get(topic.pk, 0):
                f.add_error("count", TOO_FEW_LIVE.format(
                    topic=topic, live=counted(live.get(topic.pk, 0), "live question"),
                    count=count))


class AssessmentTopicInline(admin.TabularInline):
    model = AssessmentTopic
    formset = DrawFormSet
    extra = 0
    autocomplete_fields = ("topic",)


@admin.register(Assessment)
class AssessmentAdmin(AssessmentStatsMixin, admin.ModelAdmin):
    list_display = ("title", "area", "mode", "questions", "time_limit_minutes", "feedback",
                    "attempts_allowed", "cooldown_hours", "per_area", "is_published", "owner",
                    "statistics_link")
    list_filter = ("mode", "area", "is_published", "feedback")
    search_fields = ("title", "slug")
    list_select_related = ("area", "owner")
    prepopulated_fields = {"slug": ("title",)}
    raw_id_fields = ("owner",)
    inlines = [AssessmentTopicInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(
            Prefetch("draws", queryset=AssessmentTopic.objects.with_live_count()))

    @admin.display(description="Questions per attempt")
    def questions(self, obj):
        """What learners are told: computed from the draws and the live pool."""
        prefix = "up to " if obj.mode == "adaptive" else ""
        return prefix + str(obj.question_count)
