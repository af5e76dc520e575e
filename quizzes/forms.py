"""Forms validate what a learner sends; services save it and grading scores it."""

from __future__ import annotations

from django import forms
from django.utils.crypto import salted_hmac

from . import grading
from .models import REPORT_TEXT_MAX, QuestionKind, ReportReason

TOO_LONG = "Keep the answer under {n} characters."
ORDER_INVALID = "Give each item a different position from 1 to {n}."
TEXT_MAX = 300
NOT_AN_OPTION = "Choose one of the options shown."
CHOICE_SALT = "quizzes.forms.choice-token"
TOKEN_LENGTH = 12


def choice_token(scope: str, choice_id: int) -> str:
    """The opaque name of a choice inside one response (or review): an HMAC of the
    scope and the choice id with the secret key. Database ids are created in the key's
    order (an ordering question's items, often the right option first); a learner sees
    only these tokens, which are unrelated to the key and differ from one response to
    the next, and the server maps them back."""
    digest = salted_hmac(CHOICE_SALT, f"{scope}:{choice_id}", algorithm="sha256").hexdigest()
    return "c" + digest[:TOKEN_LENGTH]


def response_scope(response_id: int) -> str:
    """The token scope of an attempt's response (the take and the result page)."""
    return f"r{response_id}"


#: What the take page stores for the "I don't know" button (any kind of question).
DONT_KNOW = {"dont_know": True}


def shown_order(ids: list[int], positions: dict[int, int]) -> list[int]:
    """The order an ordering question's items are listed in: by the position the learner
    gave (items without one after, in the order drawn)."""
    big = len(ids) + 1
    return sorted(ids, key=lambda cid: (positions.get(cid, big), ids.index(cid)))


def order_after_move(ids: list[int], positions: dict[int, int], moved: int,
                     step: int) -> list[int]:
    """The list as shown (``shown_order``) with ``moved`` swapped with its neighbour
    (``step`` -1 up, +1 down); at either end nothing moves."""
    order = shown_order(ids, positions)
    i = order.index(moved)
    j = i + step
    if 0 <= j < len(order):
        order[i], order[j] = order[j], order[i]
    return order


class AnswerForm(forms.Form):
    """The answer to one question of an attempt (or of a review card).

    ``choice_ids`` is the order the options are shown in, fixed when the question was
    drawn. In the browser each choice is named by ``choice_token(scope, id)`` (``scope``
    names the response or review), never by its id; a value outside the question's own
    tokens is rejected with a clear message, whatever it looks like.
    """

    def __init__(self, data=None, *, kind: str, choice_ids: list[int], scope: str, **kwargs):
        super().__init__(data, **kwargs)
        self.kind = kind
        self.choice_ids = list(choice_ids)
        self.number: grading.NumberReading | None = None  # numeric: how the entry was read
        self.tokens = {cid: choice_token(scope, cid) for cid in self.choice_ids}
        self.choice_of = {token: cid for cid, token in self.tokens.items()}
        if self.is_bound:
            self._add_fields()

    def _add_fields(self) -> None:
        """The fields that validate what was sent. A form showing a question (unbound)
        only names its choices: it is never rendered by Django's widgets, and building
        these was a third of the take page's form."""
        kind = self.kind
        options = [(self.tokens[i], self.tokens[i]) for i in self.choice_ids]
        invalid = {"invalid_choice": NOT_AN_OPTION}
        if kind in (QuestionKind.SINGLE, QuestionKind.TRUEFALSE):
            self.fields["answer"] = forms.ChoiceField(choices=options, required=False,
                                                      widget=forms.RadioSelect,
                                                      error_messages=invalid)
        elif kind == QuestionKind.MULTIPLE:
            self.fields["answer"] = forms.MultipleChoiceField(
                choices=options, required=False, widget=forms.CheckboxSelectMultiple,
                error_messages=invalid)
        elif kind in (QuestionKind.NUMERIC, QuestionKind.TEXT):
            self.fields["answer"] = forms.CharField(required=False, strip=True,
                                                    max_length=TEXT_MAX)
            self.fields["answer"].error_messages["max_length"] = TOO_LONG.format(n=TEXT_MAX)
        elif kind == QuestionKind.ORDERING:
            n = len(self.choice_ids)
            positions = [("", "—")] + [(str(k), str(k)) for k in range(1, n + 1)]
            for cid in self.choice_ids:
                self.fields[self.position_field(cid)] = forms.TypedChoiceField(
                    choices=positions, required=False, coerce=int, empty_value=None,
                    error_messages={"invalid_choice": ORDER_INVALID.format(n=n)})

    def position_field(self, choice_id: int) -> str:
        """The name of an ordering item's position field (opaque, like the tokens)."""
        return f"pos_{self.tokens[choice_id]}"

    def chosen_ids(self) -> set[int]:
        """The choices a bound form sent, valid or not, as ids (to show them again)."""
        if not self.is_bound:
            return set()
        return {self.choice_of[v] for v in self.data.getlist("answer") if v in self.choice_of}

    def sent_positions(self) -> dict[int, int]:
        """Ordering: the positions a bound form sent, valid or not, by choice id (to show
        them again after an error); a blank or out-of-range entry is left out."""
        if not self.is_bound or self.kind != QuestionKind.ORDERING:
            return {}
        n = len(self.choice_ids)
        sent = {cid: self.data.get(self.position_field(cid), "") for cid in self.choice_ids}
        return {cid: int(v) for cid, v in sent.items()
                if len(v) <= 3 and v.isascii() and v.isdigit() and 1 <= int(v) <= n}

    def data_after_move(self, token: str, step: int) -> dict[str, str] | None:
        """Ordering: the form data once item ``token`` moved one place (``step`` -1 is up,
        +1 down) in the order the page shows (``order_after_move``); None for a token that
        is not one of this question's items. Every item then has a position."""
        cid = self.choice_of.get(token)
        if cid is None:
            return None
        order = order_after_move(self.choice_ids, self.sent_positions(), cid, step)
        return {self.position_field(c): str(i) for i, c in enumerate(order, start=1)}

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
            chosen = {cid: cleaned.get(self.position_field(cid)) for cid in self.choice_ids}
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
            return {"choices": [self.choice_of[value]]} if value else None
        if self.kind == QuestionKind.MULTIPLE:
            # A set: the same option sent three times is one pick, not three.
            return {"choices": sorted({self.choice_of[v] for v in value})} if value else None
        if self.kind == QuestionKind.NUMERIC:
            # The typed text (shown again in the box) and the number it was read as
            # (what grading uses), so a later change of the reading rules moves no score.
            return {"value": value, "number": self.number.value} if value else None
        if self.kind == QuestionKind.TEXT:
            return {"text": value} if value else None
        positions = {cid: self.cleaned_data.get(self.position_field(cid))
                     for cid in self.choice_ids}
        if any(p is None for p in positions.values()):
            return None
        return {"order": [cid for cid, _ in sorted(positions.items(), key=lambda kv: kv[1])]}


REPORT_SAY_WHAT = "Say in a few words what is wrong (you chose “Other”)."


class ProblemReportForm(forms.Form):
    """A learner's report on a question: a reason and, optionally, what is wrong."""

    reason = forms.ChoiceField(label="What is wrong?", choices=[("", "Choose…"),
                                                              *ReportReason.choices])
    text = forms.CharField(label="Details", required=False, max_length=REPORT_TEXT_MAX,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("reason") == ReportReason.OTHER and not (data.get("text") or "").strip():
            self.add_error("text", forms.ValidationError(REPORT_SAY_WHAT, code="required"))
        return data
