"""What the learner's dashboard shows, in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from .charts import RadarPoint, Series
from .levels import Level, level_floor, level_for
from .models import AbilityEstimate, Area, Attempt, AttemptStatus, ReviewCard
from .standing import Standing, decide


@dataclass
class AreaStatus:
    area: Area
    ability: AbilityEstimate | None
    latest: Attempt | None
    status: str  # "at-target" | "likely" | "gap" | "unmeasured"
    weakest: list[AbilityEstimate]

    @property
    def level(self) -> Level | None:
        return level_for(self.ability.theta) if self.ability else None


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
    series: dict[int, list[tuple[str, float]]] = defaultdict(list)
    for a in attempts:
        latest[a.assessment.area_id] = a
        if a.theta is not None:
            series[a.assessment.area_id].append((f"{a.submitted_at:%d %b}", a.theta))
    statuses = []
    for area in areas:
        est = by_area.get(area.pk)
        if est is None:
            status = "unmeasured"
        elif est.theta - 1.96 * est.se >= floor:
            status = "at-target"
        elif est.theta >= floor:
            status = "likely"
        else:
            status = "gap"
        # The shared decision (quizzes/standing.py): topics below target or not yet
        # decided, least likely to be at target first.
        verdicts = [(t, decide(t.theta, t.se, t.answered, target=target))
                    for t in topics_by_area[area.pk]]
        weakest = [t for t, v in sorted(
            ((t, v) for t, v in verdicts if v.standing in (Standing.BELOW, Standing.UNSURE)),
            key=lambda tv: tv[1].p_at_target)][:3]
        statuses.append(AreaStatus(area, est, latest.get(area.pk), status, weakest))
    radar = [RadarPoint(label=s.area.title, theta=s.ability.theta if s.ability else None,
                        se=s.ability.se if s.ability else None, target=floor) for s in statuses]
    progress = [Series(label=s.area.title, points=tuple(series[s.area.pk]))
                for s in statuses if series[s.area.pk]]
    due = ReviewCard.objects.filter(user=user, due__lte=timezone.now()).count()
    return {
        "statuses": statuses,
        "radar": radar,
        "progress": progress,
        "progress_single": bool(progress) and all(len(s.points) < 2 for s in progress),
        "target": target,
        "ready": all(s.status == "at-target" for s in statuses) and bool(statuses),
        "at_target": sum(1 for s in statuses if s.status == "at-target"),
        "due_cards": due,
    }
