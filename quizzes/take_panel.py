"""The take page's panel, built in Python once per request: the progress line, the
question's form (its hidden fields, the answer inputs, the buttons, the save status, the
timer and the main button) and the navigator.

The template wrote the panel in about 80 nodes, and after the base template it was most
of the take page's time (each node resolves, localises and escapes on every request;
docs/performance.md, "The panel built once in Python"). Here each piece is one string
format. Every value written is an int, a fixed word, escaped text, or HTML rendered and
sanitised once per question version (the stem, the options). What is rare (the inputs of
numeric, text and ordering questions, the problem report) is still a template, rendered
through ``include``; feedback after a checked answer is ``quizzes.review_html``'s.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.utils.safestring import SafeString

from config.markup import escape

from . import cards, review_html
from .countdown import timer_html
from .local_time import local_time_html
from .models import QuestionKind

#: Renders a template with extra values, as ``{% include name with ... %}`` would.
Include = Callable[..., str]

_CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.TRUEFALSE, QuestionKind.MULTIPLE)
_TYPED_KINDS = (QuestionKind.NUMERIC, QuestionKind.TEXT)
#: An answer of several clicks is saved a second after the last one, not after each.
_DELAYED_SAVE = (QuestionKind.MULTIPLE, QuestionKind.ORDERING)


def question_title(values: Mapping) -> str:
    """"Question 3 of 24" (an adaptive check: "Question 3"), as the heading, the document
    title and the page's <title> say it."""
    n = values["current"].position
    return f"Question {n}" if values["adaptive"] else f"Question {n} of {values['total']}"


def progress_html(values: Mapping, *, oob: bool = False) -> SafeString:
    """The progress bar and the question's heading (static/js/attempt.js moves focus to
    it and sets the document title from ``data-title`` after each swap). ``oob``: an
    autosave's out-of-band update."""
    percent = values["percent"]
    swap = ' hx-swap-oob="true"' if oob else ""
    title = escape(f"{question_title(values)} · {values['attempt'].assessment.title} · "
                   "Skillcheck")
    said = (f"Question {values['current'].position} · about {values['left']} left"
            if values["adaptive"] else
            f"{question_title(values)} · {values['answered']} answered")
    return SafeString(  # integers, fixed words and escaped text
        f'<div class="progress-row" id="progress"{swap}>\n'
        f'    <progress class="progress" max="100" value="{percent}" aria-label="Progress">'
        f"{percent}%</progress>\n"
        f'    <h2 class="progress-text" id="question-heading" tabindex="-1" '
        f'data-title="{title}">\n      {said}\n    </h2>\n  </div>')


def status_html(values: Mapping) -> SafeString:
    """The save status line (``role="status"``): what is stored of the answer shown.
    An autosave answers with it; static/js shows "Saving…" and failures in it."""
    card, current = values.get("card"), values["current"]
    errors = values.get("autosave_errors")
    dont_know = bool(card and card.dont_know)
    if errors:
        text = ('<span class="error">Not saved: ' + "".join(
            escape(" ".join(str(e) for e in errs)) for errs in errors.values()) + "</span>")
    elif card and card.form.errors:
        # The entry sent did not read (its message is above): say what is stored instead.
        kept = " Your earlier answer is kept." if current.is_answered else ""
        text = f'<span class="error">Not saved: see the message above.{kept}</span>'
    elif values.get("moved"):
        text = '<span class="muted">Order changed, not saved yet.</span>'
    elif values.get("superseded"):
        text = ('<span class="muted">A newer answer was already saved; this older one was '
                "not.</span>")
    elif values.get("saved"):
        at = local_time_html(values["now"], seconds=True)
        said = ": you said you don't know." if dont_know else ""
        text = f'<span class="saved">✓ Saved at {at}{said}</span>'
    elif dont_know:
        text = "<span class=\"muted\">Answer saved: you said you don't know.</span>"
    elif current.is_answered:
        text = '<span class="muted">Answer saved.</span>'
    else:
        text = '<span class="muted">Not answered yet.</span>'
    return SafeString(  # fixed words, escaped messages, a time
        f'<p id="save-status" class="save-status" role="status">{text}</p>')


def _inputs(values: Mapping, card: cards.Card, include: Include) -> str:
    current, immediate = values["current"], values["immediate"]
    live = not (immediate or current.locked)
    if card.kind in _CHOICE_KINDS:
        return cards.choice_inputs(card, disabled=current.locked)
    if card.kind in _TYPED_KINDS:
        return cards.typed_inputs(card, current.locked, values["save_url"] if live else None)
    return include("quizzes/includes/answer_inputs.html", card=card,
                   disabled=current.locked, movable=True,
                   autosave_url=values["save_url"] if live else None)


def _fieldset_attrs(values: Mapping, card: cards.Card, save_url: str) -> str:
    if values["immediate"] or values["current"].locked:
        return ""
    delay = " delay:1s" if card.kind in _DELAYED_SAVE else ""
    return (f' hx-post="{save_url}" hx-trigger="change{delay}" hx-include="closest form" '
            "hx-vals='{\"action\": \"autosave\"}' hx-target=\"#save-status\" "
            'hx-swap="outerHTML" hx-sync="closest form:queue all"')


def _retry(values: Mapping, save_url: str) -> str:
    """static/js/site.js fires "retry-save" here after a failed save."""
    if values["current"].locked:
        return ""
    swap = ("hx-vals='{\"action\": \"stay\"}' hx-target=\"#attempt-panel\"" if values["immediate"]
            else "hx-vals='{\"action\": \"autosave\"}' hx-target=\"#save-status\"")
    return (f'\n    <span id="save-retry" hidden hx-post="{save_url}" hx-trigger="retry-save" '
            'hx-include="closest form" hx-sync="closest form:queue all" hx-swap="outerHTML" '
            f"{swap}></span>")


def _errors(card: cards.Card) -> str:
    if not card.form.errors:
        return ""
    said = "".join(f"<p>{escape(e)}</p>" for errs in card.form.errors.values() for e in errs)
    return f'\n    <div class="form-errors" role="alert" id="answer-errors">{said}</div>'


def _actions(values: Mapping, card: cards.Card) -> str:
    current = values["current"]
    first = " disabled" if current.position == 1 else ""
    buttons = [f'<button type="submit" name="action" value="prev" class="button secondary"'
               f'{first} data-key="p">← Previous</button>']
    if not values["adaptive"]:
        pressed, label = (("true", "Unflag") if current.flagged
                          else ("false", "Flag for later"))
        buttons.append(f'<button type="submit" name="action" value="flag" class="button '
                       f'secondary" data-key="f" aria-pressed="{pressed}">{label}</button>')
    if not current.locked:
        pressed = ' aria-pressed="true"' if card.dont_know else ""
        buttons.append(f'<button type="submit" name="action" value="dont-know" class="button '
                       f"secondary\" data-key=\"d\"{pressed}>I don't know</button>")
    return '\n    <div class="actions">\n      ' + "\n      ".join(buttons) + "\n    </div>"


def _main_button(values: Mapping) -> str:
    current = values["current"]
    if values["immediate"] and not current.locked:
        label = "Check answer"
    elif values["is_last"] and values["adaptive"]:
        label = "See my results →"
    elif values["is_last"]:
        label = "Save and finish →"
    else:
        label = "Next →" if current.locked else "Save and next →"
    return (f'<button type="submit" name="action" value="next" class="button" data-key="n">'
            f"{label}</button>")


def panel_html(values: Mapping, *, csrf_token: str, include: Include) -> SafeString:
    """The whole panel (``#attempt-panel``, what "Save and next" swaps) from the view's
    values (``quizzes.views.attempts._panel_context``)."""
    current, card = values["current"], values["card"]
    save_url = escape(values["save_url"])
    flagged = '<span class="badge flag">Flagged for later</span>' if current.flagged else ""
    feedback = review_html.feedback_html(card) if card.revealed else ""
    report = (include("quizzes/report_problem.html#report-box", box=values["report_box"])
              if values.get("report_box") else "")
    legend = ('<span class="nav-cell flagged sample"></span> flagged '
              if not values["adaptive"] else "")
    return SafeString(  # built from the escaped and sanitised pieces above
        # The form's default button, the first of its submit buttons in the DOM (before
        # the navigator's): Enter in an answer means "next", not "Previous" or question 1.
        '<div id="attempt-panel" class="attempt-panel">\n'
        '  <input type="submit" form="question-card" name="action" value="next" '
        'class="visually-hidden default-submit" tabindex="-1" aria-hidden="true">\n'
        f"  {progress_html(values)}\n"
        f'  <form id="question-card" class="card question-card" method="post" '
        f'action="{save_url}" hx-post="{save_url}" hx-target="#attempt-panel" '
        f'hx-swap="outerHTML" hx-sync="this:queue all" data-kind="{card.kind}">\n'
        f'    <input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">\n'
        f'    <input type="hidden" name="seq" value="{int(values["seq"])}" class="answer-seq">'
        f"{_retry(values, save_url)}\n"
        f'    <div class="question-meta"><span class="muted">'
        f"{escape(current.question.topic.title)}</span>{flagged}</div>\n"
        f'    <fieldset class="answer-fieldset"{_fieldset_attrs(values, card, save_url)}>\n'
        f'      <legend class="stem prose">{card.stem_html}</legend>\n'
        f"      {_inputs(values, card, include)}\n"
        f"    </fieldset>{_errors(card)}{feedback}{_actions(values, card)}\n"
        f"    {status_html(values)}\n"
        # Sticky at the bottom of the screen while the question is in view.
        f'    <div class="take-bar">{timer_html(values["timer"])}{_main_button(values)}</div>\n'
        f"  </form>{report}\n"
        f'  <nav class="navigator" aria-label="Questions">\n'
        f'    <ol>{values["navigator"]}</ol>\n'
        f'    <p class="legend muted"><span class="nav-cell answered sample"></span> answered '
        f'{legend}<span class="nav-cell sample"></span> not answered</p>\n'
        "  </nav>\n</div>")


def submit_row_html(values: Mapping, *, shortcuts: str) -> SafeString:
    """Below the panel, drawn once per page (the swap leaves it): "Review and submit" (a
    submit of the answer form, so the answer shown is saved first) and, shown by
    static/js/attempt.js since they need JavaScript, the keys and their switch."""
    review = flag = ""
    if not values["adaptive"]:
        review = ('\n  <button type="submit" form="question-card" name="action" value="review" '
                  'class="button secondary">Review and submit</button>')
        flag = " · <kbd>f</kbd> flag"
    return SafeString(  # fixed words and the switch (accounts.shortcuts)
        f'<div class="submit-row">{review}\n  <div class="kbd-tools" hidden>\n'
        '    <span class="muted kbd-hint">Keys: <kbd>1</kbd>–<kbd>9</kbd> choose · '
        "<kbd>n</kbd> next · <kbd>p</kbd> previous · <kbd>d</kbd> I don't know"
        f"{flag}</span>\n    {shortcuts}\n  </div>\n</div>")
