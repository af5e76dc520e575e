"""What a question card shows, built from a response (or a review card) and its form.

Invariant 2 lives here: correctness, fractions, the key and the explanation are only put
into the card when ``reveal`` is true, which callers pass only for locked responses."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from config.markup import escape

from . import grading
from .forms import AnswerForm, shown_order
from .images import with_images
from .models import Choice, QuestionKind, QuestionVersion
from .rendering import render_inline, render_markdown


@dataclass
class Option:
    id: int  # the choice's database id: server side only, never rendered
    token: str  # what the browser sees instead (field names, values, element ids)
    html: str
    input_id: str
    selected: bool = False
    position: int | None = None  # ordering: the learner's chosen position
    # Only when revealed:
    correct: bool | None = None
    key_position: int | None = None
    feedback_html: str = ""
    number: str = ""  # its place in the list as shown, "1", "2", ... (the key to press)
    position_options: str = ""  # ordering: the <option>s of its position list, built once


@dataclass
class Card:
    kind: str
    kind_label: str
    stem_html: str
    options: list[Option]
    form: AnswerForm
    value: str = ""  # numeric / text
    reading: str = ""  # numeric: the entry written plainly ("2448" for "2,448"), if it reads
    unit: str = ""
    revealed: bool = False
    credit: float | None = None
    explanation_html: str = ""
    key_text: str = ""  # numeric / text key, when revealed
    positions: list[int] = field(default_factory=list)
    dont_know: bool = False  # the learner answered "I don't know"

    @property
    def verdict(self) -> str:
        if self.credit is None:
            return ""
        if self.credit >= 0.999:
            return "correct"
        return "partial" if self.credit > 0 else "incorrect"


def build_card(version: QuestionVersion, choice_order: list[int], form: AnswerForm,
               answer: dict | None, *, reveal: bool, credit: float | None = None,
               prefix: str = "q", draft_choices: list[Choice] | None = None) -> Card:
    """``draft_choices`` are the options of a version that is not stored (an author's
    draft, previewed before it is saved)."""
    listed = version.choices.all() if draft_choices is None else draft_choices
    choices: dict[int, Choice] = {c.pk: c for c in listed}
    order = [cid for cid in choice_order if cid in choices] or sorted(
        choices, key=lambda cid: choices[cid].order)
    chosen = set((answer or {}).get("choices", ()))
    positions = {cid: i for i, cid in enumerate((answer or {}).get("order", ()), start=1)}
    if form.is_bound and version.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE,
                                          QuestionKind.TRUEFALSE):
        # Show what was just sent, even when it did not validate.
        chosen = form.chosen_ids()
    if version.kind == QuestionKind.ORDERING:
        if form.is_bound:
            # Show what was just sent (an error or a move), not the stored answer.
            positions = form.sent_positions()
        order = shown_order(order, positions)
    options = []
    for cid in order:
        c = choices[cid]
        token = form.tokens.get(cid, "")
        opt = Option(id=cid, token=token, html=with_images(render_inline(c.text)),
                     input_id=f"{prefix}-opt-{token}", selected=cid in chosen,
                     position=positions.get(cid))
        if reveal:
            if version.kind == QuestionKind.ORDERING:
                opt.key_position = c.order
                opt.correct = positions.get(cid) == c.order
            else:
                opt.correct = c.fraction > 0
            opt.feedback_html = with_images(render_markdown(c.feedback)) if c.feedback else ""
        opt.number = str(len(options) + 1)
        options.append(opt)
    if version.kind == QuestionKind.ORDERING:
        # The n × n <option>s of the position lists: one string each, not a template loop
        # localising every number (most of an ordering question's render).
        for opt in options:
            opt.position_options = SafeString("".join(  # integers only
                f'<option value="{p}" {"selected" if opt.position == p else ""}>{p}</option>'
                for p in range(1, len(options) + 1)))
    value = ""
    if version.kind in (QuestionKind.NUMERIC, QuestionKind.TEXT):
        value = form.data.get("answer", "") if form.is_bound else \
            (answer or {}).get("value", (answer or {}).get("text", ""))
    card = Card(kind=version.kind, kind_label=_KIND_HINTS[version.kind],
                stem_html=with_images(render_markdown(version.stem)), options=options, form=form,
                value=value, unit=(version.data or {}).get("unit", ""),
                reading=number_reading(version.kind, value, form),
                positions=list(range(1, len(options) + 1)),
                dont_know=bool((answer or {}).get("dont_know")) and not form.is_bound)
    if reveal:
        card.revealed = True
        card.credit = credit
        card.explanation_html = with_images(render_markdown(version.explanation))
        data = version.data or {}
        if version.kind == QuestionKind.NUMERIC:
            tol = data.get("tolerance") or 0
            mode = data.get("tolerance_mode", "absolute")
            card.key_text = f"{data.get('answer'):g}" + (
                f" (± {tol:g}{'×' if mode == 'relative' else ''}"
                f"{' of the answer' if mode == 'relative' else ''})" if tol else "")
        elif version.kind == QuestionKind.TEXT:
            card.key_text = " · ".join(data.get("accepted", []))
    return card


def choice_rows(card: Card, disabled: bool) -> SafeString:
    """The options of a single, true/false or multiple choice card as list items: one
    string per option, the markup ``quizzes/includes/answer_inputs.html`` wrote in a
    template loop (a fifth of the take page's panel). Tokens are hex, ids built from
    them; the option's HTML is rendered and sanitised Markdown."""
    kind = "checkbox" if card.kind == QuestionKind.MULTIPLE else "radio"
    off = "disabled" if disabled else ""
    rows = []
    for opt in card.options:
        mark = ""
        if card.revealed:
            mark = " is-key" if opt.correct else " is-wrong" if opt.selected else ""
        token, input_id = escape(opt.token), escape(opt.input_id)
        rows.append(
            f'<li class="option{mark}">\n'
            f'      <input type="{kind}" name="answer" value="{token}" id="{input_id}" '
            f'{"checked" if opt.selected else ""} {off}>\n'
            f'      <label for="{input_id}"><span class="opt-key" aria-hidden="true">'
            f'{opt.number}</span> <span class="opt-text">{opt.html}</span></label>\n'
            f'    </li>')
    return SafeString("\n    ".join(rows))  # escaped, or sanitised HTML


def choice_inputs(card: Card, disabled: bool) -> SafeString:
    """A single, true/false or multiple choice card's hint and its list of options."""
    return SafeString(  # a fixed hint and choice_rows
        f'<p class="hint muted">{card.kind_label}</p>\n'
        f'  <ul class="options" role="list">\n    {choice_rows(card, disabled)}\n  </ul>')


def reading_html(card: Card | None, *, oob: bool = False) -> SafeString:
    """How a numeric entry was read, beside its box (an autosave swaps it in, ``oob``);
    empty without a card (an autosave whose entry did not read)."""
    prefix = (card.form.prefix if card else None) or "q"
    reading = f"Read as <strong>{escape(card.reading)}</strong>" if card and card.reading else ""
    swap = ' hx-swap-oob="innerHTML"' if oob else ""
    return SafeString(  # escaped
        f'<span id="{prefix}-answer-reading" class="reading muted" aria-live="polite"{swap}>'
        f"{reading}</span>")


def typed_inputs(card: Card, disabled: bool, autosave_url: str | None) -> SafeString:
    """A numeric or short-text card's label and box; typing saves 700 ms after the last
    key (``autosave_url``), and a number says how it was read beside the box."""
    prefix = card.form.prefix or "q"
    box = f"{prefix}-answer-input"
    numeric = card.kind == QuestionKind.NUMERIC
    described = ([f"{prefix}-answer-reading"] if numeric else [])
    invalid = ""
    if card.form.errors:
        invalid, described = 'aria-invalid="true" ', ["answer-errors", *described]
    attrs = invalid + (f'aria-describedby="{" ".join(described)}" ' if described else "")
    attrs += "disabled" if disabled else ""
    if autosave_url:
        attrs += (f' hx-post="{escape(autosave_url)}" hx-trigger="input changed delay:700ms" '
                  'hx-sync="closest form:queue all"')
    kind = 'inputmode="decimal" ' if numeric else ""
    spell = "" if numeric else 'spellcheck="false" '
    field = (f'<input type="text" {kind}name="answer" id="{box}" value="{escape(card.value)}" '
             f'autocomplete="off" {spell}maxlength="300" {attrs}>')
    label = f'<label for="{box}" class="hint">{card.kind_label}</label>\n  '
    if not numeric:
        return SafeString(label + field)  # escaped
    unit = f'<span class="unit">{escape(card.unit)}</span>' if card.unit else ""
    return SafeString(  # escaped
        f'{label}<div class="inline-input">\n    {field}\n    {unit}\n    '
        f"{reading_html(card)}\n  </div>")


def number_reading(kind: str, value: str, form: AnswerForm | None = None) -> str:
    """How a numeric entry reads, shown beside the box before grading ("2448" for "2,448");
    empty when there is none or it does not read (the form's error says why). It depends
    on the typed text only, never on the key."""
    if kind != QuestionKind.NUMERIC or not value or (form is not None and form.errors):
        return ""
    try:
        return grading.read_number(str(value)).shown
    except ValueError:
        return ""


_KIND_HINTS = {
    QuestionKind.SINGLE: "Choose one answer.",
    QuestionKind.MULTIPLE: "Select all that apply.",
    QuestionKind.TRUEFALSE: "True or false?",
    QuestionKind.NUMERIC: "Type a number.",
    QuestionKind.TEXT: "Type a short answer.",
    QuestionKind.ORDERING: "Put the items in order: give each a position.",
}
