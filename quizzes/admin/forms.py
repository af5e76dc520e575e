"""Authoring forms: one form per question kind, holding the question and its content, and
the choices (or ordering items) as a formset of plain rows. Forms only validate; the
service ``versions.question_author`` saves."""

from __future__ import annotations

from django import forms

from ..formats.data import ChoiceData, QuestionData
from ..images import missing_image_problems
from ..models import CHOICE_KINDS, Question, QuestionKind, QuestionStatus, Topic
from ..rendering import render_problems

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
TAG_TOO_LONG = "Keep each tag under {n} characters (“{tag}” is longer)."
TAG_MAX = 60

#: How many rows a new question's choices table starts with, per kind.
START_ROWS = {QuestionKind.SINGLE: 4, QuestionKind.MULTIPLE: 5, QuestionKind.TRUEFALSE: 2,
              QuestionKind.ORDERING: 4}
MAX_ROWS = {QuestionKind.TRUEFALSE: 2, QuestionKind.ORDERING: 8}
TIERS = [(1, "1 · very easy"), (2, "2 · easy"), (3, "3 · medium"), (4, "4 · hard"),
         (5, "5 · very hard")]


def choice_problem(kind: str, fractions: list[float]) -> str | None:
    """What is wrong with a version's choices for its kind (their fractions, in order),
    or None. Pure: the formsets and the tests call it."""
    n = len(fractions)
    if kind in (QuestionKind.NUMERIC, QuestionKind.TEXT):
        return NO_CHOICES.format(kind=kind) if n else None
    if kind == QuestionKind.ORDERING:
        return None if 3 <= n <= 8 else ORDERING_SHAPE
    if n < 2:
        return NEEDS_TWO
    if kind == QuestionKind.TRUEFALSE:
        return None if n == 2 and sorted(fractions) == [0.0, 1.0] else TRUEFALSE_SHAPE
    if kind == QuestionKind.SINGLE:
        full = sum(1 for f in fractions if abs(f - 1) < 1e-6)
        return None if full == 1 else NEEDS_ONE_FULL.format(n=full)
    positive = sum(f for f in fractions if f > 0)
    if positive <= 0:
        return NEEDS_POSITIVE
    if abs(positive - 1) > 1e-3:
        return POSITIVE_SUM.format(s=positive)
    return None


def rendered_cleanly(text: str) -> str:
    """The text, or a ValidationError listing what in it does not render cleanly
    (``rendering.render_problems``: a stray $, unknown LaTeX, an open code fence…)."""
    problems = render_problems(text or "") + missing_image_problems(text or "")
    if problems:
        raise forms.ValidationError([forms.ValidationError(DOES_NOT_RENDER.format(problem=p),
                                                           code="does_not_render")
                                     for p in problems])
    return text


class TagsWidget(forms.TextInput):
    """A comma-separated text box; static/js/tag_chips.js turns it into chips."""

    def __init__(self, attrs=None):
        super().__init__({"data-tag-chips": "", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return super().format_value(value)


class TagsField(forms.CharField):
    """Tags typed as ``a, b, c``; cleaned to a list (stored as JSON, as before)."""

    widget = TagsWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, list | tuple):
            value = ", ".join(value)
        tags = []
        for tag in (value or "").split(","):
            tag = tag.strip()
            if tag and tag not in tags:
                tags.append(tag)
        return tags

    def validate(self, value):
        for tag in value:
            if len(tag) > TAG_MAX:
                raise forms.ValidationError(TAG_TOO_LONG.format(n=TAG_MAX, tag=tag[:20] + "…"),
                                            code="tag_too_long")


class AuthorForm(forms.Form):
    """A question and its content, with only the fields its kind uses."""

    slug = forms.SlugField(max_length=120, help_text="Stable name in banks and exports.")
    topic = forms.ModelChoiceField(Topic.objects.select_related("area"))
    status = forms.ChoiceField(choices=QuestionStatus.choices, initial=QuestionStatus.DRAFT,
                               help_text="Only live questions are drawn for learners.")
    tags = TagsField(help_text="Subtopic slugs, separated by commas.")
    difficulty = forms.TypedChoiceField(choices=TIERS, coerce=int, initial=3, label="Tier")
    stem = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}),
                           help_text="Markdown; $…$ and $$…$$ for LaTeX; fenced code "
                                     "with a language (```python).")
    explanation = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                  help_text="Shown with the answer key once feedback is due.")
    base = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == QuestionKind.NUMERIC:
            needs = {"required": NEEDS_TOLERANCE}
            self.fields["numeric_answer"] = forms.FloatField(label="Answer",
                                                             error_messages=needs)
            self.fields["tolerance"] = forms.FloatField(
                min_value=0, initial=0, help_text="0 for an exact answer.",
                error_messages=needs)
            self.fields["tolerance_mode"] = forms.ChoiceField(
                choices=[("absolute", "absolute (± this much)"),
                         ("relative", "relative (± this fraction of the answer)")],
                initial="absolute", label="Tolerance is")
            self.fields["unit"] = forms.CharField(required=False, max_length=30,
                                                  help_text="Shown after the box, e.g. ms.")
        elif kind == QuestionKind.TEXT:
            self.fields["accepted"] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 3}), label="Accepted answers",
                error_messages={"required": NEEDS_ACCEPTED},
                help_text="One per line; spaces and case are normalised.")
            self.fields["case_sensitive"] = forms.BooleanField(required=False)
        elif kind == QuestionKind.ORDERING:
            self.fields["partial_credit"] = forms.BooleanField(
                required=False, initial=True,
                help_text="Credit by adjacent pairs in the right order (every bank's rule).")
        elif kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            self.fields["shuffle"] = forms.BooleanField(
                required=False, initial=True, help_text="Show the options in a random order.")

    def clean_stem(self):
        return rendered_cleanly(self.cleaned_data.get("stem"))

    def clean_explanation(self):
        return rendered_cleanly(self.cleaned_data.get("explanation"))

    def clean_accepted(self):
        accepted = [a.strip() for a in self.cleaned_data.get("accepted", "").splitlines()
                    if a.strip()]
        if not accepted:
            raise forms.ValidationError(NEEDS_ACCEPTED, code="needs_accepted")
        return accepted

    def key_data(self) -> dict:
        c = self.cleaned_data
        if self.kind == QuestionKind.NUMERIC:
            return {"answer": c["numeric_answer"], "tolerance": c["tolerance"],
                    "tolerance_mode": c.get("tolerance_mode") or "absolute",
                    "unit": c.get("unit", "")}
        if self.kind == QuestionKind.TEXT:
            return {"accepted": c["accepted"], "case_sensitive": c.get("case_sensitive", False)}
        if self.kind == QuestionKind.ORDERING:
            return {"partial_credit": c.get("partial_credit", False)}
        if self.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            return {"shuffle": c.get("shuffle", False)}
        return {}


class ChoiceRowForm(forms.Form):
    """One option (or ordering item). A row left without text is not a choice."""

    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    fraction = forms.FloatField(required=False, min_value=-1, max_value=1,
                                widget=forms.NumberInput(attrs={"step": "any"}),
                                help_text="1 right, 0 wrong; parts for multiple choice.")
    feedback = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        if kind == QuestionKind.ORDERING:
            del self.fields["fraction"]

    def clean_text(self):
        return rendered_cleanly(self.cleaned_data.get("text")).strip()

    def clean_feedback(self):
        return rendered_cleanly(self.cleaned_data.get("feedback"))


class ChoiceRowFormSet(forms.BaseFormSet):
    """Rejects choices that do not fit the kind; rows without text are left out."""

    def __init__(self, *args, kind: str, **kwargs):
        self.kind = kind
        super().__init__(*args, form_kwargs={"kind": kind}, **kwargs)

    def rows(self) -> list[ChoiceData]:
        return [ChoiceData(f.cleaned_data["text"], f.cleaned_data.get("fraction") or 0.0,
                           f.cleaned_data.get("feedback", ""))
                for f in self.forms if f.cleaned_data.get("text")]

    def clean(self):
        if any(self.errors):
            return
        problem = choice_problem(self.kind, [r.fraction for r in self.rows()])
        if problem:
            raise forms.ValidationError(problem, code="choices")


def choice_formset(kind: str, data=None, initial: list[dict] | None = None):
    """The choices table of a kind: the existing rows and enough empty ones to fill in."""
    initial = initial or []
    if kind == QuestionKind.TRUEFALSE and not initial:
        initial = [{"text": "True", "fraction": 1}, {"text": "False", "fraction": 0}]
    start = START_ROWS[kind]
    most = MAX_ROWS.get(kind, 12)
    extra = min(max(start - len(initial), 1 if len(initial) < most else 0), most - len(initial))
    cls = forms.formset_factory(ChoiceRowForm, formset=ChoiceRowFormSet,
                                extra=max(extra, 0), max_num=most, validate_max=True)
    return cls(data, initial=initial, prefix="choices", kind=kind)


class AuthoringForms:
    """The author form and (for choice kinds) the choices formset of one page."""

    def __init__(self, kind: str, data=None, *, question: Question | None = None,
                 base: str = "new"):
        self.kind = kind
        initial, rows = {"base": base}, []
        version = question.current_version if question else None
        if question is not None:
            initial.update(slug=question.slug, topic=question.topic_id,
                           status=question.status, tags=question.tags)
        if version is not None:
            initial.update(difficulty=version.difficulty, stem=version.stem,
                           explanation=version.explanation)
            d = version.data or {}
            initial.update({k: d[k] for k in ("tolerance", "tolerance_mode", "unit",
                                               "case_sensitive", "partial_credit", "shuffle")
                            if k in d})
            if "answer" in d:
                initial["numeric_answer"] = d["answer"]
            if "accepted" in d:
                initial["accepted"] = "\n".join(d["accepted"])
            if version.kind == kind:
                rows = [{"text": c.text, "fraction": c.fraction, "feedback": c.feedback}
                        for c in sorted(version.choices.all(), key=lambda c: c.order)]
        self.form = AuthorForm(data, kind=kind, initial=initial)
        self.choices = choice_formset(kind, data, rows) if kind in CHOICE_KINDS else None

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        return (self.choices is None or self.choices.is_valid()) and valid

    def question_data(self) -> QuestionData:
        c = self.form.cleaned_data
        return QuestionData(
            slug=c["slug"], topic="", kind=self.kind, difficulty=c["difficulty"],
            stem=c["stem"], explanation=c.get("explanation", ""),
            choices=tuple(self.choices.rows()) if self.choices else (),
            data=self.form.key_data(), tags=tuple(c.get("tags", ())))
