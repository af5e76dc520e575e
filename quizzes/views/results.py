"""Results, history and the staff preview."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from .. import measurement, readiness, reporting, review_cache, selectors, standing
from ..cards import build_card
from ..forms import AnswerForm, response_scope
from ..levels import Level
from ..models import Attempt, QuestionVersion
from ..services import recommendations
from ..services import reports as report_services
from ..services.regrades import regrades_for_attempt
from .common import HtmxHttpRequest
from .reports import box_for_response


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
    attempt = selectors.attempt_for(user=request.user, pk=pk)
    if attempt.is_open:
        from ..services.attempts import attempt_expire_if_due

        if not attempt_expire_if_due(attempt=attempt):
            return redirect(attempt)
        attempt.refresh_from_db()
    # Every response as plain values (one query): the counts below and the key of the
    # review, which is rendered once per graded attempt and then read from the cache.
    rows = selectors.attempt_review_rows(attempt)
    reviewed = review_cache.reviewed_cards(user_id=request.user.pk, attempt=attempt,
                                           rows=rows, build=lambda: _review_cards(attempt))
    # "Show only the ones I missed": a plain link with a query parameter (no JS needed).
    missed_count = sum(not card.correct for card in reviewed)
    only_missed = request.GET.get("show") == "missed"
    if only_missed:
        reviewed = [card for card in reviewed if not card.correct]
    # Under each cached card, its report form or the learner's report's outcome: per
    # request (a CSRF token, a status that changes), so never inside the cached HTML.
    # The learner's reports on these questions: one query.
    reported = report_services.reports_by_question(user=request.user,
                                                   question_ids={r.question_id for r in rows})
    boxes = {r.position: box_for_response(r, reported.get(r.question_id)) for r in rows}
    reviewed = [(card, boxes[card.position]) for card in reviewed]
    target = Level(request.user.target_level)
    counts = reporting.count_answers(row.answer for row in rows)
    overall = reporting.read(attempt.theta, attempt.se, counts.answered, scope="area",
                             target=target)
    others = selectors.others_standing(user=request.user, area=attempt.assessment.area,
                                       theta=attempt.theta)
    areas = None
    if attempt.area_results:
        # Across areas: one reading per area, never a mixed level (quizzes/readiness.py).
        areas = readiness.area_readings(
            attempt.area_results,
            selectors.area_percentiles(
                user=request.user,
                thetas={r["area_id"]: r["theta"] for r in attempt.area_results.values()}),
            target=target)
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
    percentile = measurement.percentile_of(others) if overall.has_level else None
    area = attempt.assessment.area
    if areas is not None:
        summary = reporting.summary_sentence(None, None, [(a.title, a.reading) for a in areas],
                                             counts)
    else:
        summary = reporting.summary_sentence(overall, area.title if area else None,
                                             [(t["title"], t["reading"]) for t in topics],
                                             counts)
    return render(request, "quizzes/attempt_result.html", {
        "attempt": attempt,
        "regrades": regrade_notes(attempt, rows),
        "areas": areas,
        "reviewed": reviewed,
        "summary": summary,
        "only_missed": only_missed,
        "missed_count": missed_count,
        "reading": overall,
        "counts": counts,
        "percentile": percentile,
        "others_count": others.total,
        "percentile_minimum": measurement.PERCENTILE_MINIMUM,
        "topics": topics,
        # The area verdicts and the topic verdicts need different certainty
        # (quizzes/standing.py): each caption states its own.
        "confidence": round(100 * standing.confidence("area")),
        "topic_confidence": round(100 * standing.confidence("topic")),
        "recommendations": recommendations.for_attempt(user=request.user, attempt=attempt,
                                                       limit=4),
        "correct": sum(1 for row in rows if (row.credit or 0) >= 0.999),
        "total": len(rows),
    })


def _review_cards(attempt: Attempt) -> list[review_cache.ReviewedCard]:
    """Each question of a graded attempt reviewed: its card rendered to HTML (the
    partial ``review-card``), with whether it was fully right."""
    reviewed = []
    for r in selectors.attempt_responses(attempt):
        form = AnswerForm(kind=r.version.kind, choice_ids=r.choice_order,
                          scope=response_scope(r.pk))
        card = build_card(r.version, r.choice_order, form, r.answer, reveal=True,
                          credit=r.credit, prefix=f"r{r.position}")
        html = render_to_string(review_cache.CARD_TEMPLATE, {"r": r, "card": card})
        reviewed.append(review_cache.ReviewedCard(r.position, card.verdict == "correct",
                                                  html))
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
