"""Authoring questions in the Django admin. Editing a version that learners have answered saves
a new version instead (invariant 1); the choice formset rejects broken questions."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html

from ..formats.data import ChoiceData, QuestionData
from ..images import missing_image_problems
from ..models import Choice, Question, QuestionKind, QuestionVersion, Response
from ..rendering import render_problems
from ..services.versions import next_number, version_is_answered
from .reports import OpenReportsMixin

NEEDS_ONE_FULL = "A single-choice question needs exactly one choice with fraction 1 (it has {n})."
NEEDS_POSITIVE = "A multiple-choice question needs at least one choice with a positive fraction."
POSITIVE_SUM = ("The positive fractions of a multiple-choice question must add up to 1 "
                "(they add up to {s:g}).")
NEEDS_TWO = "Give at least two choices."
TRUEFALSE_SHAPE = ("A true/false question has exactly two choices, True and False, "
                   "one with fraction 1.")
ORDERING_SHAPE = "An ordering question needs 3 to 8 items, listed in the correct order."
NO_CHOICES = "A {kind} question has no choices: remove them."
NEEDS_TOLERANCE = "A numeric question needs an answer and a tolerance of 0 or more."
NEEDS_ACCEPTED = "A short-text question needs at least one accepted answer (one per line)."
DOES_NOT_RENDER = "This text does not render cleanly: {problem}."
FORKED = "Learners have answered v{old}; your edit was saved as v{new}. Past attempts keep v{old}."



class VersionInline(admin.TabularInline):
    model = QuestionVersion
    extra = 0
    fields = ("number", "kind", "difficulty", "created_at", "preview")
    readonly_fields = fields
    show_change_link = True
    can_delete = False
    ordering = ("-number",)

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="Preview")
    def preview(self, obj):
        return format_html('<a href="{}" target="_blank">preview</a>',
                           reverse("quizzes:question_preview", args=[obj.pk]))


@admin.register(Question)
class QuestionAdmin(OpenReportsMixin, admin.ModelAdmin):
    list_display = ("slug", "topic", "kind", "difficulty", "status", "version_number",
                    "response_count", "calibrated", "open_reports")
    list_filter = ("status", "topic__area", "topic", "current_version__kind",
                   "current_version__difficulty")
    search_fields = ("slug", "current_version__stem", "tags")
    list_select_related = ("topic__area", "current_version")
    readonly_fields = ("current_version_links", "irt_a", "irt_b", "irt_se_a", "irt_se_b",
                       "irt_n", "calibrated_at", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("slug", "topic", "status", "tags", "current_version_links")}),
        ("IRT calibration", {"classes": ("collapse",),
                             "fields": ("irt_a", "irt_b", "irt_se_a", "irt_se_b", "irt_n",
                                        "calibrated_at")}),
        ("Dates", {"classes": ("collapse",), "fields": ("created_at", "updated_at")}),
    )
    inlines = [VersionInline]
    actions = ["make_live", "retire", "calibrate_in_background"]
    change_list_template = "admin/quizzes/question/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_responses=Count("responses"))

    def changelist_view(self, request, extra_context=None):
        from ..services.calibration import last_calibration

        return super().changelist_view(
            request, {**(extra_context or {}), "calibration": last_calibration()})

    @admin.display(description="Kind", ordering="current_version__kind")
    def kind(self, obj):
        return obj.current_version.get_kind_display() if obj.current_version else "—"

    @admin.display(description="Difficulty", ordering="current_version__difficulty")
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

    @admin.display(description="Content")
    def current_version_links(self, obj):
        if not obj.pk:
            return "Save the question, then add its first version."
        add = reverse("admin:quizzes_questionversion_add") + f"?question={obj.pk}"
        if not obj.current_version_id:
            return format_html('<a href="{}">Add the first version</a>', add)
        v = obj.current_version
        return format_html(
            'v{} · <a href="{}">edit content</a> · <a href="{}" target="_blank">preview as '
            'learner</a> · <a href="{}" target="_blank">preview with key</a>',
            v.number, reverse("admin:quizzes_questionversion_change", args=[v.pk]),
            reverse("quizzes:question_preview", args=[v.pk]),
            reverse("quizzes:question_preview", args=[v.pk]) + "?reveal=1")

    @admin.action(description="Make the selected questions live")
    def make_live(self, request, queryset):
        n = queryset.filter(current_version__isnull=False).update(status="live")
        self.message_user(request, f"{n} question(s) are live.")

    @admin.action(description="Retire the selected questions")
    def retire(self, request, queryset):
        n = queryset.update(status="retired")
        self.message_user(request, f"{n} question(s) retired.")

    @admin.action(description="Calibrate IRT parameters of ALL questions (background task)")
    def calibrate_in_background(self, request, queryset):
        # Calibration fits each area's questions together, so it always runs over the
        # whole bank, whatever was selected.
        from ..tasks import calibrate_items_task

        result = calibrate_items_task.enqueue()
        self.message_user(request, f"Calibration queued (task {result.id}); the worker runs "
                                   "it, and this page shows its result when it is done.")


def rendered_cleanly(text: str) -> str:
    """The text, or a ValidationError listing what in it does not render cleanly
    (``rendering.render_problems``: a stray $, unknown LaTeX, an open code fence…)."""
    problems = render_problems(text or "") + missing_image_problems(text or "")
    if problems:
        raise forms.ValidationError([forms.ValidationError(DOES_NOT_RENDER.format(problem=p),
                                                           code="does_not_render")
                                     for p in problems])
    return text


class ChoiceForm(forms.ModelForm):
    """An option (or ordering item) and its feedback are checked like the stem."""

    class Meta:
        model = Choice
        fields = ("order", "text", "fraction", "feedback")

    def clean_text(self):
        return rendered_cleanly(self.cleaned_data.get("text"))

    def clean_feedback(self):
        return rendered_cleanly(self.cleaned_data.get("feedback"))


class ChoiceFormSet(forms.BaseInlineFormSet):
    """Rejects a version whose choices do not fit its kind."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kind = self.instance.kind
        rows = [f.cleaned_data for f in self.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        fractions = [r.get("fraction") or 0.0 for r in rows]
        if kind in (QuestionKind.NUMERIC, QuestionKind.TEXT):
            if rows:
                raise forms.ValidationError(NO_CHOICES.format(kind=kind))
            return
        if kind == QuestionKind.ORDERING:
            if not 3 <= len(rows) <= 8:
                raise forms.ValidationError(ORDERING_SHAPE)
            return
        if len(rows) < 2:
            raise forms.ValidationError(NEEDS_TWO)
        if kind == QuestionKind.TRUEFALSE:
            if len(rows) != 2 or sorted(fractions) != [0.0, 1.0]:
                raise forms.ValidationError(TRUEFALSE_SHAPE)
        elif kind == QuestionKind.SINGLE:
            full = sum(1 for f in fractions if abs(f - 1) < 1e-6)
            if full != 1:
                raise forms.ValidationError(NEEDS_ONE_FULL.format(n=full))
        elif kind == QuestionKind.MULTIPLE:
            positive = sum(f for f in fractions if f > 0)
            if positive <= 0:
                raise forms.ValidationError(NEEDS_POSITIVE)
            if abs(positive - 1) > 1e-3:
                raise forms.ValidationError(POSITIVE_SUM.format(s=positive))


class ChoiceInline(admin.TabularInline):
    model = Choice
    form = ChoiceForm
    formset = ChoiceFormSet
    extra = 0
    fields = ("order", "text", "fraction", "feedback")


class VersionForm(forms.ModelForm):
    """Kind-specific key fields instead of raw JSON."""

    numeric_answer = forms.FloatField(required=False, label="Numeric answer")
    tolerance = forms.FloatField(required=False, min_value=0)
    tolerance_mode = forms.ChoiceField(choices=[("absolute", "absolute"),
                                                ("relative", "relative")], required=False)
    unit = forms.CharField(required=False, max_length=30)
    accepted = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                               help_text="Short text: accepted answers, one per line.")
    case_sensitive = forms.BooleanField(required=False)
    partial_credit = forms.BooleanField(
        required=False, initial=True,
        help_text="Ordering: credit by adjacent pairs (the rule for every bank).")
    shuffle = forms.BooleanField(required=False, initial=True,
                                 help_text="Single/multiple choice: shuffle the options.")

    class Meta:
        model = QuestionVersion
        fields = ("question", "kind", "difficulty", "stem", "explanation")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        data = self.instance.data or {}
        for name in ("tolerance", "tolerance_mode", "unit", "case_sensitive",
                     "partial_credit", "shuffle"):
            if name in data:
                self.fields[name].initial = data[name]
        if "answer" in data:
            self.fields["numeric_answer"].initial = data["answer"]
        if "accepted" in data:
            self.fields["accepted"].initial = "\n".join(data["accepted"])

    def clean_stem(self):
        return rendered_cleanly(self.cleaned_data.get("stem"))

    def clean_explanation(self):
        return rendered_cleanly(self.cleaned_data.get("explanation"))

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == QuestionKind.NUMERIC and (cleaned.get("numeric_answer") is None
                                             or cleaned.get("tolerance") is None):
            raise forms.ValidationError(NEEDS_TOLERANCE)
        if kind == QuestionKind.TEXT:
            accepted = [a.strip() for a in (cleaned.get("accepted") or "").splitlines()
                        if a.strip()]
            if not accepted:
                self.add_error("accepted", NEEDS_ACCEPTED)
        return cleaned

    def key_data(self) -> dict:
        c, kind = self.cleaned_data, self.cleaned_data["kind"]
        if kind == QuestionKind.NUMERIC:
            return {"answer": c["numeric_answer"], "tolerance": c["tolerance"],
                    "tolerance_mode": c.get("tolerance_mode") or "absolute",
                    "unit": c.get("unit", "")}
        if kind == QuestionKind.TEXT:
            return {"accepted": [a.strip() for a in c["accepted"].splitlines() if a.strip()],
                    "case_sensitive": c.get("case_sensitive", False)}
        if kind == QuestionKind.ORDERING:
            return {"partial_credit": c.get("partial_credit", False)}
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            return {"shuffle": c.get("shuffle", True)}
        return {}


@admin.register(QuestionVersion)
class QuestionVersionAdmin(admin.ModelAdmin):
    form = VersionForm
    list_display = ("__str__", "kind", "difficulty", "created_at", "is_current")
    list_filter = ("kind", "difficulty", "question__topic__area")
    search_fields = ("question__slug", "stem")
    list_select_related = ("question",)
    autocomplete_fields = ("question",)
    readonly_fields = ("number", "answered_note", "created_at", "created_by")
    fieldsets = (
        (None, {"fields": ("question", "number", "answered_note", "kind", "difficulty", "stem",
                           "explanation")}),
        ("Answer key (numeric, short text, ordering)",
         {"fields": ("numeric_answer", "tolerance", "tolerance_mode", "unit", "accepted",
                     "case_sensitive", "partial_credit", "shuffle")}),
        ("History", {"classes": ("collapse",), "fields": ("created_at", "created_by")}),
    )
    inlines = [ChoiceInline]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        question = Question.objects.filter(pk=request.GET.get("question")).first()
        if question and question.current_version:
            v = question.current_version
            initial.update({"kind": v.kind, "difficulty": v.difficulty, "stem": v.stem,
                            "explanation": v.explanation})
        return initial

    @admin.display(description="Current", boolean=True)
    def is_current(self, obj):
        return obj.question.current_version_id == obj.pk

    @admin.display(description="Answered by learners")
    def answered_note(self, obj):
        if not obj.pk:
            return "New version"
        n = Response.objects.filter(version=obj).count()
        if not n:
            return "Not answered yet: edits change this version in place."
        return f"{n} responses: saving an edit creates a new version; past attempts keep this one."

    def save_model(self, request, obj, form, change):
        obj.data = form.key_data()
        obj._forked_from = None
        if change and version_is_answered(QuestionVersion.objects.get(pk=obj.pk)):
            obj._forked_from = obj.number
            obj.pk = None
            obj._state.adding = True
        if obj.pk is None:
            obj.number = next_number(obj.question)
            obj.created_by = request.user
        obj.save()

    def save_formset(self, request, form, formset, change):
        version = form.instance
        if getattr(version, "_forked_from", None):
            # Copy the edited choices onto the new version; the answered one is untouched.
            rows = [f.cleaned_data for f in formset.forms
                    if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            Choice.objects.bulk_create([
                Choice(version=version, order=r["order"], text=r["text"],
                       fraction=r.get("fraction") or 0.0, feedback=r.get("feedback", ""))
                for r in rows])
            # What the admin's change message reads from a saved formset.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        else:
            formset.save()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        version = form.instance
        choices = sorted(version.choices.all(), key=lambda c: c.order)
        data = QuestionData(slug=version.question.slug, topic="", kind=version.kind,
                            difficulty=version.difficulty, stem=version.stem,
                            explanation=version.explanation,
                            choices=tuple(ChoiceData(c.text, c.fraction, c.feedback)
                                          for c in choices), data=version.data)
        QuestionVersion.objects.filter(pk=version.pk).update(content_hash=data.content_hash())
        Question.objects.filter(pk=version.question_id).update(current_version=version)
        if getattr(version, "_forked_from", None):
            self.message_user(request, FORKED.format(old=version._forked_from,
                                                     new=version.number), messages.WARNING)
