"""Results, history and the staff preview."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from .. import (
    measurement,
    readiness,
    reporting,
    result_cache,
    review_cache,
    review_html,
    selectors,
    standing,
    standing_counts,
)
from ..cards import build_card
from ..forms import AnswerForm, response_scope
from ..levels import Level
from ..models import Attempt, QuestionVersion
from ..services import recommendations
from ..services import reports as report_services
from ..services.regrades import regrades_for_attempt
from .common import HtmxHttpRequest
from .reports import response_boxes


def regrade_notes(attempt: Attempt, rows) -> list[str]:
    """One sentence per regrade of this attempt, oldest first, true to what changed."""
    positions = {r.pk: r.position for r in rows}
    notes = []
    for log in regrades_for_attempt(attempt):
        where = f"question {positions.get(log.response_id, '?')}"
        old, new = round(100 * log.old_score), round(100 * log.new_score)
        change = (f"your score went from {old}% to {new}%" if old != new
                  else f"your score stayed at {new}%")
        notes.append(f"Regraded on {log.regraded_at:%-d %b %Y} after a correction to "
                     f"{where}: {change}.")
    return notes


@login_required
@require_safe
def attempt_result(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    # The attempt as plain values with what can change after grading and the standing
    # among other learners: one query, 404 for another learner's attempt (invariant 5).
    state = selectors.result_state(user=user, pk=pk)
    if not state.graded:
        from ..services.attempts import attempt_expire_if_due

        attempt = selectors.attempt_for(user=user, pk=pk)
        if not attempt_expire_if_due(attempt=attempt):
            return redirect(attempt)  # nothing of the key before grading (invariant 2)
        state = selectors.result_state(user=user, pk=pk)
    only_missed = request.GET.get("show") == "missed"
    area_standing = None
    if state.area_results:
        area_standing = standing_counts.per_area(
            user=user, thetas={r["area_id"]: r["theta"] for r in state.area_results.values()})
    catalogue, catalogue_stamp = recommendations.catalogue_and_stamp()
    # The content is kept in the cache under a digest of everything it shows
    # (quizzes/result_cache.py); a view after the first renders only the percentile.
    key = result_cache.key(user_id=user.pk, attempt_id=pk, shown=(
        user.target_level, user.weekly_hours, user.free_only, user.preferred_kinds,
        state.kept, catalogue_stamp, only_missed, area_standing))
    kept = result_cache.content(key, lambda marker: _content(
        request, selectors.attempt_for(user=user, pk=pk), state, catalogue,
        only_missed=only_missed, area_standing=area_standing, marker=marker))
    percentile_html = ""
    if kept.has_level is not None:  # one area: the percentile of this request
        others = state.standing()
        percentile_html = render_to_string(result_cache.PERCENTILE_TEMPLATE, {
            "percentile": measurement.percentile_of(others) if kept.has_level else None,
            "reading": {"has_level": kept.has_level},
            "others_count": others.total,
            "percentile_minimum": measurement.PERCENTILE_MINIMUM,
        })
    token = get_token(request)  # one per page, as when the whole page was rendered at once
    return render(request, "quizzes/attempt_result.html", {
        "title": state.title,
        "csrf_token": token,
        "body": kept.filled(csrf_token=token, percentile_html=percentile_html),
    })


def _content(request: HtmxHttpRequest, attempt: Attempt, state: selectors.ResultState,
             catalogue, *, only_missed: bool, area_standing: dict | None,
             marker: str) -> tuple[str, bool | None]:
    """The result page's content (``result-body``), with the stand-ins of ``marker`` for
    the CSRF token and the percentile, and whether the overall reading has a level (None
    for an attempt across areas)."""
    user = request.user
    # Every response as plain values (one query): the counts below and the key of the
    # review, which is rendered once per graded attempt and then read from the cache.
    rows = selectors.attempt_review_rows(attempt)
    reviewed = review_cache.reviewed_cards(user_id=user.pk, attempt=attempt,
                                           rows=rows, build=lambda: _review_cards(attempt))
    # "Show only the ones I missed": a plain link with a query parameter (no JS needed).
    missed_count = sum(not card.correct for card in reviewed)
    if only_missed:
        reviewed = [card for card in reviewed if not card.correct]
    csrf = {"csrf_token": result_cache.csrf_stand_in(marker)}
    # Under each cached card, its report form or the learner's report's outcome (one
    # query, only when the learner has reported one of these questions).
    reported = (report_services.reports_by_question(user=user,
                                                    question_ids={r.question_id for r in rows})
                if state.reports else {})
    boxes = response_boxes(request, rows, reported, csrf)
    reviewed = [(card, boxes[card.position]) for card in reviewed]
    target = Level(user.target_level)
    counts = reporting.count_answers(row.answer for row in rows)
    overall = reporting.read(attempt.theta, attempt.se, counts.answered, scope="area",
                             target=target)
    areas = None
    if area_standing is not None:
        # Across areas: one reading per area, never a mixed level (quizzes/readiness.py).
        areas = readiness.area_readings(attempt.area_results, area_standing, target=target)
    per_topic = defaultdict(list)
    for row in rows:
        per_topic[f"{row.question__topic__area__slug}/{row.question__topic__slug}"].append(
            row.answer)
    topics = []
    for ref, t in attempt.topic_results.items():
        topic_counts = reporting.count_answers(per_topic.get(ref, ()))
        topics.append({**t, "ref": ref, "counts": topic_counts,
                       "reading": reporting.read(t["theta"], t["se"], topic_counts.answered,
                                                 scope="topic", target=target)})
    # Measured topics first, weakest first; then the ones without enough answers.
    topics.sort(key=lambda t: (not t["reading"].has_level, t["theta"]))
    area = attempt.assessment.area
    if areas is not None:
        summary = reporting.summary_sentence(None, None, [(a.title, a.reading) for a in areas],
                                             counts)
    else:
        summary = reporting.summary_sentence(overall, area.title if area else None,
                                             [(t["title"], t["reading"]) for t in topics],
                                             counts)
    html = render_to_string(result_cache.BODY_TEMPLATE, {
        **csrf,
        "attempt": attempt,
        "regrades": regrade_notes(attempt, rows) if state.regrades else [],
        "areas": areas,
        "reviewed": reviewed,
        "summary": summary,
        "only_missed": only_missed,
        "missed_count": missed_count,
        "reading": overall,
        "counts": counts,
        "percentile_slot": result_cache.percentile_stand_in(marker),
        "percentile_minimum": measurement.PERCENTILE_MINIMUM,
        "topics": topics,
        # The area verdicts and the topic verdicts need different certainty
        # (quizzes/standing.py): each caption states its own.
        "confidence": round(100 * standing.confidence("area")),
        "topic_confidence": round(100 * standing.confidence("topic")),
        "recommendations": recommendations.for_attempt(user=user, attempt=attempt, limit=4,
                                                       known_marks=state.mark_sets(),
                                                       known_catalogue=catalogue),
        "correct": sum(1 for row in rows if (row.credit or 0) >= 0.999),
        "total": len(rows),
    }, request)
    return html, (None if areas is not None else overall.has_level)


def _review_cards(attempt: Attempt) -> list[review_cache.ReviewedCard]:
    """Each question of a graded attempt reviewed: its card as HTML
    (``quizzes.review_html``), with whether it was fully right."""
    reviewed = []
    for r in selectors.attempt_responses(attempt):
        form = AnswerForm(kind=r.version.kind, choice_ids=r.choice_order,
                          scope=response_scope(r.pk))
        card = build_card(r.version, r.choice_order, form, r.answer, reveal=True,
                          credit=r.credit, prefix=f"r{r.position}")
        reviewed.append(review_cache.ReviewedCard(r.position, card.verdict == "correct",
                                                  review_html.review_card_html(r, card)))
    return reviewed


@login_required
@require_safe
def attempt_list(request: HtmxHttpRequest) -> HttpResponse:
    attempts = Attempt.objects.for_history(request.user)
    return render(request, "quizzes/attempt_list.html", {"attempts": attempts})


@staff_member_required
@require_safe
def question_preview(request: HtmxHttpRequest, version_id: int) -> HttpResponse:
    """A version exactly as a learner sees it; ``?reveal=1`` adds the review view."""
    version = get_object_or_404(
        QuestionVersion.objects.select_related("question__topic__area")
        .prefetch_related("choices"), pk=version_id)
    order = [c.pk for c in sorted(version.choices.all(), key=lambda c: c.order)]
    if version.kind == "ordering":
        order = list(reversed(order))
    form = AnswerForm(kind=version.kind, choice_ids=order, scope=f"preview{version.pk}")
    reveal = request.GET.get("reveal") == "1"
    card = build_card(version, order, form, None, reveal=reveal, credit=None)
    return render(request, "quizzes/question_preview.html", {
        "version": version, "card": card, "reveal": reveal})
