"""What the learner's dashboard shows, in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from . import charts, reporting
from .charts import RadarPoint, Series
from .levels import Level, level_floor
from .models import AbilityEstimate, Area, Attempt, AttemptStatus
from .services import reviews
from .standing import Standing, confidence, has_evidence


@dataclass
class AreaStatus:
    """One area on the dashboard: its reading (level, 95% range and the verdict against
    the target from ``standing.decide``) and the topics that are clearly below target."""

    area: Area
    ability: AbilityEstimate | None
    latest: Attempt | None
    reading: reporting.Reading
    weakest: list[AbilityEstimate]

    @property
    def status(self) -> str:
        """"unmeasured", or the verdict: "not-enough" | "below" | "unsure" | "at"."""
        return "unmeasured" if self.ability is None else self.reading.standing.value

    @property
    def level(self) -> Level | None:
        return self.reading.level


def dashboard(user) -> dict:
    areas = list(Area.objects.order_by("order"))
    estimates = list(AbilityEstimate.objects.filter(user=user).select_related("topic"))
    attempts = list(Attempt.objects.filter(user=user, status=AttemptStatus.GRADED,
                                           assessment__area__isnull=False)
                    .select_related("assessment").order_by("submitted_at"))
    target = Level(user.target_level)
    floor = level_floor(target)
    by_area = {e.area_id: e for e in estimates if e.topic_id is None}
    topics_by_area: dict[int, list[AbilityEstimate]] = defaultdict(list)
    for e in estimates:
        if e.topic_id is not None:
            topics_by_area[e.area_id].append(e)
    latest: dict[int, Attempt] = {}
    series: dict[int, list[tuple[date, float, str]]] = defaultdict(list)
    for a in attempts:
        latest[a.assessment.area_id] = a
        # A result without enough answered questions has no level: it is not a point on
        # the progress line either.
        answered = sum(int(t.get("answered", 0)) for t in (a.topic_results or {}).values())
        if a.theta is not None and has_evidence(answered, scope="area"):
            series[a.assessment.area_id].append(
                (timezone.localdate(a.submitted_at), a.theta, reporting.shown_level(a.theta).label))
    statuses = []
    for area in areas:
        est = by_area.get(area.pk)
        reading = (reporting.read(est.theta, est.se, est.answered, scope="area", target=target)
                   if est else reporting.read(None, None, 0, scope="area", target=target))
        # The weakest topics are those the one decision calls below target, weakest first.
        weakest = sorted((t for t in topics_by_area[area.pk]
                          if reporting.read(t.theta, t.se, t.answered, target=target).standing
                          == Standing.BELOW), key=lambda t: t.theta)[:3]
        statuses.append(AreaStatus(area, est, latest.get(area.pk), reading, weakest))
    radar = [RadarPoint(label=s.area.title,
                        theta=s.reading.theta if s.reading.has_level else None,
                        se=s.reading.se if s.reading.has_level else None, target=floor,
                        caption=_radar_caption(s))
             for s in statuses]
    progress = [Series(label=s.area.title, points=tuple(series[s.area.pk]))
                for s in statuses if series[s.area.pk]]
    return {
        "statuses": statuses,
        "radar": radar,
        "progress": progress,
        "target": target,
        "ready": all(s.status == Standing.AT for s in statuses) and bool(statuses),
        "at_target": sum(1 for s in statuses if s.status == Standing.AT),
        "review_queue": reviews.review_queue(user=user),
        "radar_is_bars": charts.areas_as_bars(radar),
        "bands": charts.BANDS,
        "headline": reporting.dashboard_sentence([(s.area.title, s.reading) for s in statuses],
                                                 target),
        "progress_sentence": (charts.single_result_sentence(progress)
                              if progress and all(len(s.points) < 2 for s in progress) else ""),
        "confidence": round(100 * confidence("area")),
    }


def _radar_caption(status: AreaStatus) -> str:
    """The words under an area's name on the radar: its 95% range of levels, or why there
    is none."""
    if status.ability is None:
        return "not measured"
    if not status.reading.has_level:
        return "not enough answers yet"
    return status.reading.range_label
