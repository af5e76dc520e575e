"""Pick what to study for each gap topic, and say why in one plain sentence.

For each gap topic (largest first): one learning unit at the level that suits the
learner (a whole resource, or only the sections of a long one that teach the topic),
a second one a level up when the gap spans two levels or more, and one hands-on practice
resource when the catalogue has one. A unit already chosen for another gap topic that
also teaches this one is reused rather than doubled: no two picks teach the same thing at
the same level. Certifications are stretch goals, never gap fillers.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..levels import Level
from .gaps import clearly_below
from .types import RESOURCE_LEVELS, Preferences, Recommendation, ResourceItem, Section, TopicResult
from .wording import COST_WORDS, LEVEL_PHRASES, hours_text, join_words, lower_title, num

#: Paths that are goals beyond the target, never a way to fill a gap.
STRETCH_ONLY_PATHS = frozenset({"competition", "certification"})
LEARNING_KINDS = frozenset({"course", "book", "video", "documentation"})
PRACTICE_KINDS = frozenset({"practice", "tool"})
LEVEL_MISMATCH_PENALTY = {0: 0.0, 1: 0.6, 2: 2.0}
COST_BONUS = {"free": 0.3, "freemium": 0.15, "paid": 0.0}
PREFERRED_KIND_BONUS = 1.0
#: A unit longer than this many weeks of the learner's hours is penalised.
LONG_WEEKS = 6
LONG_PENALTY = 1.5
EXTRA_TOPIC_BONUS = 0.2
#: Staying with a resource already in the plan (the next chapters of the same book)
#: beats starting another one that teaches the same thing.
SAME_RESOURCE_BONUS = 0.5


def wanted_level(level: Level) -> int:
    """Index into RESOURCE_LEVELS for a learner at ``level``."""
    if level <= Level.EMERGING:
        return 0
    if level == Level.COMPETENT:
        return 1
    return 2


def _level_index(resource: ResourceItem) -> int:
    return RESOURCE_LEVELS.index(resource.level) if resource.level in RESOURCE_LEVELS else 1


def unit_for(resource: ResourceItem, topic: str) -> tuple[Section, ...] | None:
    """The part of ``resource`` that teaches ``topic``: () for the whole resource, its
    sections when it lists them, None when it does not teach the topic."""
    if resource.sections:
        parts = tuple(s for s in resource.sections if topic in s.topics)
        return parts or None
    return () if topic in resource.topics else None


def _unit_hours(resource: ResourceItem, sections: tuple[Section, ...]) -> float:
    return sum(s.hours for s in sections) if sections else float(resource.hours)


def score(resource: ResourceItem, sections: tuple[Section, ...], want: int,
          prefs: Preferences, also_serves: int, in_plan: bool = False) -> float:
    s = -LEVEL_MISMATCH_PENALTY[min(2, abs(_level_index(resource) - want))]
    s += COST_BONUS.get(resource.cost, 0.0)
    if resource.kind in prefs.preferred_kinds:
        s += PREFERRED_KIND_BONUS
    if _unit_hours(resource, sections) > LONG_WEEKS * max(prefs.weekly_hours, 1.0):
        s -= LONG_PENALTY
    s += EXTRA_TOPIC_BONUS * also_serves
    if in_plan:
        s += SAME_RESOURCE_BONUS
    return round(s, 4)


def reason(resource: ResourceItem, sections: tuple[Section, ...], result: TopicResult,
           serves: Sequence[TopicResult]) -> str:
    """One sentence, true to the measurement: what was answered, what this unit is."""
    got = (f"You got {num(result.correct)} of {result.answered} "
           f"{lower_title(result.topic_title)} questions right")
    cost = COST_WORDS.get(resource.cost, resource.cost)
    phrase = LEVEL_PHRASES.get(resource.level, "")
    hours = hours_text(_unit_hours(resource, sections))
    if sections:
        what = (f"{join_words([s.title for s in sections])} of this {cost} {resource.kind} "
                f"{'teach' if len(sections) > 1 else 'teaches'} it and {phrase}")
    else:
        what = f"this {cost} {resource.kind} {phrase}"
    others = [lower_title(t.topic_title) for t in serves if t.topic != result.topic]
    also = f" and also covers {join_words(others)}" if others else ""
    return f"{got}; {what}{also}, {hours}."


def teaches(rec: Recommendation, topic: str) -> bool:
    """Whether a pick already in the plan teaches ``topic`` (its sections, if it has any)."""
    if rec.sections:
        return any(topic in sec.topics for sec in rec.sections)
    return topic in rec.resource.topics


def pick(gaps: Sequence[TopicResult], catalogue: Sequence[ResourceItem], prefs: Preferences,
         done: frozenset[str] = frozenset(),
         not_useful: frozenset[str] = frozenset()) -> list[Recommendation]:
    """The study picks for the gap topics, in the order they should be worked on."""
    usable = [r for r in catalogue
              if r.slug not in done and r.slug not in not_useful
              and not (prefs.free_only and r.cost == "paid")
              and r.kind != "certification" and r.path not in STRETCH_ONLY_PATHS]
    gap_by_ref = {g.topic: g for g in gaps}
    chosen: list[Recommendation] = []
    for g in gaps:
        want = wanted_level(g.level)
        wants = [want]
        if want == 0 and clearly_below(g, Level(prefs.target - 1)):
            wants.append(1)  # below even the level under the target: a second, deeper unit
        for level_wanted in wants:
            level_name = RESOURCE_LEVELS[level_wanted]
            # A learning pick at this level that already teaches the topic serves it too.
            reused = next((i for i, c in enumerate(chosen)
                           if c.resource.kind in LEARNING_KINDS
                           and c.resource.level == level_name and teaches(c, g.topic)),
                          None)
            if reused is not None:
                _add_serves(chosen, reused, g, gap_by_ref)
                continue
            best = _best(usable, LEARNING_KINDS, g, level_wanted, prefs, gap_by_ref, chosen,
                         min_level=level_wanted if level_wanted != want else 0)
            if best is not None:
                chosen.append(best)
        if not any(c.resource.kind in PRACTICE_KINDS and teaches(c, g.topic) for c in chosen):
            hands_on = _best(usable, PRACTICE_KINDS, g, want, prefs, gap_by_ref, chosen)
            if hands_on is not None:
                chosen.append(hands_on)
            else:
                continue
        else:
            i = next(i for i, c in enumerate(chosen)
                     if c.resource.kind in PRACTICE_KINDS and teaches(c, g.topic))
            _add_serves(chosen, i, g, gap_by_ref)
    return chosen


def _best(usable, kinds, g: TopicResult, want: int, prefs: Preferences, gap_by_ref,
          chosen: Sequence[Recommendation], min_level: int = 0) -> Recommendation | None:
    """The best unit of ``kinds`` for gap ``g``: sections already in the plan are not
    offered again, and ``min_level`` keeps a second unit a level above the first."""
    planned = {(c.resource.slug, sec) for c in chosen for sec in c.sections}
    in_plan = {c.resource.slug for c in chosen}
    whole = {c.resource.slug for c in chosen if not c.sections}
    candidates = []
    for r in usable:
        if r.kind not in kinds or _level_index(r) < min_level or r.slug in whole:
            continue
        sections = unit_for(r, g.topic)
        if sections is None:
            continue
        sections = tuple(sec for sec in sections if (r.slug, sec) not in planned)
        if r.sections and not sections:
            continue
        taught = set(r.topics) if not sections else {t for sec in sections for t in sec.topics}
        serves = [g] + [gap_by_ref[t] for t in sorted(taught)
                        if t in gap_by_ref and t != g.topic
                        and not any(teaches(c, t) for c in chosen
                                    if c.resource.kind in kinds)]
        s = score(r, sections, want, prefs, len(serves) - 1, in_plan=r.slug in in_plan)
        candidates.append((-s, _unit_hours(r, sections), r.slug, r, sections, serves))
    if not candidates:
        return None
    # Best score, then the shorter unit, then the slug (a stable order).
    neg, _, _, r, sections, serves = min(candidates, key=lambda c: (c[0], c[1], c[2]))
    s = -neg
    return Recommendation(resource=r, topic=g, score=s, reason=reason(r, sections, g, serves),
                          sections=sections, serves=tuple(t.topic for t in serves))


def _add_serves(chosen: list[Recommendation], i: int, g: TopicResult, gap_by_ref) -> None:
    rec = chosen[i]
    if g.topic in rec.serves:
        return
    serves = [gap_by_ref[t] for t in rec.serves] + [g]
    chosen[i] = Recommendation(resource=rec.resource, topic=rec.topic, score=rec.score,
                               reason=reason(rec.resource, rec.sections, rec.topic, serves),
                               sections=rec.sections, serves=tuple(t.topic for t in serves))
