"""Recommendations: results + catalogue + preferences -> what to measure, what to study,
a week-by-week plan, and what is confirmed or still unsure (DESIGN.md §6,
docs/recommendations.md).

Pure: plain dataclasses in and out, no ORM. Split by concern:
`gaps` (which topics are gaps, via quizzes.standing; what to measure first), `ranking`
(what to study for each gap and why), `planning` (the weeks), `wording` (plain words).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..levels import Level
from ..standing import Standing as S
from .gaps import classify, diagnostic_for, measure_steps
from .planning import MAX_WEEKS, build
from .ranking import LEARNING_KINDS, pick
from .types import (
    Advice,
    AreaResult,
    AssessmentInfo,
    MeasureStep,
    Note,
    PlanItem,
    Preferences,
    Recommendation,
    ResourceItem,
    Section,
    Stretch,
    StudyWeek,
    TopicResult,
)
from .wording import count_text, hours_text, join_words

__all__ = [
    "MAX_WEEKS",
    "Advice",
    "AreaResult",
    "AssessmentInfo",
    "MeasureStep",
    "Note",
    "PlanItem",
    "Preferences",
    "Recommendation",
    "ResourceItem",
    "Section",
    "Stretch",
    "StudyWeek",
    "TopicResult",
    "advise",
    "changes",
    "stretch_goals",
]

PATH_WORDS = {
    "project": ("Project", "an end-to-end project shows employers what you can build"),
    "competition": ("Competition", "a competition tests you against other practitioners"),
    "open-source": ("Open source", "contributing to open source shows you can work on "
                                   "shared, reviewed code"),
    "certification": ("Certification", "a certification validates the skill for employers"),
}
STRETCH_PER_AREA = 2


def advise(areas: Sequence[AreaResult], topics: Sequence[TopicResult],
           catalogue: Sequence[ResourceItem], prefs: Preferences,
           assessments: Sequence[AssessmentInfo] = (), *, taken: frozenset[str] = frozenset(),
           done: frozenset[str] = frozenset(), not_useful: frozenset[str] = frozenset(),
           review_cards: int = 0,
           previous: tuple[Sequence[AreaResult], Sequence[TopicResult]] | None = None) -> Advice:
    """Everything the study-plan section says, for one learner."""
    target = prefs.target
    gaps = classify(areas, topics, target)
    measure, unsure = measure_steps(areas, topics, gaps, assessments, taken, target)
    diag_areas = {m.area for m in measure if m.assessment is not None}
    titles = {a.area: a.title for a in areas}
    diagnostics = {a.area: d for a in areas
                   if (d := diagnostic_for(assessments, a.area)) is not None}

    # Areas with a diagnostic to take first get no study items until it is taken.
    study_gaps = [g for g in gaps.below if g.area not in diag_areas]
    recs = pick(study_gaps, catalogue, prefs, done, not_useful)
    weeks, left = build(measure, recs, study_gaps, prefs.weekly_hours, diagnostics, titles,
                        review_cards=review_cards)

    confirmed, area_unsure = [], []
    below_areas = {g.area for g in gaps.below + gaps.to_confirm}
    for a in areas:
        verdict = gaps.area_verdicts.get(a.area)
        if verdict is None:
            continue
        if verdict.standing == S.AT and a.area not in below_areas:
            confirmed.append(Note(a.area, a.title,
                                      f"{a.level.label}: at your target ({target.label}), "
                                      f"from {count_text(a.answered, 'answer')}."))
        elif verdict.standing == S.UNSURE and a.area not in below_areas:
            how = ("the diagnostic above settles it" if a.area in diag_areas
                   else "the practice sets above settle it" if any(
                       m.area == a.area for m in measure)
                   else "retake its diagnostic to settle it")
            area_unsure.append(Note(a.area, a.title,
                                        f"{a.level.label} so far, from "
                                        f"{count_text(a.answered, 'answer')}: not sure yet "
                                        f"whether you are at your target; {how}."))
    advice = Advice(measure=measure, recommendations=recs, weeks=weeks,
                    confirmed=confirmed, unsure=area_unsure + unsure,
                    stretch=stretch_goals(confirmed, areas, catalogue, prefs, done, not_useful),
                    unplanned_hours=left)
    if previous is not None:
        before = advise(previous[0], previous[1], catalogue, prefs, assessments, taken=taken,
                        done=done, not_useful=not_useful)
        advice.changes = changes(previous[0], areas, before, advice)
    return advice


def stretch_goals(confirmed: Sequence[Note], areas: Sequence[AreaResult],
                  catalogue: Sequence[ResourceItem], prefs: Preferences,
                  done: frozenset[str], not_useful: frozenset[str]) -> list[Stretch]:
    """For each area confirmed at target, up to two goals beyond it along the seed
    article's paths (projects, competitions, open source, certifications)."""
    out: list[Stretch] = []
    used: set[str] = set()
    topics_of = {a.area: {ref for ref, _ in a.topics} for a in areas}
    next_level = Level(min(Level.EXPERT, prefs.target + 1))
    for c in confirmed:
        mine = topics_of.get(c.area, set())
        candidates = [r for r in catalogue
                      if r.path in PATH_WORDS and r.slug not in used
                      and r.slug not in done and r.slug not in not_useful
                      and not (prefs.free_only and r.cost == "paid")
                      and mine.intersection(r.topics)]
        candidates.sort(key=lambda r: (r.kind not in prefs.preferred_kinds,
                                       r.cost == "paid", -len(mine.intersection(r.topics)),
                                       r.slug))
        paths: set[str] = set()
        for r in candidates:
            if r.path in paths or len(paths) >= STRETCH_PER_AREA:
                continue
            label, why = PATH_WORDS[r.path]
            paths.add(r.path)
            used.add(r.slug)
            out.append(Stretch(area=c.area, path=label, resource=r,
                               reason=f"{c.title} is at your target; toward "
                                      f"{next_level.label}, {why} ({hours_text(r.hours)})."))
        if paths:
            continue
        # No path in the catalogue for this area: the best advanced resource instead.
        deeper = [r for r in catalogue
                  if r.level == "advanced" and r.kind in LEARNING_KINDS and r.slug not in used
                  and r.slug not in done and r.slug not in not_useful
                  and not (prefs.free_only and r.cost == "paid")
                  and mine.intersection(r.topics)]
        deeper.sort(key=lambda r: (r.kind not in prefs.preferred_kinds, r.cost == "paid",
                                   -len(mine.intersection(r.topics)), r.hours, r.slug))
        if deeper:
            r = deeper[0]
            used.add(r.slug)
            out.append(Stretch(area=c.area, path="Deeper study", resource=r,
                               reason=f"{c.title} is at your target; toward "
                                      f"{next_level.label}, this advanced {r.kind} goes "
                                      f"further ({hours_text(r.hours)})."))
    return out


def changes(before_areas: Sequence[AreaResult], areas: Sequence[AreaResult],
            before: Advice, now: Advice) -> list[str]:
    """What moved since the previous result, in plain words."""
    out: list[str] = []
    before_by = {a.area: a for a in before_areas}
    for a in areas:
        b = before_by.get(a.area)
        if b is None or not a.measured:
            continue
        if not b.measured:
            out.append(f"{a.title} measured for the first time: {a.level.label}.")
        elif b.level != a.level:
            out.append(f"{a.title} went from {b.level.label} to {a.level.label}.")
    was = {r.title for r in before.recommendations}
    is_ = {r.title for r in now.recommendations}
    dropped, added = sorted(was - is_), sorted(is_ - was)
    if dropped:
        out.append(f"{count_text(len(dropped), 'resource')} dropped from your plan: "
                   f"{join_words(dropped)}.")
    if added:
        out.append(f"{count_text(len(added), 'resource')} added: {join_words(added)}.")
    if not out:
        out.append("Your plan stays the same.")
    return out
