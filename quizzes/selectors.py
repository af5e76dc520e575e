"""Reads that span several models, each bundling what one page needs."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Count, Prefetch, Q
from django.http import Http404

from . import reporting
from .levels import JOB_READY, Level
from .models import (
    AbilityEstimate,
    Area,
    Assessment,
    AssessmentTopic,
    Attempt,
    AttemptStatus,
    Response,
    Topic,
)


def attempt_for(*, user, pk: int) -> Attempt:
    """The learner's own attempt, or 404 (invariant 5: others' attempts do not exist)."""
    try:
        return Attempt.objects.select_related("assessment__area").get(pk=pk, user=user)
    except Attempt.DoesNotExist:
        raise Http404("No such attempt.") from None


def assessment_for(*, user, slug: str, queryset=None) -> Assessment:
    """A published assessment the learner may see, or 404: another learner's private
    practice set does not exist for them, on its page and when starting it alike (so
    its slug cannot be probed)."""
    queryset = queryset if queryset is not None else Assessment.objects.all()
    assessment = queryset.published().filter(slug=slug).first()
    if assessment is None or (assessment.owner_id and assessment.owner_id != user.pk):
        raise Http404("No such assessment.")
    return assessment


def attempt_responses(attempt: Attempt) -> list[Response]:
    """All responses of the attempt with versions, questions, topics and ordered choices:
    two queries whatever the attempt's length."""
    return list(Response.objects.filter(attempt=attempt).with_content())


def home_areas(user):
    """Areas with their topics and published assessments, plus the learner's ability and
    its reading (level, or "not enough answers yet")."""
    areas = list(Area.objects.prefetch_related(
        Prefetch("topics", queryset=Topic.objects.order_by("order")),
        Prefetch("assessments", queryset=Assessment.objects.published()
                 .filter(owner__isnull=True).prefetch_related("draws")),
    ).annotate(live_questions=Count("topics__questions", filter=Q(
        topics__questions__status="live"))))
    abilities = {}
    if user.is_authenticated:
        abilities = {a.area_id: a for a in AbilityEstimate.objects.filter(user=user,
                                                                            topic__isnull=True)}
    target = Level(user.target_level) if user.is_authenticated else JOB_READY
    for area in areas:
        area.ability = ability = abilities.get(area.pk)
        area.reading = (reporting.read(ability.theta, ability.se, ability.answered,
                                       scope="area", target=target) if ability else None)
    return areas


def cross_area_assessments():
    # The draws' topics come in the same query: a per-area draw counts areas.
    return list(Assessment.objects.published().filter(area__isnull=True, owner__isnull=True)
                .prefetch_related(Prefetch("draws",
                                           queryset=AssessmentTopic.objects
                                           .select_related("topic"))))


def attempt_counts(user, assessment) -> dict:
    qs = Attempt.objects.filter(user=user, assessment=assessment)
    return {
        "used": qs.count(),
        "open": qs.filter(status=AttemptStatus.IN_PROGRESS).first(),
        "recent": list(qs.filter(status=AttemptStatus.GRADED).order_by("-submitted_at")[:5]),
    }


def other_learners_thetas(*, user, area) -> list[float]:
    """Other learners' latest ability in ``area`` (for the percentile)."""
    if area is None:
        return []
    return list(AbilityEstimate.objects.filter(area=area, topic__isnull=True)
                .exclude(user=user).values_list("theta", flat=True))


def area_percentiles(*, user, thetas: dict[int, float]) -> dict[int, dict]:
    """For each area id in ``thetas``: how many OTHER learners have a latest area
    estimate, how many of them are below θ and how many tie, counted by the database in
    one query (``{area_id: {"others", "below", "ties"}}``)."""
    if not thetas:
        return {}
    in_area = {a: Q(area_id=a) for a in thetas}
    rows = (AbilityEstimate.objects
            .filter(topic__isnull=True, area_id__in=list(thetas)).exclude(user=user)
            .values("area_id")
            .annotate(others=Count("pk"),
                      below=Count("pk", filter=reduce(or_, (
                          in_area[a] & Q(theta__lt=t) for a, t in thetas.items()))),
                      ties=Count("pk", filter=reduce(or_, (
                          in_area[a] & Q(theta=t) for a, t in thetas.items()))))
            .order_by())
    found = {r["area_id"]: r for r in rows}
    return {a: {"others": found.get(a, {}).get("others", 0),
                "below": found.get(a, {}).get("below", 0),
                "ties": found.get(a, {}).get("ties", 0)} for a in thetas}
