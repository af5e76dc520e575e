"""A graded answer's markup, built in Python: the read-only answer, the feedback under it
and a result page's review card.

These were three templates (``review-card`` of ``attempt_result.html``,
``includes/review_answer.html`` and ``includes/feedback.html``); rendering them once per
question was three fifths of a result page's first view (the review is then cached,
``quizzes.review_cache``). Every value is escaped here or is HTML the renderer already
sanitised (``stem_html``, an option's ``html``, ``feedback_html``, ``explanation_html``).

A read-only answer has no form controls (so nothing shares a name or an id across the
page), and which option was picked and which is right is said in words and an icon, not
colour alone.
"""

from __future__ import annotations

from html import unescape

from django.template.defaultfilters import floatformat
from django.utils.html import strip_tags
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from config.markup import escape

from .cards import Card
from .models import QuestionKind

_CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.TRUEFALSE, QuestionKind.MULTIPLE)


def _verdict_class(card: Card) -> str:
    return card.verdict or "none"


def _choice_rows(card: Card) -> str:
    rows = []
    for number, opt in enumerate(card.options, start=1):
        mark = " is-key" if opt.correct else " is-wrong" if opt.selected else ""
        picked = " is-picked" if opt.selected else ""
        marks = ""
        if opt.selected:
            marks = (f'<span class="mark mark-picked">{"✓" if opt.correct else "✗"} '
                     "Your answer</span>")
        if opt.correct:
            marks += (f' <span class="mark mark-key">{"" if opt.selected else "✓ "}'
                      "Correct answer</span>")
        rows.append(f'<li class="review-option{mark}{picked}">'
                    f'<span class="opt-key" aria-hidden="true">{number}</span> '
                    f'<span class="opt-text">{opt.html}</span> '
                    f'<span class="review-marks">{marks}</span></li>')
    return "\n    ".join(rows)


def _ordering_rows(card: Card) -> str:
    rows = []
    for opt in card.options:
        mark = "is-key" if opt.correct else "is-wrong"
        position = opt.position if opt.position else "none"
        rows.append(f'<li class="order-item {mark}"><span class="opt-text">{opt.html}</span> '
                    f'<span class="key-pos">{"✓" if opt.correct else "✗"} your position: '
                    f"{position}; correct position: {opt.key_position}</span></li>")
    return "\n    ".join(rows)


def answer_html(card: Card) -> SafeString:
    """The learner's answer beside the key, read-only."""
    if card.kind in _CHOICE_KINDS:
        return SafeString(  # escaped, or sanitised HTML
            f'<p class="hint muted">{escape(card.kind_label)}</p>\n'
            f'<ul class="options review-options" role="list">\n    {_choice_rows(card)}\n'
            "</ul>")
    if card.kind in (QuestionKind.NUMERIC, QuestionKind.TEXT):
        if card.value:
            unit = f" {escape(card.unit)}" if card.unit else ""
            value = f'<strong class="answer-value">{escape(card.value)}{unit}</strong>'
        else:
            value = '<span class="muted">none</span>'
        return SafeString(  # escaped
            f'<p class="review-value"><span class="mark mark-picked">Your answer:</span> '
            f"{value}</p>")
    if card.kind == QuestionKind.ORDERING:
        return SafeString(  # escaped, or sanitised HTML
            f'<p class="hint muted">{escape(card.kind_label)}</p>\n'
            f'<ol class="ordering" role="list">\n    {_ordering_rows(card)}\n</ol>')
    return SafeString("")


def _option_name(html: str) -> str:
    """An option as plain text, at most 60 characters: its tags dropped and its entities
    read (``&lt;`` is "<" again; the text is escaped once where it is written)."""
    return Truncator(unescape(strip_tags(html))).chars(60)


def feedback_html(card: Card) -> SafeString:
    """The verdict, the accepted answer, feedback on the options picked and the
    explanation: what a revealed card shows under the answer."""
    parts = []
    if card.dont_know:
        parts.append("<p class=\"dont-know\">You said you didn't know.</p>")
    if card.credit is not None and not card.dont_know:
        verdict = {"correct": "✓ Correct",
                   "partial": f"◐ Partly right ({floatformat(card.credit, 2)} credit)"
                   }.get(card.verdict, "✗ Not right")
        parts.append(f'<p class="verdict">{verdict}</p>')
    if card.key_text:
        parts.append(f'<p class="key"><strong>Accepted answer:</strong> '
                     f"{escape(card.key_text)}</p>")
    for opt in card.options:
        if opt.feedback_html and opt.selected:
            parts.append(f'<div class="choice-feedback"><span class="muted">On '
                         f"“{escape(_option_name(opt.html))}”:</span> "
                         f"{opt.feedback_html}</div>")
    if card.explanation_html:
        parts.append(f'<div class="explanation prose"><h3>Why</h3>'
                     f"{card.explanation_html}</div>")
    body = "\n  ".join(parts)
    return SafeString(  # escaped, or sanitised HTML
        f'<div class="feedback verdict-{_verdict_class(card)}" role="status">\n  {body}\n'
        "</div>")


def _badge(response, card: Card) -> str:
    if response.answer is None:
        return "Left blank"
    if isinstance(response.answer, dict) and response.answer.get("dont_know"):
        return "“I don't know”"
    return {"correct": "✓ Correct", "partial": "◐ Partly right"}.get(card.verdict,
                                                                      "✗ Not right")


def review_card_html(response, card: Card) -> SafeString:
    """One question of a graded attempt on its result page: the answer and why, folded
    away when it was right."""
    verdict = _verdict_class(card)
    body = (f'<div class="stem prose">{card.stem_html}</div>\n'
            f"{answer_html(card)}\n{feedback_html(card)}")
    if card.verdict == "correct":
        body = (f'<details class="details review-fold">\n'
                f"<summary>Show the question, your answer and why</summary>\n{body}\n"
                "</details>")
    return SafeString(  # escaped, or sanitised HTML
        f'<article class="card review-item verdict-border-{verdict}" '
        f'id="q{int(response.position)}">\n'
        f'<header class="question-meta"><span>Question {int(response.position)} · '
        f"{escape(response.question.topic.title)}</span> "
        f'<span class="badge verdict-{verdict}">{_badge(response, card)}</span></header>\n'
        f"{body}\n</article>")
