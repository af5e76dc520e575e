"""Which topics are gaps, which are at target, which are unsure, and what to measure first.

Every below / at / unsure / not-enough call is `quizzes.standing.decide`: the recommender
has no threshold of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .. import standing
from ..levels import Level, level_floor
from ..standing import Standing as S
from .types import AreaResult, AssessmentInfo, MeasureStep, Note, TopicResult
from .wording import count_text, join_words, lower_title, num

#: The width of one level band on the θ scale (docs/measurement.md).
LEVEL_WIDTH = 1.0

#: A practice set in the app ("Practise this topic"): questions and about how long.
PRACTICE_QUESTIONS = 5
PRACTICE_MINUTES = 10


@dataclass
class Gaps:
    below: list[TopicResult] = field(default_factory=list)  # largest distance first
    #: Below target, but on evidence too thin for hours of study
    #: (`standing.enough_to_study`): more answers first ("confirm first").
    to_confirm: list[TopicResult] = field(default_factory=list)
    unsure: list[TopicResult] = field(default_factory=list)
    not_enough: list[TopicResult] = field(default_factory=list)
    at: list[TopicResult] = field(default_factory=list)
    area_verdicts: dict[str, standing.Verdict | None] = field(default_factory=dict)

    @property
    def below_refs(self) -> set[str]:
        return {t.topic for t in self.below}


def distance(result: TopicResult, target: Level) -> float:
    """How far the estimate sits below the target's floor."""
    return level_floor(target) - result.theta


def urgency(result: TopicResult, target: Level) -> float:
    """P(the true ability is a whole level or more below the target's floor): orders the
    gaps, so a large gap with evidence behind it comes before a shaky one."""
    return 1.0 - standing.p_at_least(result.theta, result.se,
                                     level_floor(target) - LEVEL_WIDTH)


def classify(areas: Sequence[AreaResult], topics: Sequence[TopicResult],
             target: Level) -> Gaps:
    """Sort topics by the shared decision on each topic's estimate. The topic estimates
    already lean on the learner's other topics in the area (docs/measurement.md "Topic
    estimates"), so the area's verdict is not applied a second time here: a topic the
    decision places below target is a gap even inside an area at target.

    One evidence rule stays: while the whole area has fewer answers than an area needs
    for a level (`standing.has_evidence(scope="area")`), a topic below target is unsure,
    not a study item. Its estimate then rests on its own few answers and the prior of all
    learners, and the area's diagnostic (measure first) settles it in half an hour.

    And hours of study need firmer evidence than a verdict: a topic below target whose
    estimate still leaves more than `standing.STUDY_DOUBT` that it is half a level or more
    above the target's floor is ``to_confirm`` (a practice set first), not a gap. On three
    answers most false alarms were of this kind (docs/recommendations.md §8)."""
    gaps = Gaps()
    for a in areas:
        gaps.area_verdicts[a.area] = (
            standing.decide(a.theta, a.se, a.answered, target=target, scope="area")
            if a.measured else None)
    for r in topics:
        kind = standing.decide(r.theta, r.se, r.answered, target=target,
                               scope="topic").standing
        area = gaps.area_verdicts.get(r.area)
        if kind == S.BELOW and area is not None and area.standing == S.NOT_ENOUGH:
            kind = S.UNSURE
        elif kind == S.BELOW and not standing.enough_to_study(r.theta, r.se, r.answered,
                                                                 target=target):
            gaps.to_confirm.append(r)
            continue
        {S.BELOW: gaps.below, S.UNSURE: gaps.unsure, S.AT: gaps.at,
         S.NOT_ENOUGH: gaps.not_enough}[kind].append(r)
    gaps.below.sort(key=lambda r: (-urgency(r, target), r.topic))
    return gaps


def clearly_below(result: TopicResult, level: Level) -> bool:
    """The shared decision says the topic is below ``level`` (not merely unsure)."""
    return standing.decide(result.theta, result.se, result.answered, target=level,
                           scope="topic").standing == S.BELOW


def leaning_below(result: TopicResult, target: Level) -> bool:
    """An unsure topic whose estimate sits under the target's floor (more likely below
    than at): worth measuring now, since the answer could add it to the plan."""
    return result.theta < level_floor(target)


def diagnostic_for(assessments: Sequence[AssessmentInfo], area: str) -> AssessmentInfo | None:
    """The area's fixed-form diagnostic, else its adaptive check."""
    own = [a for a in assessments if a.area == area]
    own.sort(key=lambda a: (a.mode != "fixed", a.slug))
    return own[0] if own else None


def _assessment_facts(a: AssessmentInfo) -> str:
    if a.mode == "adaptive":
        return "an adaptive check that stops once your level is measured precisely"
    minutes = f", in {a.minutes} minutes" if a.minutes else ""
    topics = len(a.topics)
    per = f", {a.questions // topics} from each topic" if topics and a.questions % topics == 0 \
        else ""
    return f"{a.questions} questions{per}{minutes}"


def measure_steps(areas: Sequence[AreaResult], topics: Sequence[TopicResult], gaps: Gaps,
                  assessments: Sequence[AssessmentInfo], taken: frozenset[str],
                  target: Level) -> tuple[list[MeasureStep], list[Note]]:
    """What to measure before (or instead of) studying, and the unsure list with how to
    make each one sure."""
    steps: list[MeasureStep] = []
    unsure: list[Note] = []
    by_area: dict[str, list[TopicResult]] = {}
    for r in topics:
        by_area.setdefault(r.area, []).append(r)
    unsure_refs = {r.topic for r in gaps.unsure}
    confirm_refs = {r.topic for r in gaps.to_confirm}
    thin_refs = {r.topic for r in gaps.not_enough}
    for a in areas:
        mine = by_area.get(a.area, [])
        measured_refs = {r.topic for r in mine}
        missing = [title for ref, title in a.topics
                   if ref not in measured_refs or ref in thin_refs]
        diag = diagnostic_for(assessments, a.area)
        need_diagnostic = (not a.measured or not mine
                           or gaps.area_verdicts.get(a.area) is None
                           or gaps.area_verdicts[a.area].standing == S.NOT_ENOUGH
                           or (a.topics and len(missing) * 2 >= len(a.topics)))
        if need_diagnostic and diag is not None and diag.slug not in taken:
            if not mine:
                why = f"You have no {a.title} result yet"
            else:
                answered = sum(r.answered for r in mine)
                why = (f"Your {a.title} result rests on {count_text(answered, 'answer')}"
                       + (f" and says nothing yet about {len(missing)} of its "
                          f"{len(a.topics)} topics" if missing else ""))
            steps.append(MeasureStep(
                assessment=diag, area=a.area, minutes=diag.minutes or 20,
                reason=f"{why}: the {diag.title} ({_assessment_facts(diag)}) gives "
                       "each topic a level before you spend hours studying."))
            for r in mine:
                if r.topic in unsure_refs:
                    unsure.append(Note(a.area, r.topic_title, _unsure_text(r, None)))
            continue
        leaning_at: list[TopicResult] = []
        for r in mine:
            undecided = r.topic in confirm_refs | thin_refs | unsure_refs
            if undecided and r.unseen == 0:
                # Nothing new left to ask: no step can settle it (a set of questions
                # already seen and explained measures nothing), so say so.
                unsure.append(Note(a.area, r.topic_title,
                                   _exhausted_text(r, below=r.topic in confirm_refs)))
                continue
            if r.topic in confirm_refs:
                steps.append(_confirm_step(r))
            elif r.topic in thin_refs or (r.topic in unsure_refs and leaning_below(r, target)):
                # More answers could turn this into a gap: measuring it is part of the plan.
                step = _practice_step(r)
                steps.append(step)
                unsure.append(Note(a.area, r.topic_title, _unsure_text(r, step)))
            elif r.topic in unsure_refs:
                leaning_at.append(r)
        verdict = gaps.area_verdicts.get(a.area)
        if len(leaning_at) > 1 and verdict is not None and verdict.standing == S.AT:
            answered = sorted({r.answered for r in leaning_at})
            each = (f"{answered[0]} answers each" if len(answered) == 1
                    else f"{answered[0]} to {answered[-1]} answers each")
            names = (f" ({join_words([lower_title(r.topic_title) for r in leaning_at])})"
                     if len(leaning_at) <= 3 else "")
            unsure.append(Note(
                a.area, a.title,
                f"{len(leaning_at)} of its topics{names} "
                f"rest on {each}: probably at your target with the area, not confirmed one "
                f"by one; practising a topic in the app ({PRACTICE_QUESTIONS} questions) "
                "settles it."))
        else:
            for r in leaning_at:
                unsure.append(Note(a.area, r.topic_title, _leaning_at_text(r)))
        for ref, title in a.topics:
            if ref not in measured_refs:
                step = MeasureStep(
                    assessment=None, area=a.area, topic=ref, topic_title=title,
                    minutes=PRACTICE_MINUTES,
                    reason=f"No {lower_title(title)} questions answered yet: "
                           f"{PRACTICE_QUESTIONS} practice questions in the app give a "
                           "first reading.")
                steps.append(step)
                unsure.append(Note(a.area, title, "Not measured yet: practise it in the "
                                       "app to get a first reading."))
    # An area measured in part comes before one never measured: finish what was started.
    started = {r.area for r in topics}
    steps.sort(key=lambda m: m.area not in started)
    return steps, unsure


def _more_questions(r: TopicResult) -> str:
    """The practice set that settles a topic, in words: five new questions, or the few
    the app has left that the learner has not been given yet."""
    if r.unseen is None or r.unseen >= PRACTICE_QUESTIONS:
        return f"{PRACTICE_QUESTIONS} more questions in the app"
    if r.unseen == 1:
        return "the one question in the app you have not been given yet"
    return f"the {num(r.unseen)} questions in the app you have not been given yet"


def _practice_step(r: TopicResult) -> MeasureStep:
    return MeasureStep(
        assessment=None, area=r.area, topic=r.topic, topic_title=r.topic_title,
        minutes=PRACTICE_MINUTES,
        reason=(f"{num(r.correct)} of {r.answered} right in {lower_title(r.topic_title)} "
                "cannot tell yet whether you are at "
                f"target; {_more_questions(r)} will."))


def _confirm_step(r: TopicResult) -> MeasureStep:
    return MeasureStep(
        assessment=None, area=r.area, topic=r.topic, topic_title=r.topic_title,
        minutes=PRACTICE_MINUTES,
        reason=(f"{num(r.correct)} of {r.answered} right in {lower_title(r.topic_title)} "
                f"puts you below your target, but {count_text(r.answered, 'answer')} are "
                "too few to plan hours of study on: "
                f"{_more_questions(r)} confirm it first."))


def _exhausted_text(r: TopicResult, *, below: bool) -> str:
    """A topic still undecided whose every live question the learner was given. Only a
    topic the shared decision places below target is said to lean anywhere; for the
    others ("2 of 2 right" on an area with too few answers) no side is claimed."""
    got = (f"{num(r.correct)} of {r.answered} right, and you have been given every "
           f"question the app has on {lower_title(r.topic_title)}")
    if below:
        return (f"{got}: your result is below your target, but on too few answers to plan "
                "hours of study, and the app cannot measure it more closely yet; the "
                "exercises of a course or book on it are the next way to check.")
    return (f"{got}: too few answers to place you, and the app has none left to ask; the "
            "exercises of a course or book on it are the next way to check.")


def _set_size(r: TopicResult) -> str:
    """A practice set's length: five questions, or the new ones left if fewer."""
    if r.unseen is None or r.unseen >= PRACTICE_QUESTIONS:
        return f"{PRACTICE_QUESTIONS} questions"
    return count_text(r.unseen, "new question")


def _leaning_at_text(r: TopicResult) -> str:
    return (f"{num(r.correct)} of {r.answered} right: probably at your target, but too few "
            f"answers to be sure; practising it in the app ({_set_size(r)}) "
            "would settle it.")


def _unsure_text(r: TopicResult, step: MeasureStep | None) -> str:
    got = f"{num(r.correct)} of {r.answered} right"
    if step is None:
        return f"{got}: not enough to tell yet; the diagnostic above settles it."
    return (f"{got}: not enough to tell yet; practise it in the app "
            f"({_set_size(r)}, about {PRACTICE_MINUTES} minutes) to settle it.")
