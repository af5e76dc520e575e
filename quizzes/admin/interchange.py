"""Import and export questions as GIFT or Moodle XML from the admin (docs/bank-format.md §4).

Import is two steps: upload a file and pick the area, read the preview (each question's
title, kind, topic, what would happen to it and its errors), then confirm. Nothing is
written before the confirmation, and the confirmation reads and checks the file again
(it travels back base64-encoded in the form), so what is written is what was checked.
Export: a whole area (or every question) from the export page, or the questions selected
in the question list (two admin actions).
"""

from __future__ import annotations

import base64
import binascii

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from ..formats.question_file import CONTENT_TYPES, EXTENSIONS, parse_bytes
from ..models import Area, Question
from ..services import approval
from ..services.interchange import questions_export, questions_import

MAX_UPLOAD_BYTES = 1_000_000
FILE_TOO_BIG = "The file is {size:,} bytes; the limit is {limit:,} bytes. Split it by category."
BAD_CONTENT = "The confirmation lost the file; upload it again."
IMPORTED = "Imported into {area}: {summary}. New questions are drafts: make them live " \
           "from the question list."
UNPUBLISHED = ("{n} live question(s) got new content from your file and went back to draft: "
               "learners are not given them until a reviewer approves them.")
FORMAT_CHOICES = [("gift", "GIFT (.gift.txt)"), ("xml", "Moodle XML (.xml)")]


class ImportUploadForm(forms.Form):
    file = forms.FileField(help_text="A GIFT (.txt, .gift) or Moodle XML (.xml) file, at most "
                                     f"{MAX_UPLOAD_BYTES // 1000} kB.")
    area = forms.ModelChoiceField(Area.objects.all(), help_text="Each question's category "
                                  "(its last part) must name a topic of this area.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(FILE_TOO_BIG.format(size=upload.size,
                                                            limit=MAX_UPLOAD_BYTES),
                                        code="too_big")
        return upload


class ImportConfirmForm(forms.Form):
    area = forms.ModelChoiceField(Area.objects.all(), widget=forms.HiddenInput)
    content = forms.CharField(widget=forms.HiddenInput, strip=False,
                              max_length=MAX_UPLOAD_BYTES * 4 // 3 + 4)

    def clean_content(self):
        try:
            return base64.b64decode(self.cleaned_data["content"], validate=True)
        except (binascii.Error, ValueError):
            raise forms.ValidationError(BAD_CONTENT, code="bad_content") from None


class ExportForm(forms.Form):
    area = forms.ModelChoiceField(Area.objects.all(), required=False, empty_label="All areas")
    format = forms.ChoiceField(choices=FORMAT_CHOICES, widget=forms.RadioSelect,
                               initial="xml")


def _context(request: HttpRequest, title: str, **extra) -> dict:
    return {**admin.site.each_context(request), "title": title,
            "opts": Question._meta, **extra}


@require_http_methods(["GET", "POST"])
def question_import_view(request: HttpRequest) -> HttpResponse:
    """Upload -> preview (nothing written) -> confirm (all or nothing)."""
    if not request.user.has_perm("quizzes.add_question"):
        raise PermissionDenied
    if request.method == "POST" and "confirm" in request.POST:
        form = ImportConfirmForm(request.POST)
        if form.is_valid():
            area = form.cleaned_data["area"]
            fmt, parsed = parse_bytes(form.cleaned_data["content"])
            report = questions_import(area=area, parsed=parsed, user=request.user,
                                      may_publish=approval.can_approve(request.user))
            if report.written:
                messages.success(request, IMPORTED.format(area=area, summary=report.summary()))
                if report.unpublished:
                    messages.warning(request, UNPUBLISHED.format(n=report.unpublished))
                return redirect("admin:quizzes_question_changelist")
            return _preview(request, area, fmt, report, form.cleaned_data["content"])
        messages.error(request, BAD_CONTENT)
        return redirect("interchange:question_import")
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        raw = form.cleaned_data["file"].read()
        area = form.cleaned_data["area"]
        fmt, parsed = parse_bytes(raw)
        report = questions_import(area=area, parsed=parsed, dry_run=True)
        return _preview(request, area, fmt, report, raw)
    return TemplateResponse(request, "admin/quizzes/question/import.html",
                            _context(request, "Import questions", form=form))


def _preview(request, area, fmt, report, raw: bytes) -> TemplateResponse:
    confirm = ImportConfirmForm(initial={"area": area.pk,
                                         "content": base64.b64encode(raw).decode("ascii")})
    return TemplateResponse(request, "admin/quizzes/question/import.html", _context(
        request, "Import questions: preview", report=report, area=area,
        format_name=dict(FORMAT_CHOICES).get(fmt, "unreadable"), confirm=confirm,
        form=ImportUploadForm(initial={"area": area.pk})))


def download(questions, fmt: str, name: str) -> HttpResponse:
    result = questions_export(questions=questions, fmt=fmt)
    response = HttpResponse(result.text, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{EXTENSIONS[fmt]}"'
    return response


@require_GET
def question_export_view(request: HttpRequest) -> HttpResponse:
    """A form (area or all, format); with ``download`` in the query, the file."""
    if not request.user.has_perm("quizzes.view_question"):
        raise PermissionDenied
    form = ExportForm(request.GET if "download" in request.GET else None)
    if form.is_bound and form.is_valid():
        area = form.cleaned_data["area"]
        questions = Question.objects.all()
        if area:
            questions = questions.filter(topic__area=area)
        return download(questions, form.cleaned_data["format"],
                        f"skillcheck-{area.slug if area else 'all'}")
    return TemplateResponse(request, "admin/quizzes/question/export.html",
                            _context(request, "Export questions", form=form,
                                     import_url=reverse("interchange:question_import")))


@admin.action(description="Export the selected questions as GIFT", permissions=["view"])
def export_gift(modeladmin, request, queryset):
    return download(queryset, "gift", "skillcheck-selected")


@admin.action(description="Export the selected questions as Moodle XML", permissions=["view"])
def export_xml(modeladmin, request, queryset):
    return download(queryset, "xml", "skillcheck-selected")


app_name = "interchange"
urlpatterns = [
    path("import/", admin.site.admin_view(question_import_view), name="question_import"),
    path("export/", admin.site.admin_view(question_export_view), name="question_export"),
]
