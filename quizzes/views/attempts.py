"""Taking an attempt: one question per screen, swapped in place by htmx, and the same
flow without JavaScript (plain posts and redirects)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect, push_url

from accounts.backends import already_read, session_user_id
from config.url_formats import reverse_ints

from .. import selectors, take_query
from ..cards import build_card
from ..countdown import countdown
from ..forms import DONT_KNOW, AnswerForm, response_scope
from ..models import AssessmentMode, Attempt, QuestionKind, Response
from ..navigator import NavCell, cell_html, navigator_html
from ..services import adaptive, secrecy
from ..services.attempts import (
    attempt_expire_if_due,
    attempt_submit,
    immediate_feedback,
    response_mark_shown,
    response_save,
)
from ..services.errors import TIME_UP, ResponseLocked, ServiceError, Superseded
from ..take_panel import question_title
from .common import HtmxHttpRequest
from .reports import box_for_response

ACTIONS = {"next", "prev", "flag", "check", "autosave", "stay", "dont-know", "review"}


def _ascii_int(raw: str | None) -> int | None:
    """A non-negative integer written in ASCII digits, of a sane size; else None.
    (``str.isdigit`` and ``int`` also accept ``²``-like or Arabic-Indic digits.)"""
    if raw and len(raw) <= 9 and raw.isascii() and raw.isdigit():
        return int(raw)
    return None


def answer_form(response: Response, data=None) -> AnswerForm:
    """The answer form of one response; its choices are named by tokens of this response."""
    return AnswerForm(data, kind=response.version.kind, choice_ids=response.choice_order,
                      scope=response_scope(response.pk))


def _finish_redirect(request: HtmxHttpRequest, url: str) -> HttpResponse:
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _closed_redirect(request: HtmxHttpRequest, attempt: Attempt) -> HttpResponse | None:
    """Send a request for a graded (or just expired) attempt to its result."""
    if attempt.is_open and attempt_expire_if_due(attempt=attempt):
        messages.warning(request, TIME_UP)
        attempt.refresh_from_db()
    if not attempt.is_open:
        return _finish_redirect(request, reverse("quizzes:attempt_result", args=[attempt.pk]))
    return None


def _held_redirect(request: HtmxHttpRequest, attempt: Attempt,
                   held: bool = True) -> HttpResponse | None:
    """Send a request for an attempt held back by an open timed test to that test.
    ``held`` False: the page's own query found no such test (``take_query``)."""
    blocker = secrecy.blocker_for_attempt(attempt) if held else None
    if blocker is None:
        return None
    messages.warning(request, secrecy.message_for(blocker))
    return _finish_redirect(request, reverse("quizzes:attempt_take", args=[blocker.pk]))


def _position(raw: str | None, total: int, default: int) -> int:
    value = _ascii_int(raw)
    value = default if value is None else value
    return min(max(value, 1), max(total, 1))


def _panel_context(attempt: Attempt, cells: list[NavCell], current: Response,
                   form: AnswerForm | None = None, saved: bool = False,
                   superseded: bool = False, seq: int | None = None,
                   with_card: bool = True) -> dict:
    """What the panel shows: the navigator from plain values, the current question in
    full. An autosave answers with the status and the progress only (``with_card`` off,
    except for a numeric question whose reading it shows)."""
    reveal = current.locked and immediate_feedback(attempt)
    card = None
    if with_card or current.version.kind == QuestionKind.NUMERIC:
        selectors.response_with_choices(current)
        form = form or answer_form(current)
        card = build_card(current.version, current.choice_order, form, current.answer,
                          reveal=reveal, credit=current.credit if reveal else None)
    total = len(cells)
    answered = sum(1 for c in cells if c.answered)
    adaptive_mode = attempt.assessment.mode == AssessmentMode.ADAPTIVE
    left = (adaptive.remaining(attempt, selectors.attempt_responses_for_estimate(attempt))
            if adaptive_mode else total - answered)
    now = timezone.now()
    context = {
        "attempt": attempt,
        # Reversed once: the form, its retry and its autosave all post here.
        "save_url": reverse_ints("quizzes:response_save", attempt.pk, current.position),
        "navigator": navigator_html(cells, current=current.position) if with_card else "",
        "nav_cell_oob": cell_html(cells[current.position - 1], current=current.position,
                                  oob=True),
        "current": current,
        "card": card,
        "total": total,
        "answered": answered,
        "adaptive": adaptive_mode,
        "left": left,
        "percent": round(100 * answered / (answered + left)) if adaptive_mode and (
            answered + left) else round(100 * answered / total) if total else 0,
        "is_last": current.position == total and (not adaptive_mode or left == 0),
        "saved": saved,
        "superseded": superseded,
        # The page's sequence number of the answer; static JS raises it on every change.
        "seq": max(current.seq, seq or 0),
        "immediate": immediate_feedback(attempt),
        "now": now,
        "timer": countdown(attempt.deadline, now,
                           reverse_ints("quizzes:attempt_take", attempt.pk)),
        # Feedback is on screen: the learner may report the question (no query; a second
        # report of the same version is refused when sent).
        "report_box": box_for_response(current) if reveal and card else None,
    }
    context["page_title"] = f"{question_title(context)} · {attempt.assessment.title}"
    return context


def _render_panel(request: HtmxHttpRequest, context: dict, status: int = 200) -> HttpResponse:
    template = "quizzes/attempt_take.html"
    if request.htmx:
        template += "#attempt-panel"
    return render(request, template, context, status=status)


def _learner_rows(request: HtmxHttpRequest, pk: int, positions: tuple[int, ...] | None
                  ) -> tuple[take_query.TakeRows | None, HttpResponse | None]:
    """The take statement for the learner the session names, read before ``request.user``
    is: the learner's row comes with it and the session check uses it (one query where
    ``login_required`` and the view made two). The check itself is Django's, unchanged
    (``accounts.backends.already_read``). A request with no signed-in learner is sent to
    log in, as ``login_required`` sends it; (None, None) when the statement found no row
    (another learner's attempt, a position out of range): the caller's ordinary path."""
    user_id = session_user_id(request)
    found = (take_query.attempt_rows(user_id=user_id, pk=pk, positions=positions)
             if user_id is not None else None)
    with already_read(found.user if found is not None else None):
        signed_in = request.user.is_authenticated
    if not signed_in:
        return None, redirect_to_login(request.get_full_path())
    if found is not None and found.user.pk != request.user.pk:
        found = None  # not the learner the session was verified for: read nothing of it
    return found, None


@require_safe
def attempt_take(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    asked = _ascii_int(request.GET.get("q"))
    # The attempt, its navigator and the question shown (and the learner), in one query
    # compiled once.
    found, login = _learner_rows(request, pk, (asked,) if asked else None)
    if login is not None:
        return login
    if found is None:  # not this learner's attempt (404), or ?q= out of range (clamped)
        attempt, cells = selectors.attempt_with_navigator(user=request.user, pk=pk)
        current, held = None, True
    else:
        attempt, cells, held = found.attempt, found.cells, found.held
        current = next(iter(found.responses.values()))
    closed = _closed_redirect(request, attempt) or _held_redirect(request, attempt, held)
    if closed:
        return closed
    if current is None:
        first_open = next((c.position for c in cells if not c.answered), 1)
        position = _position(request.GET.get("q"), len(cells), first_open)
        current = selectors.attempt_response_at(attempt, position)
    else:
        selectors.response_with_choices(current)
    if request.method == "GET":  # a HEAD (a link checker, a monitor) shows nothing
        response_mark_shown(response=current)
    return _render_panel(request, _panel_context(attempt, cells, current))


def _ordering_move(request: HtmxHttpRequest, attempt: Attempt, cells: list[NavCell],
                   current: Response, action: str) -> HttpResponse:
    """An ordering item's "Move up"/"Move down" button without JavaScript (with it, the
    page moves the item itself): the same question again with the item moved and every
    position filled in, not saved yet (with immediate feedback a save would lock it)."""
    selectors.response_with_choices(current)
    _, direction, token = action.split("-", 2)
    form = answer_form(current, request.POST)
    moved = form.data_after_move(token, -1 if direction == "up" else 1)
    if current.locked or moved is None:
        return _render_panel(request, _panel_context(attempt, cells, current))
    form = answer_form(current, moved)
    context = _panel_context(attempt, cells, current, form=form,
                             seq=_ascii_int(request.POST.get("seq")))
    context.update(moved=True, moved_button=action)  # autofocus: the button goes on
    return _render_panel(request, context)


@require_POST
def response_save_view(request: HtmxHttpRequest, pk: int, position: int) -> HttpResponse:
    action = request.POST.get("action", "next")
    # The attempt, its navigator, the response answered and the one most likely shown
    # next (and the learner), in one query compiled once.
    goto = _ascii_int(action.removeprefix("goto-")) if action.startswith("goto-") else None
    likely = {"next": position + 1, "dont-know": position + 1,
              "prev": position - 1}.get(action, goto or position)
    found, login = _learner_rows(request, pk, (position, likely))
    if login is not None:
        return login
    if found is None or position not in found.responses:
        # Not this learner's attempt (404), or not one of its positions.
        attempt, cells = selectors.attempt_with_navigator(user=request.user, pk=pk)
        loaded, held = {}, True
    else:
        attempt, cells, loaded, held = found.attempt, found.cells, found.responses, found.held
    closed = _closed_redirect(request, attempt) or _held_redirect(request, attempt, held)
    if closed:
        return closed
    if not 1 <= position <= len(cells):
        messages.error(request, "That question is not part of this attempt.")
        return _finish_redirect(request, reverse("quizzes:attempt_take", args=[attempt.pk]))
    if position not in loaded:  # the row appeared after the first read: read it now
        loaded = selectors.attempt_responses_at(attempt, {position})
    current = loaded[position]
    target = position
    if action.startswith("goto-"):
        target = _position(action.removeprefix("goto-"), len(cells), position)
        action = "goto"
    elif action.startswith(("move-up-", "move-down-")):
        return _ordering_move(request, attempt, cells, current, action)
    elif action not in ACTIONS:
        action = "stay"
    # "I don't know": an answer of its own (wrong, no guess), whatever the inputs held.
    dont_know = action == "dont-know"
    if dont_know:
        action = "next"
    form = answer_form(current, request.POST)
    seq = _ascii_int(request.POST.get("seq"))
    if not dont_know and not form.is_valid() and action == "autosave" and request.htmx:
        # The message, and (numeric) an empty reading: the entry as typed does not read.
        return render(request, "quizzes/includes/autosave.html",
                      {"saved": False, "current": current, "autosave_errors": form.errors})
    if not dont_know and not form.is_valid():
        # Invalid: the same card again with the message, status 200 so htmx swaps it.
        return _render_panel(request, _panel_context(attempt, cells, current, form=form,
                                                     seq=seq))
    answer = dict(DONT_KNOW) if dont_know else form.answer_json()
    flagged = (not current.flagged) if action == "flag" else None
    saved = superseded = False
    try:
        if current.locked:
            answer = None  # a final answer is shown, not re-sent; navigation still works
        if answer is not None or flagged is not None:
            response_save(attempt=attempt, response=current, answer=answer, flagged=flagged,
                          seq=seq)
            saved = answer is not None
    except Superseded:
        # An answer given later in the page is already stored: keep it, say so.
        superseded = True
    except ResponseLocked as exc:
        messages.info(request, str(exc))
    except ServiceError as exc:
        messages.warning(request, str(exc))
        return _finish_redirect(request, reverse("quizzes:attempt_result", args=[attempt.pk]))

    cells[position - 1] = NavCell(position, current.is_answered, current.flagged)
    if action == "autosave" and request.htmx:
        # The status, plus out-of-band updates of the progress bar and this navigator cell.
        context = _panel_context(attempt, cells, current, saved=saved,
                                 superseded=superseded, with_card=False)
        return render(request, "quizzes/includes/autosave.html", context)
    adaptive_mode = attempt.assessment.mode == AssessmentMode.ADAPTIVE
    if adaptive_mode and saved:
        cells = selectors.attempt_navigator(attempt)  # the next question may be new
    total = len(cells)
    if action == "review" and not adaptive_mode:  # the answer is saved: now the submit page
        return _finish_redirect(request, reverse("quizzes:attempt_submit", args=[attempt.pk]))
    if action == "next":
        stay_for_feedback = saved and immediate_feedback(attempt)
        if stay_for_feedback:
            target = position
        elif position >= total and adaptive_mode and not current.locked:
            target = position  # nothing given yet: the check goes on with this question
        elif position >= total and adaptive_mode:
            # The measurement said enough: no "Submit your answers?" page to confirm.
            attempt_submit(attempt=attempt)
            return _finish_redirect(request, reverse("quizzes:attempt_result", args=[attempt.pk]))
        elif position >= total:
            return _finish_redirect(request, reverse("quizzes:attempt_submit", args=[attempt.pk]))
        else:
            target = position + 1
    elif action == "prev":
        target = max(1, position - 1)
    elif action != "goto":
        target = position
    url = reverse_ints("quizzes:attempt_take", attempt.pk) + f"?q={target}"
    if not request.htmx:
        return redirect(url)
    nxt = loaded.get(target) or selectors.attempt_response_at(attempt, target)
    response_mark_shown(response=nxt)
    context = _panel_context(attempt, cells, nxt, saved=saved and target == position,
                             superseded=superseded and target == position)
    return push_url(_render_panel(request, context), url)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def attempt_submit_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    attempt = selectors.attempt_for(user=request.user, pk=pk)
    closed = _closed_redirect(request, attempt) or _held_redirect(request, attempt)
    if closed:
        return closed
    if request.method == "POST":
        attempt_submit(attempt=attempt)
        return _finish_redirect(request, reverse("quizzes:attempt_result", args=[attempt.pk]))
    if attempt.assessment.mode == AssessmentMode.ADAPTIVE:
        # An adaptive check ends when the measurement says so, not on a confirmation page.
        return redirect("quizzes:attempt_take", attempt.pk)
    now = timezone.now()
    responses = list(attempt.responses.order_by("position").only(
        "position", "answer", "flagged", "attempt_id"))
    return render(request, "quizzes/attempt_submit.html", {
        "attempt": attempt,
        "responses": responses,
        "unanswered": [r for r in responses if r.answer is None],
        "flagged": [r for r in responses if r.flagged],
        "now": now,
        "timer": countdown(attempt.deadline, now,
                           reverse("quizzes:attempt_take", args=[attempt.pk])),
    })
