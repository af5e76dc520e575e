"""Assessments in the admin."""

from __future__ import annotations

from django.contrib import admin

from ..models import Assessment, AssessmentTopic


class AssessmentTopicInline(admin.TabularInline):
    model = AssessmentTopic
    extra = 0
    autocomplete_fields = ("topic",)


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("title", "area", "mode", "time_limit_minutes", "feedback",
                    "attempts_allowed", "cooldown_hours", "per_area", "is_published", "owner")
    list_filter = ("mode", "area", "is_published", "feedback")
    search_fields = ("title", "slug")
    list_select_related = ("area", "owner")
    prepopulated_fields = {"slug": ("title",)}
    raw_id_fields = ("owner",)
    inlines = [AssessmentTopicInline]
