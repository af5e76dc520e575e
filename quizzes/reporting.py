"""What a learner is told about one ability estimate: the level, its 95% range in levels,
the scaled score, the verdict against their target, or "not enough answers yet".

Pure: numbers in, a frozen ``Reading`` out; no ORM. Every page that shows a level (the
result, the dashboard, the home page, the history) builds a ``Reading`` so the pages
cannot disagree (DESIGN.md §5, docs/measurement.md "What a learner is told").

Rules kept here, once:
- No level without evidence: ``standing.decide`` says NOT_ENOUGH below the minimum of
  answered questions, and then no level, range or scaled score is claimed.
- One rounding rule: the level shown is the level of the scaled score shown. θ is mapped
  to the scaled score (``measurement.scaled_score``) and the level is read back from that
  integer, so "550" is always Proficient and "549" always Competent, even for a θ a hair
  below a cut (0.495 shows 550 and Proficient, never 550 and Competent).
- One notion of uncertainty: the 95% interval θ ± 1.96·SE, shown as a range of levels
  ("Novice to Emerging") and of scaled scores. θ and SE appear only under "details".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from . import measurement
from .levels import JOB_READY, Level, level_for
from .standing import MIN_ANSWERED_AREA, MIN_ANSWERED_TOPIC, Standing, Verdict, decide
from .wording import signed

Z95 = measurement.Z95


def shown_level(theta: float) -> Level:
    """The level of θ as the page shows it: the band its rounded scaled score falls in."""
    scaled = measurement.scaled_score(theta)
    return level_for((scaled - measurement.SCALE_CENTRE) / measurement.SCALE_UNIT)


def level_range(low: Level, high: Level) -> str:
    """"Novice to Emerging", or one level when the whole 95% range lies inside it."""
    return low.label if low == high else f"{low.label} to {high.label}"


@dataclass(frozen=True)
class AnswerCounts:
    asked: int
    answered: int  # includes "I don't know"
    blank: int
    dont_know: int


def is_dont_know(answer) -> bool:
    return isinstance(answer, dict) and answer.get("dont_know") is True


def count_answers(answers: Iterable[object]) -> AnswerCounts:
    """Answered / left blank / "I don't know" among stored answers (None = left blank;
    ``{"dont_know": true}`` is an honest answer, so it counts as answered)."""
    asked = answered = dont_know = 0
    for answer in answers:
        asked += 1
        if answer is None:
            continue
        answered += 1
        dont_know += is_dont_know(answer)
    return AnswerCounts(asked, answered, asked - answered, dont_know)


@dataclass(frozen=True)
class Reading:
    """One topic's or area's estimate as words and numbers a learner can trust."""

    theta: float | None
    se: float | None
    answered: int
    verdict: Verdict
    target: Level
    scope: str

    @property
    def has_level(self) -> bool:
        return self.verdict.standing != Standing.NOT_ENOUGH

    @property
    def standing(self) -> Standing:
        return self.verdict.standing

    @property
    def tone(self) -> str:
        """The CSS class of this reading's colour: it follows the verdict, never a
        percentage ("below", "unsure", "at", "not-enough")."""
        return self.verdict.standing.value

    @property
    def level(self) -> Level | None:
        return shown_level(self.theta) if self.has_level else None

    @property
    def low(self) -> float | None:
        return self.theta - Z95 * self.se if self.has_level else None

    @property
    def high(self) -> float | None:
        return self.theta + Z95 * self.se if self.has_level else None

    @property
    def level_low(self) -> Level | None:
        return shown_level(self.low) if self.has_level else None

    @property
    def level_high(self) -> Level | None:
        return shown_level(self.high) if self.has_level else None

    @property
    def range_label(self) -> str:
        if not self.has_level:
            return ""
        return level_range(self.level_low, self.level_high)

    @property
    def uncertainty(self) -> str:
        """The uncertainty in words, always the 95% range."""
        if not self.has_level:
            return ""
        if self.level_low == self.level_high:
            return f"95% range: within {self.level.label}"
        return f"95% range: {self.range_label}"

    @property
    def scaled(self) -> int | None:
        return measurement.scaled_score(self.theta) if self.has_level else None

    @property
    def scaled_low(self) -> int | None:
        return measurement.scaled_score(self.low) if self.has_level else None

    @property
    def scaled_high(self) -> int | None:
        return measurement.scaled_score(self.high) if self.has_level else None

    @property
    def minimum(self) -> int:
        return MIN_ANSWERED_AREA if self.scope == "area" else MIN_ANSWERED_TOPIC

    @property
    def headline(self) -> str:
        """The level, or the honest "Not enough answers yet"."""
        return self.level.label if self.has_level else Standing.NOT_ENOUGH.label

    @property
    def theta_text(self) -> str:
        return "—" if self.theta is None else signed(self.theta, 2)

    @property
    def se_text(self) -> str:
        return "—" if self.se is None else f"{self.se:.2f}"

    @property
    def interval_text(self) -> str:
        """The 95% interval on the θ scale (for the details disclosure)."""
        if self.theta is None or self.se is None:
            return "—"
        return (f"{signed(self.theta - Z95 * self.se, 2)} to "
                f"{signed(self.theta + Z95 * self.se, 2)}")


def read(theta: float | None, se: float | None, answered: int, *, scope: str = "topic",
         target: Level = JOB_READY) -> Reading:
    """The reading of one estimate. ``theta`` None (never measured) reads as not enough."""
    if theta is None or se is None:
        verdict = Verdict(Standing.NOT_ENOUGH, None)
    else:
        verdict = decide(theta, se, answered, target=target, scope=scope)
    return Reading(theta=theta, se=se, answered=answered, verdict=verdict, target=target,
                   scope=scope)


def _names(titles: list[str]) -> str:
    if len(titles) <= 2:
        return " and ".join(titles)
    return f"{', '.join(titles[:-1])} and {titles[-1]}"


def summary_sentence(overall: Reading | None, subject: str | None,
                     parts: Iterable[tuple[str, Reading]], counts: AnswerCounts) -> str:
    """The result page's first sentence ("Novice in Mathematics: strongest in Linear
    algebra, weakest in Probability; 18 of 24 left blank.").

    ``overall`` is the reading the page shows as the level (None for a check across areas,
    which has no single level); ``parts`` are the topics (or areas) with their readings.
    Strongest and weakest are claimed only between parts that have a level (enough
    evidence) and only when their shown levels differ, so the sentence never says more
    than the table below it; ties are all named."""
    if overall is None:
        head = "Across areas" if subject is None else subject
    elif overall.has_level:
        head = f"{overall.level.label} in {subject}" if subject else overall.level.label
    else:
        head = f"Not enough answers yet for a level{f' in {subject}' if subject else ''}"
    measured = [(title, r.level) for title, r in parts if r.has_level]
    clause = ""
    if len(measured) >= 2:
        top = max(level for _, level in measured)
        bottom = min(level for _, level in measured)
        if top != bottom:
            strongest = [t for t, level in measured if level == top]
            weakest = [t for t, level in measured if level == bottom]
            clause = (f": strongest in {_names(strongest)} ({top.label}), "
                      f"weakest in {_names(weakest)} ({bottom.label})")
    if counts.blank:
        tail = f"{counts.blank} of {counts.asked} left blank"
    else:
        tail = f"all {counts.asked} answered"
    return f"{head}{clause}; {tail}."


NOTHING_MEASURED = ("Nothing measured yet: take an assessment in any area and this page "
                    "shows where you stand.")


def dashboard_sentence(parts: Iterable[tuple[str, Reading]], target: Level) -> str:
    """The dashboard's first sentence, true to ``standing.decide`` for every area ("At your
    target (Proficient) in 1 of 6 areas; below it in Mathematics and Git; not sure yet in
    Cloud systems; 3 areas not measured yet.").

    An area whose reading has nothing behind it (no answer) is "not measured"; one with
    answers but fewer than a level needs "needs more answers". "At", "below" and "not sure"
    are exactly the verdicts the lines under the sentence show."""
    parts = list(parts)
    by: dict[Standing, list[str]] = {s: [] for s in Standing}
    unmeasured = []
    for title, reading in parts:
        if reading.theta is None and reading.answered == 0:
            unmeasured.append(title)
        else:
            by[reading.standing].append(title)
    if len(unmeasured) == len(parts):
        return NOTHING_MEASURED
    n, at = len(parts), len(by[Standing.AT])
    if at == n:
        return f"Job-ready by your target: at {target.label} or above in all {n} areas."
    if at:
        clauses = [f"At your target ({target.label}) in {at} of {n} areas"]
    else:
        clauses = [f"No area confirmed at your target ({target.label}) yet"]
    if by[Standing.BELOW]:
        clauses.append(f"below it in {_names(by[Standing.BELOW])}")
    if by[Standing.UNSURE]:
        clauses.append(f"not sure yet in {_names(by[Standing.UNSURE])}")
    if by[Standing.NOT_ENOUGH]:
        clauses.append(f"{_names(by[Standing.NOT_ENOUGH])} "
                       f"{'needs' if len(by[Standing.NOT_ENOUGH]) == 1 else 'need'} more answers")
    if unmeasured:
        k = len(unmeasured)
        clauses.append(f"{k} {'area' if k == 1 else 'areas'} not measured yet")
    return "; ".join(clauses) + "."
