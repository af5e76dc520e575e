"""Results, history and the staff preview."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from .. import measurement, selectors
from ..cards import build_card
from ..forms import AnswerForm
from ..models import Attempt, QuestionVersion
from ..services import recommendations
from .common import HtmxHttpRequest


@login_required
@require_safe
def attempt_result(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    attempt = selectors.attempt_for(user=request.user, pk=pk)
    if attempt.is_open:
        from ..services.attempts import attempt_expire_if_due

        if not attempt_expire_if_due(attempt=attempt):
            return redirect(attempt)
        attempt.refresh_from_db()
    responses = selectors.attempt_responses(attempt)
    reviewed = []
    for r in responses:
        form = AnswerForm(kind=r.version.kind, choice_ids=r.choice_order, scope=f"r{r.pk}")
        reviewed.append((r, build_card(r.version, r.choice_order, form, r.answer, reveal=True,
                                       credit=r.credit, prefix=f"r{r.position}")))
    est = measurement.Estimate(theta=attempt.theta or 0.0, se=attempt.se or 1.0,
                               n=len(responses))
    others = selectors.other_learners_thetas(user=request.user, area=attempt.assessment.area)
    topics = [
        {**t, "ref": ref, "estimate": measurement.Estimate(theta=t["theta"], se=t["se"],
                                                           n=t["total"])}
        for ref, t in attempt.topic_results.items()
    ]
    topics.sort(key=lambda t: t["theta"])
    return render(request, "quizzes/attempt_result.html", {
        "attempt": attempt,
        "reviewed": reviewed,
        "estimate": est,
        "scaled_low": measurement.scaled_score(est.theta - 1.96 * est.se),
        "scaled_high": measurement.scaled_score(est.theta + 1.96 * est.se),
        "percentile": measurement.percentile(est.theta, others),
        "others_count": len(others),
        "percentile_minimum": measurement.PERCENTILE_MINIMUM,
        "topics": topics,
        "recommendations": recommendations.for_attempt(user=request.user, attempt=attempt,
                                                       limit=4),
        "correct": sum(1 for r in responses if (r.credit or 0) >= 0.999),
        "total": len(responses),
    })


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
