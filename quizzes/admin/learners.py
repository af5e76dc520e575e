"""What learners did (attempts, review cards, ability estimates), read-only in the admin."""

from __future__ import annotations

from django.contrib import admin

from ..models import AbilityEstimate, Attempt, Response, ReviewCard


class ResponseInline(admin.TabularInline):
    model = Response
    extra = 0
    can_delete = False
    fields = ("position", "question", "version", "answer", "credit", "flagged", "answered_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ("pk", "user", "assessment", "status", "started_at", "submitted_at",
                    "score", "expired")
    list_filter = ("status", "expired", "assessment__area", "assessment")
    search_fields = ("user__email", "assessment__title")
    list_select_related = ("user", "assessment")
    raw_id_fields = ("user",)
    date_hierarchy = "started_at"
    inlines = [ResponseInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return request.method in ("GET", "HEAD") and super().has_view_permission(request, obj)


@admin.register(ReviewCard)
class ReviewCardAdmin(admin.ModelAdmin):
    list_display = ("user", "question", "due", "reviews", "last_rating")
    list_filter = ("last_rating",)
    search_fields = ("user__email", "question__slug")
    list_select_related = ("user", "question")
    raw_id_fields = ("user", "question")


@admin.register(AbilityEstimate)
class AbilityEstimateAdmin(admin.ModelAdmin):
    list_display = ("user", "area", "topic", "theta", "se", "answered", "measured_at")
    list_filter = ("area",)
    search_fields = ("user__email",)
    list_select_related = ("user", "area", "topic")
    raw_id_fields = ("user", "attempt")
