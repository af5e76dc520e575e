"""Home, areas and assessments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from .. import selectors
from ..models import Area, Assessment, AssessmentTopic
from ..services.attempts import attempt_start, next_attempt_at
from ..services.errors import ServiceError
from .common import HtmxHttpRequest


@require_safe
def home(request: HtmxHttpRequest) -> HttpResponse:
    return render(request, "quizzes/home.html", {
        "areas": selectors.home_areas(request.user),
        "cross_area": selectors.cross_area_assessments(),
    })


@require_safe
def area_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    area = get_object_or_404(Area.objects.prefetch_related("topics"), slug=slug)
    assessments = Assessment.objects.published().filter(area=area, owner__isnull=True) \
        .prefetch_related("draws")
    return render(request, "quizzes/area_detail.html", {"area": area,
                                                         "assessments": assessments})


@login_required
@require_safe
def assessment_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    assessment = selectors.assessment_for(
        user=request.user, slug=slug,
        queryset=Assessment.objects.select_related("area").prefetch_related(
            Prefetch("draws", queryset=AssessmentTopic.objects.with_live_count()
                     .select_related("topic"))))
    counts = selectors.attempt_counts(request.user, assessment)
    left = None
    if assessment.attempts_allowed:
        left = max(0, assessment.attempts_allowed - counts["used"])
    available = next_attempt_at(user=request.user, assessment=assessment)
    return render(request, "quizzes/assessment_detail.html", {
        "assessment": assessment, "counts": counts, "attempts_left": left,
        "next_attempt_at": available if available and available > timezone.now() else None})


@login_required
@require_POST
def attempt_start_view(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    assessment = selectors.assessment_for(user=request.user, slug=slug)
    try:
        attempt = attempt_start(user=request.user, assessment=assessment)
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect(assessment)
    return redirect(attempt)
