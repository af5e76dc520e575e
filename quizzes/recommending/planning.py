"""Lay the picks out week by week within the learner's hours.

- Week 1 starts with anything to measure first.
- At most ``ACTIVE_TRACKS`` gap topics are worked on at once; each week a topic in work
  gets its reading and a practice set in the app (hands-on from the first week, not after
  weeks of reading); the review queue has a slot every week when it holds cards.
- When every gap topic of an area is done, or after ``CHECKPOINT_WEEKS`` weeks of work in
  it, a checkpoint re-measures the area ("Retake the Git diagnostic").
- At most ``MAX_WEEKS`` weeks; what does not fit is counted, not hidden.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .gaps import PRACTICE_MINUTES, PRACTICE_QUESTIONS
from .types import AssessmentInfo, MeasureStep, PlanItem, Recommendation, StudyWeek, TopicResult
from .wording import lower_title

MAX_WEEKS = 12
#: Gap topics worked on side by side: one per HOURS_PER_TRACK hours a week, 1 to 2.
HOURS_PER_TRACK = 4
MAX_ACTIVE_TRACKS = 2
PRACTICE_HOURS = PRACTICE_MINUTES / 60
REVIEW_HOURS = 0.25
CHECKPOINT_WEEKS = 4
MIN_CHUNK_HOURS = 0.5
HANDS_ON_KINDS = frozenset({"practice", "tool"})
HANDS_ON_SHARE = 1 / 3
EPS = 1e-9


@dataclass
class _Track:
    topic: TopicResult
    tasks: list[list] = field(default_factory=list)  # [recommendation, hours left]
    started: int = 0

    @property
    def open(self) -> bool:
        return any(t[1] > EPS for t in self.tasks)


def _week_tasks(t: _Track, budget: float) -> list[tuple[list, float]]:
    """This week's tasks of a track, each with a cap: reading and hands-on practice
    side by side (a third of the time for the practice resource) rather than all the
    reading first."""
    open_ = [task for task in t.tasks if task[1] > EPS]
    reading = [x for x in open_ if x[0].resource.kind not in HANDS_ON_KINDS]
    hands_on = [x for x in open_ if x[0].resource.kind in HANDS_ON_KINDS]
    if reading and hands_on and budget >= 2 * MIN_CHUNK_HOURS:
        cap = max(MIN_CHUNK_HOURS, budget * HANDS_ON_SHARE)
        return [(reading[0], budget - cap), (hands_on[0], cap)]
    return [(x, budget) for x in open_]


def _checkpoint_item(area: str, area_title: str, diag: AssessmentInfo | None,
                     titles: list[str]) -> PlanItem:
    if diag is not None:
        minutes = diag.minutes or 20
        return PlanItem(kind="checkpoint", label=f"Checkpoint: retake the {diag.title}",
                        hours=minutes / 60, area=area, url=diag.url,
                        reason=f"See what moved in {area_title}; your plan updates from "
                               "the new result.")
    return PlanItem(kind="checkpoint", label=f"Checkpoint: practise {titles[0]} again",
                    hours=PRACTICE_HOURS, area=area,
                    reason="See what moved; your plan updates from the new result.")


def build(measure: Sequence[MeasureStep], recs: Sequence[Recommendation],
          gap_order: Sequence[TopicResult], weekly_hours: float,
          diagnostics: dict[str, AssessmentInfo], area_titles: dict[str, str],
          review_cards: int = 0) -> tuple[list[StudyWeek], float]:
    """The weeks, and the study hours that did not fit in ``MAX_WEEKS``."""
    if weekly_hours <= 0:
        return [], round(sum(r.hours for r in recs), 2)
    tracks: dict[str, _Track] = {}
    for g in gap_order:
        tracks[g.topic] = _Track(g)
    for rec in recs:
        owner = next((t for t in rec.serves if t in tracks), rec.topic.topic)
        tracks.setdefault(owner, _Track(rec.topic)).tasks.append([rec, rec.hours])
    order = [t for t in tracks.values() if t.tasks]
    active_tracks = max(1, min(MAX_ACTIVE_TRACKS, int(weekly_hours // HOURS_PER_TRACK)))
    pending = list(measure)
    weeks: list[list[PlanItem]] = []
    checked: set[str] = set()
    last_check: dict[str, int] = {}
    carried: list[PlanItem] = []
    while (pending or carried or any(t.open for t in order)) and len(weeks) < MAX_WEEKS:
        n = len(weeks) + 1
        items: list[PlanItem] = list(carried)
        room = weekly_hours - sum(i.hours for i in carried)
        carried = []
        while pending and (pending[0].minutes / 60 <= room + EPS or not items):
            step = pending.pop(0)
            h = step.minutes / 60
            items.append(PlanItem(kind="measure", label=step.label, hours=h, reason=step.reason,
                                  url=step.assessment.url if step.assessment else "",
                                  topic=step.topic or "", area=step.area))
            room -= h
        for area in dict.fromkeys(t.topic.area for t in order if t.open and t.started):
            if n - last_check.get(area, 0) >= CHECKPOINT_WEEKS and area not in checked:
                mine = [t for t in order if t.topic.area == area]
                item = _checkpoint_item(area, area_titles.get(area, area), diagnostics.get(area),
                                        [lower_title(t.topic.topic_title) for t in mine])
                items.append(item)
                room -= item.hours
                last_check[area] = n
        if review_cards and room >= REVIEW_HOURS + EPS and any(t.open for t in order):
            items.append(PlanItem(kind="review", label="Work through your review queue",
                                  hours=REVIEW_HOURS,
                                  reason="Questions you missed come back on a schedule that "
                                         "makes them stick."))
            room -= REVIEW_HOURS
        worked: list[_Track] = []
        while room >= MIN_CHUNK_HOURS - EPS:
            active = [t for t in order if t.open][:active_tracks]
            active = [t for t in active if t not in worked] or []
            if not active:
                break
            share = room / len(active)
            for t in active:
                worked.append(t)
                if not t.started:
                    t.started = n
                practice = PRACTICE_HOURS if share >= PRACTICE_HOURS + MIN_CHUNK_HOURS else 0.0
                budget = share - practice
                for task, cap in _week_tasks(t, budget):
                    if budget < MIN_CHUNK_HOURS - EPS and budget < task[1] - EPS:
                        break
                    if task[1] <= EPS or cap <= EPS:
                        continue
                    take = min(task[1], budget, cap)
                    task[1] -= take
                    budget -= take
                    room -= take
                    items.append(PlanItem(kind="study", label=task[0].title,
                                          hours=take, reason=task[0].reason,
                                          url=task[0].resource.url, recommendation=task[0],
                                          topic=t.topic.topic, area=t.topic.area))
                if practice:
                    items.append(PlanItem(
                        kind="practice",
                        label=f"Practise {lower_title(t.topic.topic_title)} in the app",
                        hours=practice, topic=t.topic.topic, area=t.topic.area,
                        reason=f"{PRACTICE_QUESTIONS} questions with feedback after each: "
                               "use what you just read while it is fresh."))
                    room -= practice
        for area in dict.fromkeys(t.topic.area for t in worked):
            mine = [t for t in order if t.topic.area == area]
            finished = not any(t.open for t in mine)
            if finished and area not in checked and last_check.get(area) != n:
                item = _checkpoint_item(area, area_titles.get(area, area), diagnostics.get(area),
                                        [lower_title(t.topic.topic_title) for t in mine])
                if item.hours <= room + EPS:
                    items.append(item)
                    room -= item.hours
                else:
                    carried.append(item)
                last_check[area] = n
                if finished:
                    checked.add(area)
        weeks.append(items)
    left = round(sum(task[1] for t in order for task in t.tasks), 2)
    return _number_parts(weeks), left


def _number_parts(weeks: list[list[PlanItem]]) -> list[StudyWeek]:
    """Mark a resource that runs over several weeks "part k of n"."""
    from dataclasses import replace

    total: dict[str, int] = {}
    for items in weeks:
        for i in items:
            if i.kind == "study":
                total[i.label] = total.get(i.label, 0) + 1
    seen: dict[str, int] = {}
    out = []
    for number, items in enumerate(weeks, start=1):
        new = []
        for i in items:
            if i.kind == "study" and total[i.label] > 1:
                seen[i.label] = seen.get(i.label, 0) + 1
                i = replace(i, part=f"part {seen[i.label]} of {total[i.label]}")
            new.append(i)
        out.append(StudyWeek(number, tuple(new)))
    return out
