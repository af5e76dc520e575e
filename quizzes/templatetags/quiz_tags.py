"""Template filters and tags: Markdown, percentages, readings of an estimate, wording
(ordinals, counted nouns, signed numbers, articles) and server-drawn SVG charts."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from accounts.shortcuts import toggle_html

from .. import cards, charts, reporting, review_html, take_panel, wording
from ..countdown import timer_html
from ..images import render_authored
from ..levels import JOB_READY, Level
from ..local_time import local_time_html

register = template.Library()


@register.filter
def markdown(text: str) -> str:
    return mark_safe(render_authored(text or ""))  # noqa: S308 - sanitised by nh3


@register.filter
def choice_inputs(card, disabled=False) -> str:
    """``{{ card|choice_inputs:disabled }}``: a choice card's hint and options, built in
    Python (``quizzes.cards.choice_inputs``)."""
    return cards.choice_inputs(card, bool(disabled))


@register.simple_tag
def typed_inputs(card, disabled=False, autosave_url=None) -> str:
    """``{% typed_inputs card disabled autosave_url %}``: a numeric or text card's box
    (``quizzes.cards.typed_inputs``)."""
    return cards.typed_inputs(card, bool(disabled), autosave_url or None)


@register.simple_tag
def number_reading(card, oob=False) -> str:
    """``{% number_reading card oob=True %}``: how a numeric entry was read."""
    return cards.reading_html(card or None, oob=oob)


@register.simple_tag
def local_time(when, seconds=False, with_date=False) -> str:
    """``{% local_time when with_date=True %}``: a time in UTC that static/js/site.js
    rewrites in the reader's time zone (``quizzes.local_time``)."""
    return local_time_html(when, seconds=seconds, with_date=with_date)


@register.simple_tag
def timer(countdown) -> str:
    """``{% timer timer %}``: the time left of a timed attempt (``countdown.timer_html``)."""
    return timer_html(countdown)


@register.simple_tag(takes_context=True)
def take_status(context) -> str:
    """The take page's save status line (an autosave's answer)."""
    return take_panel.status_html(context)


@register.simple_tag(takes_context=True)
def take_progress(context, oob=False) -> str:
    """The take page's progress line; ``oob=True``: an autosave's out-of-band update."""
    return take_panel.progress_html(context, oob=oob)


@register.simple_tag(takes_context=True)
def take_submit_row(context) -> str:
    """The row under the take page's panel, with the learner's shortcuts switch."""
    request = context["request"]
    switch = toggle_html(enabled=request.user.key_shortcuts,
                         action=reverse("accounts:shortcuts_set"),
                         next_url=request.get_full_path(),
                         csrf_token=str(context.get("csrf_token", "")))
    return take_panel.submit_row_html(context, shortcuts=switch)


@register.simple_tag(takes_context=True)
def take_panel_html(context) -> str:
    """The take page's panel (``quizzes.take_panel``) from the page's values; its rarer
    parts are templates rendered in this context, as ``{% include %}`` would."""
    engine = context.template.engine

    def include(name: str, **values) -> str:
        with context.push(**values):
            return engine.get_template(name).render(context)

    return take_panel.panel_html(context, csrf_token=str(context.get("csrf_token", "")),
                                 include=include)


@register.simple_tag
def card_feedback(card) -> str:
    """A revealed card's verdict, key, feedback and explanation (``quizzes.review_html``)."""
    return review_html.feedback_html(card)


@register.filter
def percent(value) -> str:
    if value is None:
        return "—"
    return f"{100 * float(value):.0f}%"


@register.filter
def ordinal(value) -> str:
    """``{{ 83|ordinal }}`` → 83rd."""
    return "" if value is None else wording.ordinal(round(float(value)))


@register.filter
def counted(value, noun: str) -> str:
    """``{{ n|counted:"minute" }}`` → "1 minute" / "5 minutes"; an irregular plural
    after a comma: ``{{ n|counted:"person,people" }}``."""
    singular, _, plural = noun.partition(",")
    return wording.counted(value or 0, singular, plural or None)


@register.filter
def signed(value, digits: int = 2) -> str:
    """``{{ theta|signed }}`` → −0.42, never −0.00."""
    return "—" if value is None else wording.signed(float(value), int(digits))


@register.filter
def with_article(phrase: str) -> str:
    """``{{ "free beginner course"|with_article }}`` → "a free beginner course"."""
    return wording.with_article(str(phrase))


@register.filter
def attempt_reading(attempt, target=None) -> reporting.Reading:
    """The reading of a graded attempt's overall estimate (the history page): how many
    questions were answered comes from its per-topic results."""
    answered = sum(int(t.get("answered", 0)) for t in (attempt.topic_results or {}).values())
    return reporting.read(attempt.theta, attempt.se, answered, scope="area",
                          target=Level(target) if target is not None else JOB_READY)


@register.simple_tag
def band_svg(estimate, key="") -> str:
    """The ability scale with the level bands and the estimate's 95% band; ``key`` makes
    its ids unique when a page draws several."""
    return charts.band_svg(estimate, chart_id=f"band-{key}" if key else "band")


@register.simple_tag
def areas_svg(points, target_label: str = "") -> str:
    """The areas' profile: a radar, or bars when fewer than three areas are measured."""
    return charts.areas_svg(points, target_label)


@register.simple_tag
def progress_svg(series) -> str:
    return charts.progress_svg(series)


@register.filter
def day_label(day) -> str:
    """``{{ day|day_label }}`` → "12 Nov 2026", as the progress chart says it."""
    return charts.day_label(day, with_year=True)


