"""Forms validate what a learner sends; services save it and grading scores it."""

from __future__ import annotations

from django import forms

from . import grading
from .models import QuestionKind

TOO_LONG = "Keep the answer under {n} characters."
ORDER_INVALID = "Give each item a different position from 1 to {n}."
TEXT_MAX = 300


class AnswerForm(forms.Form):
    """The answer to one question of an attempt (or of a review card).

    ``choice_ids`` is the order the options are shown in, fixed when the question was
    drawn; anything outside it is rejected (a tampered id gets a clear message).
    """

    def __init__(self, data=None, *, kind: str, choice_ids: list[int], **kwargs):
        super().__init__(data, **kwargs)
        self.kind = kind
        self.choice_ids = list(choice_ids)
        self.number: grading.NumberReading | None = None  # numeric: how the entry was read
        options = [(str(i), str(i)) for i in self.choice_ids]
        if kind in (QuestionKind.SINGLE, QuestionKind.TRUEFALSE):
            self.fields["answer"] = forms.ChoiceField(choices=options, required=False,
                                                      widget=forms.RadioSelect)
        elif kind == QuestionKind.MULTIPLE:
            self.fields["answer"] = forms.MultipleChoiceField(
                choices=options, required=False, widget=forms.CheckboxSelectMultiple)
        elif kind in (QuestionKind.NUMERIC, QuestionKind.TEXT):
            self.fields["answer"] = forms.CharField(required=False, strip=True,
                                                    max_length=TEXT_MAX)
            self.fields["answer"].error_messages["max_length"] = TOO_LONG.format(n=TEXT_MAX)
        elif kind == QuestionKind.ORDERING:
            n = len(self.choice_ids)
            positions = [("", "—")] + [(str(k), str(k)) for k in range(1, n + 1)]
            for cid in self.choice_ids:
                self.fields[f"pos_{cid}"] = forms.TypedChoiceField(
                    choices=positions, required=False, coerce=int, empty_value=None)

    def clean(self):
        cleaned = super().clean()
        if self.kind == QuestionKind.NUMERIC:
            raw = cleaned.get("answer", "")
            if raw:
                try:
                    self.number = grading.read_number(raw)
                except ValueError as exc:
                    # The message says how to type it (a decimal comma, bad grouping...).
                    self.add_error("answer", forms.ValidationError(str(exc),
                                                                   code="not_a_number"))
        if self.kind == QuestionKind.ORDERING:
            chosen = {cid: cleaned.get(f"pos_{cid}") for cid in self.choice_ids}
            given = [p for p in chosen.values() if p is not None]
            # Still choosing (some blank) is not an error; a position used twice is.
            if len(set(given)) != len(given):
                raise forms.ValidationError(ORDER_INVALID.format(n=len(self.choice_ids)),
                                            code="order_invalid")
        return cleaned

    def answer_json(self) -> dict | None:
        """The answer as stored on a response; None when nothing was given."""
        value = self.cleaned_data.get("answer")
        if self.kind in (QuestionKind.SINGLE, QuestionKind.TRUEFALSE):
            return {"choices": [int(value)]} if value else None
        if self.kind == QuestionKind.MULTIPLE:
            return {"choices": sorted(int(v) for v in value)} if value else None
        if self.kind == QuestionKind.NUMERIC:
            # The typed text (shown again in the box) and the number it was read as
            # (what grading uses), so a later change of the reading rules moves no score.
            return {"value": value, "number": self.number.value} if value else None
        if self.kind == QuestionKind.TEXT:
            return {"text": value} if value else None
        positions = {cid: self.cleaned_data.get(f"pos_{cid}") for cid in self.choice_ids}
        if any(p is None for p in positions.values()):
            return None
        return {"order": [cid for cid, _ in sorted(positions.items(), key=lambda kv: kv[1])]}

    @staticmethod
    def initial_for(kind: str, answer: dict | None) -> dict:
        """Form initial values from a stored answer, to show it again."""
        if not answer:
            return {}
        if kind in (QuestionKind.SINGLE, QuestionKind.TRUEFALSE):
            return {"answer": str(answer["choices"][0])}
        if kind == QuestionKind.MULTIPLE:
            return {"answer": [str(i) for i in answer["choices"]]}
        if kind == QuestionKind.NUMERIC:
            return {"answer": answer.get("value", "")}
        if kind == QuestionKind.TEXT:
            return {"answer": answer.get("text", "")}
        return {f"pos_{cid}": i for i, cid in enumerate(answer.get("order", []), start=1)}
