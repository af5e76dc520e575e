"""Recommendations: per-topic results + catalogue + preferences -> ranked, explained
resources and a week-by-week plan (DESIGN.md §6, docs/recommendations.md).

Pure: plain dataclasses in and out, no ORM.

Gap per topic = the target level's lowest θ − an optimistic reading of the learner's θ
(θ + GAP_SE_CREDIT·SE), so a topic is only called a gap when the measurement, allowing for
its uncertainty, is below target. Resources are ranked by the gap they address, how well
their level fits the learner's, cost and the kinds the learner prefers; the list is kept
diverse in kind and spread over the gap topics. Every recommendation says why.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .levels import JOB_READY, Level, level_floor, level_for

GAP_SE_CREDIT = 0.5
W_GAP = 1.0
LEVEL_MISMATCH_PENALTY = {0: 0.0, 1: 0.6, 2: 2.0}
COST_BONUS = {"free": 0.3, "freemium": 0.15, "paid": 0.0}
PREFERRED_KIND_BONUS = 0.5
EXTRA_TOPIC_BONUS = 0.2
HOURS_PENALTY_PER_HOUR = 0.01
HOURS_PENALTY_CAP = 0.5
MAX_SAME_KIND_IN_TOP = 2
TOP = 5
MAX_PER_TOPIC_BEFORE_SPREAD = 2
MAX_WEEKS = 12
RESOURCE_LEVELS = ("beginner", "intermediate", "advanced")


@dataclass(frozen=True)
class TopicResult:
    area: str
    topic: str  # "area/topic"
    topic_title: str
    theta: float
    se: float
    correct: float
    answered: int

    @property
    def level(self) -> Level:
        return level_for(self.theta)


@dataclass(frozen=True)
class ResourceItem:
    slug: str
    title: str
    kind: str
    cost: str
    level: str
    hours: float
    provider: str
    url: str
    topics: tuple[str, ...]


@dataclass(frozen=True)
class Preferences:
    target: Level = JOB_READY
    weekly_hours: float = 5.0
    free_only: bool = False  # keeps free and freemium, drops paid
    preferred_kinds: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Recommendation:
    resource: ResourceItem
    topic: TopicResult
    score: float
    reason: str


def gap(result: TopicResult, target: Level) -> float:
    """How far below the target the topic is, allowing for the measurement's SE."""
    return level_floor(target) - (result.theta + GAP_SE_CREDIT * result.se)


def wanted_resource_level(level: Level) -> int:
    """Index into RESOURCE_LEVELS for a learner at ``level``."""
    if level <= Level.EMERGING:
        return 0
    if level == Level.COMPETENT:
        return 1
    return 2


def _fmt(x: float) -> str:
    return f"{round(x, 1):g}"


def reason_for(resource: ResourceItem, result: TopicResult) -> str:
    sign = "−" if result.theta < 0 else "+"
    return (f"{result.topic_title}: {result.level.label} (θ {sign}{abs(result.theta):.1f} "
            f"± {result.se:.1f}), {_fmt(result.correct)} of {result.answered} correct — "
            f"a {resource.cost} {resource.level} {resource.kind}, {_fmt(resource.hours)} h.")


def _score(resource: ResourceItem, result: TopicResult, topic_gap: float,
           prefs: Preferences) -> float:
    want = wanted_resource_level(result.level)
    have = RESOURCE_LEVELS.index(resource.level) if resource.level in RESOURCE_LEVELS else 1
    score = W_GAP * topic_gap - LEVEL_MISMATCH_PENALTY[min(2, abs(have - want))]
    score += COST_BONUS.get(resource.cost, 0.0)
    if resource.kind in prefs.preferred_kinds:
        score += PREFERRED_KIND_BONUS
    score -= min(HOURS_PENALTY_CAP, HOURS_PENALTY_PER_HOUR * resource.hours)
    return score


def recommend(results: Sequence[TopicResult], catalogue: Sequence[ResourceItem],
              prefs: Preferences, done: frozenset[str] = frozenset(),
              not_useful: frozenset[str] = frozenset(), limit: int = 8) -> list[Recommendation]:
    """Ranked resources for the topics below target, each with its reason."""
    gaps = {r.topic: (r, gap(r, prefs.target)) for r in results}
    gaps = {t: (r, g) for t, (r, g) in gaps.items() if g > 0}
    if not gaps:
        return []
    candidates: list[Recommendation] = []
    for resource in catalogue:
        if resource.slug in done or resource.slug in not_useful:
            continue
        if prefs.free_only and resource.cost == "paid":
            continue
        served = [gaps[t] for t in resource.topics if t in gaps]
        if not served:
            continue
        scored = [(_score(resource, r, g, prefs), r) for r, g in served]
        best_score, best_topic = max(scored, key=lambda s: (s[0], -s[1].theta))
        best_score += EXTRA_TOPIC_BONUS * (len(served) - 1)
        candidates.append(Recommendation(resource, best_topic, round(best_score, 4),
                                         reason_for(resource, best_topic)))
    candidates.sort(key=lambda c: (-c.score, c.resource.slug))
    return _diversify(candidates, set(gaps), limit)


def _fits(c: Recommendation, limit_kind: bool, kinds: Counter,
          spread_topics: bool, per_topic: Counter) -> bool:
    """Whether a candidate keeps the list diverse under the rules currently in force."""
    if limit_kind and kinds[c.resource.kind] >= MAX_SAME_KIND_IN_TOP:
        return False
    return not (spread_topics and per_topic[c.topic.topic] >= MAX_PER_TOPIC_BEFORE_SPREAD)


def _diversify(ranked: list[Recommendation], gap_topics: set[str],
               limit: int) -> list[Recommendation]:
    """Greedy pick of the best remaining candidate that keeps the list diverse; the rules
    relax only when nothing else is left."""
    chosen: list[Recommendation] = []
    remaining = list(ranked)
    while remaining and len(chosen) < limit:
        kinds = Counter(c.resource.kind for c in chosen)
        per_topic = Counter(c.topic.topic for c in chosen)
        uncovered = {c.topic.topic for c in remaining} & (gap_topics - set(per_topic))

        pick = None
        for strict_kind, strict_topic in ((True, True), (False, True), (False, False)):
            pick = next((c for c in remaining
                         if _fits(c, strict_kind and len(chosen) < TOP, kinds,
                                  strict_topic and bool(uncovered), per_topic)), None)
            if pick:
                break
        chosen.append(pick)
        remaining.remove(pick)
    return chosen


@dataclass(frozen=True)
class PlanItem:
    recommendation: Recommendation
    hours: float


@dataclass(frozen=True)
class StudyWeek:
    number: int
    items: tuple[PlanItem, ...]
    hours: float


def study_plan(recs: Sequence[Recommendation], weekly_hours: float) -> list[StudyWeek]:
    """Fill weeks in rank order up to ``weekly_hours``; a long resource continues over
    the following weeks. At most MAX_WEEKS weeks."""
    if weekly_hours <= 0:
        return []
    weeks: list[list[PlanItem]] = [[]]
    room = weekly_hours
    for rec in recs:
        left = float(rec.resource.hours)
        while left > 1e-9:
            if room <= 1e-9:
                if len(weeks) == MAX_WEEKS:
                    return _weeks(weeks)
                weeks.append([])
                room = weekly_hours
            take = min(left, room)
            weeks[-1].append(PlanItem(rec, round(take, 2)))
            left -= take
            room -= take
    return _weeks(weeks)


def _weeks(weeks: list[list[PlanItem]]) -> list[StudyWeek]:
    return [StudyWeek(i, tuple(items), round(sum(p.hours for p in items), 2))
            for i, items in enumerate(weeks, start=1) if items]


@dataclass(frozen=True)
class PlanSpan:
    """One resource in the plan: the weeks it spans and the hours it takes in all."""

    recommendation: Recommendation
    first_week: int
    last_week: int
    hours: float

    @property
    def weeks_label(self) -> str:
        if self.first_week == self.last_week:
            return f"Week {self.first_week}"
        return f"Weeks {self.first_week}–{self.last_week}"


def plan_spans(weeks: Sequence[StudyWeek]) -> list[PlanSpan]:
    """The plan read by resource rather than by week, in the order the resources start:
    a long book becomes one line ("Weeks 4–9") instead of six."""
    spans: dict[str, list] = {}
    for week in weeks:
        for item in week.items:
            slug = item.recommendation.resource.slug
            if slug not in spans:
                spans[slug] = [item.recommendation, week.number, week.number, 0.0]
            span = spans[slug]
            span[2] = week.number
            span[3] += item.hours
    return [PlanSpan(rec, first, last, round(hours, 2))
            for rec, first, last, hours in spans.values()]
