"""Authoring questions in the Django admin.

"Add question" asks for the kind first, then one page holds the question and its first
version, with only that kind's fields and a live, answerable preview. The same page edits
a question: the form carries the version it was opened on (``versions.version_token``), so
a save against content that changed since is refused and the author's input is kept; an
edit of a version learners have answered is saved as a new version, and the page then
opens that new version (invariant 1). Versions themselves are read-only here, with a
history page per question that shows what changed from one version to the next."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import Truncator

from ..models import Question, QuestionKind, QuestionStatus, QuestionVersion, Response
from ..services.errors import ServiceError
from ..services.versions import (
    QuestionFields,
    StaleEdit,
    question_author,
    version_data,
    version_token,
)
from ..versiondiff import version_diff
from .forms import AuthoringForms
from .interchange import export_gift, export_xml
from .itemstats import FlaggedFilter, ItemStatsColumnsMixin
from .readonly import ReadOnlyAdminMixin
from .reports import OpenReportsMixin
from .roles import ApprovalMixin, status_line

UNPUBLISHED = ("{slug} was live: your change took it back to draft, so learners are not "
               "given it until a reviewer approves the new content.")
FORKED = "Learners have answered v{old}; your edit was saved as v{new}. Past attempts keep v{old}."
SAVED = "Saved {slug} (v{number})."
UNCHANGED = "Nothing in the content changed: {slug} stays at v{number}."
STEM_CHARS = 90
META_FIELDS = ("slug", "topic", "status", "tags", "difficulty")
CONTENT_FIELDS = ("stem", "explanation")

KIND_HELP = {
    QuestionKind.SINGLE: "One right option among several.",
    QuestionKind.MULTIPLE: "Select all that apply; wrong picks cost credit.",
    QuestionKind.TRUEFALSE: "A statement that is true or false.",
    QuestionKind.NUMERIC: "A number, within a tolerance.",
    QuestionKind.TEXT: "A short typed answer, matched against accepted answers.",
    QuestionKind.ORDERING: "Items to put in order (3 to 8).",
}


@admin.register(Question)
class QuestionAdmin(ApprovalMixin, OpenReportsMixin, ItemStatsColumnsMixin, admin.ModelAdmin):
    # Other columns (item statistics, reports) are appended by their own modules: keep
    # this a plain tuple they can extend.
    list_display = ("slug", "stem_text", "topic", "kind", "difficulty", "status",
                    "version_number", "response_count", "calibrated", "facility", "item_flag",
                    "open_reports")
    list_display_links = ("slug", "stem_text")
    list_filter = ("status", "topic__area", "topic", "current_version__kind",
                   "current_version__difficulty", FlaggedFilter)
    search_fields = ("slug", "current_version__stem", "topic__title", "topic__slug", "tags")
    list_select_related = ("topic__area", "current_version")
    actions = ["approve_to_live", "retire", "calibrate_in_background", export_gift, export_xml]
    change_list_template = "admin/quizzes/question/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_responses=Count("responses"))

    def get_urls(self):
        versions = path("<int:object_id>/versions/",
                        self.admin_site.admin_view(self.versions_view),
                        name="quizzes_question_versions")
        return [versions, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        from ..services.calibration import last_calibration

        return super().changelist_view(
            request, {**(extra_context or {}), "calibration": last_calibration()})

    # --- columns -------------------------------------------------------------------

    @admin.display(description="Stem", ordering="current_version__stem")
    def stem_text(self, obj):
        if not obj.current_version:
            return "—"
        first = next((line.strip() for line in obj.current_version.stem.splitlines()
                      if line.strip()), "")
        return Truncator(first).chars(STEM_CHARS)

    @admin.display(description="Kind", ordering="current_version__kind")
    def kind(self, obj):
        return obj.current_version.get_kind_display() if obj.current_version else "—"

    @admin.display(description="Tier", ordering="current_version__difficulty")
    def difficulty(self, obj):
        return obj.current_version.difficulty if obj.current_version else "—"

    @admin.display(description="Version", ordering="current_version__number")
    def version_number(self, obj):
        return f"v{obj.current_version.number}" if obj.current_version else "none"

    @admin.display(description="Responses", ordering="n_responses")
    def response_count(self, obj):
        return obj.n_responses

    @admin.display(description="Calibrated", boolean=True)
    def calibrated(self, obj):
        return obj.calibrated_at is not None

    # --- authoring -------------------------------------------------------------------

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        kind = request.POST.get("kind") or request.GET.get("kind")
        if kind not in QuestionKind.values:
            return TemplateResponse(request, "admin/quizzes/question/kind_picker.html", {
                **self.admin_site.each_context(request), "opts": self.opts,
                "title": "Add a question: choose its kind",
                "kinds": [(k, label, KIND_HELP[k]) for k, label in QuestionKind.choices]})
        return self.author_view(request, None, kind)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        question = get_object_or_404(
            Question.objects.select_related("topic__area", "current_version"), pk=object_id)
        if not self.has_change_permission(request, question):
            if self.has_view_permission(request, question):
                return super().change_view(request, object_id, form_url, extra_context)
            raise PermissionDenied
        kind = question.current_version.kind if question.current_version else (
            request.GET.get("kind") or QuestionKind.SINGLE)
        return self.author_view(request, question, kind)

    def author_view(self, request, question: Question | None, kind: str):
        base = version_token(question.current_version) if question else "new"
        bound = request.POST if request.method == "POST" else None
        forms = AuthoringForms(kind, bound, question=question, base=base)
        self.restrict_status(request, question, forms.form)
        if bound is not None and forms.is_valid():
            c = forms.form.cleaned_data
            fields = QuestionFields(slug=c["slug"], topic=c["topic"], status=c["status"],
                                    tags=tuple(c["tags"]))
            try:
                result = question_author(question=question, fields=fields,
                                         data=forms.question_data(), base=c["base"],
                                         user=request.user,
                                         may_publish=self.has_approve_permission(request))
            except StaleEdit as exc:
                forms.form.add_error(None, str(exc))
            except ServiceError as exc:
                forms.form.add_error("slug", str(exc))
            else:
                return self.author_saved(request, question is None, result)
        title = (f"Add a question: {QuestionKind(kind).label.lower()}" if question is None
                 else f"Edit {question.slug}")
        return TemplateResponse(request, "admin/quizzes/question/author.html", {
            **self.admin_site.each_context(request), "opts": self.opts, "title": title,
            "question": question, "kind": kind, "kind_label": QuestionKind(kind).label,
            "form": forms.form, "choices": forms.choices,
            "meta_fields": [forms.form[n] for n in META_FIELDS],
            "content_fields": [forms.form[n] for n in CONTENT_FIELDS],
            "key_fields": [forms.form[n] for n in forms.form.fields
                           if n not in META_FIELDS + CONTENT_FIELDS + ("base",)],
            "errors": bound is not None and bool(forms.form.errors or (
                forms.choices is not None and (forms.choices.total_error_count()))),
            "preview_url": reverse("quizzes:question_draft_preview") + (
                f"?version={question.current_version_id}" if question and
                question.current_version_id else ""),
            "media": self.media + forms.form.media,
        })

    def author_saved(self, request, created: bool, result):
        q, v = result.question, result.version
        if created:
            self.log_addition(request, q, [{"added": {}}])
        else:
            self.log_change(request, q, [{"changed": {"fields": ["content"]}}])
        if result.unpublished:
            self.message_user(request, UNPUBLISHED.format(slug=q.slug), messages.WARNING)
        if result.forked_from:
            self.message_user(request, FORKED.format(old=result.forked_from, new=v.number),
                              messages.WARNING)
        elif result.unchanged:
            self.message_user(request, UNCHANGED.format(slug=q.slug, number=v.number))
        else:
            self.message_user(request, SAVED.format(slug=q.slug, number=v.number),
                              messages.SUCCESS)
        if "_continue" in request.POST:
            # The editor reopens the question, which opens its current version: the one
            # just saved, never the answered one it was forked from.
            return HttpResponseRedirect(reverse("admin:quizzes_question_change", args=[q.pk]))
        if "_addanother" in request.POST:
            return HttpResponseRedirect(reverse("admin:quizzes_question_add")
                                        + f"?kind={v.kind}")
        return HttpResponseRedirect(reverse("admin:quizzes_question_changelist"))

    def versions_view(self, request, object_id):
        question = get_object_or_404(Question.objects.select_related("topic"), pk=object_id)
        if not self.has_view_or_change_permission(request, question):
            raise PermissionDenied
        versions = list(question.versions.select_related("created_by")
                        .prefetch_related("choices")
                        .annotate(n_responses=Count("responses")).order_by("number"))
        rows, previous = [], None
        for v in versions:
            data = version_data(v)
            rows.append({"version": v, "diff": version_diff(previous, data),
                         "current": v.pk == question.current_version_id})
            previous = data
        return TemplateResponse(request, "admin/quizzes/question/versions.html", {
            **self.admin_site.each_context(request), "opts": self.opts,
            "title": f"Versions of {question.slug}", "question": question,
            "rows": list(reversed(rows))})

    # --- actions ---------------------------------------------------------------------

    @admin.action(description="Retire the selected questions")
    def retire(self, request, queryset):
        # One question at a time, so that each status change has its History line.
        n = 0
        for question in queryset.exclude(status=QuestionStatus.RETIRED):
            was, question.status = question.status, QuestionStatus.RETIRED
            question.save(update_fields=["status", "updated_at"])
            self.log_change(request, question, status_line(was, question.status))
            n += 1
        self.message_user(request, f"{n} question(s) retired.")

    @admin.action(description="Calibrate IRT parameters of ALL questions (background task)")
    def calibrate_in_background(self, request, queryset):
        # Calibration fits each area's questions together, so it always runs over the
        # whole bank, whatever was selected.
        from ..tasks import calibrate_items_task

        result = calibrate_items_task.enqueue()
        self.message_user(request, f"Calibration queued (task {result.id}); the worker runs "
                                   "it, and this page shows its result when it is done.")


@admin.register(QuestionVersion)
class QuestionVersionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Versions are immutable records: read them here; edit content on the question."""

    list_display = ("__str__", "kind", "difficulty", "created_at", "created_by", "is_current")
    list_filter = ("kind", "difficulty", "question__topic__area")
    search_fields = ("question__slug", "stem")
    list_select_related = ("question", "created_by")
    fields = ("question", "number", "kind", "difficulty", "stem", "explanation", "data",
              "answered_note", "created_at", "created_by")
    readonly_fields = fields

    def change_view(self, request, object_id, form_url="", extra_context=None):
        version = QuestionVersion.objects.select_related("question").filter(pk=object_id).first()
        if (request.method == "GET" and version is not None
                and version.question.current_version_id == version.pk):
            # The current version is edited on its question's page.
            return HttpResponseRedirect(reverse("admin:quizzes_question_change",
                                                args=[version.question_id]))
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="Current", boolean=True)
    def is_current(self, obj):
        return obj.question.current_version_id == obj.pk

    @admin.display(description="Answered by learners")
    def answered_note(self, obj):
        n = Response.objects.filter(version=obj).count()
        return f"{n} responses" if n else "Not answered yet"
