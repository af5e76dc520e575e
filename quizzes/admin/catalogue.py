"""Areas, topics and the resource catalogue in the admin."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html

from ..models import Area, Resource, Topic


class TopicInline(admin.TabularInline):
    model = Topic
    extra = 0
    prepopulated_fields = {"slug": ("title",)}


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "order", "topic_count")
    list_filter = ("order",)
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [TopicInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_topics=Count("topics"))

    @admin.display(description="Topics", ordering="n_topics")
    def topic_count(self, obj):
        return obj.n_topics


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("title", "area", "slug", "order", "question_count")
    list_filter = ("area",)
    search_fields = ("title", "slug")
    list_select_related = ("area",)
    prepopulated_fields = {"slug": ("title",)}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_questions=Count("questions"))

    @admin.display(description="Questions", ordering="n_questions")
    def question_count(self, obj):
        return obj.n_questions


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ("title", "provider", "kind", "cost", "level", "hours", "is_active",
                    "link")
    list_filter = ("kind", "cost", "level", "is_active", "topics__area")
    search_fields = ("title", "provider", "description", "slug")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("topics",)

    @admin.display(description="URL")
    def link(self, obj):
        return format_html('<a href="{}" rel="noopener noreferrer" target="_blank">open</a>',
                           obj.url)
