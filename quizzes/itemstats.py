"""Classical item analysis of one assessment with Moodle's quiz-statistics formulas
(docs/item-statistics.md; Moodle Developer Docs "Quiz statistics calculations" and
``question/classes/statistics/questions/calculator.php``). Pure: plain dataclasses in
and out, no ORM.

Notation (Moodle's): an attempt ``i`` scores ``x_p(i)`` on question ``p`` (a credit in
[0, 1], so Moodle's maximum mark is 1 and its minimum 0) and ``T(i)`` on the test (the sum
of its credits); ``X_p(i) = T(i) - x_p(i)`` is the rest of the test. Variances and
covariances divide by ``s - 1``.

Different questions per attempt. Our attempts draw their questions at random from topic
pools, so the same question is not in every attempt, and positions are shuffled. Moodle
handles a quiz made of random questions in two ways, and so do we:

* **per question** (Moodle's statistics of the questions a random slot drew): every
  figure of question ``p`` is computed from the attempts that contained it, ``s_p`` of
  them, and only those;
* **per position** ("slot", Moodle's statistics of a random question slot: whatever
  question an attempt showed at position k): the test-level coefficient of internal
  consistency sums the position variances, and effective weights are shares of the sum
  of the positions' ``sqrt(C(x_k, T))``. Positions exist only when every attempt has the
  same length (fixed forms; an adaptive assessment's attempts differ), otherwise alpha,
  error ratio, standard error and effective weights are ``None`` and ``TestStats.note``
  says why.

Where Moodle's code correlates a random slot's sub-question with the whole total (its
own credit included), we follow the documented formula, the rest of the test, for every
question: including the item's own credit inflates its discrimination.

All figures are fractions (Moodle prints them ×100 as percentages).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

#: Fewer responses than this and a question is "not enough attempts", never judged: the
#: standard error of a correlation is about 1/sqrt(n), 0.18 at 30.
MIN_RESPONSES = 30
#: A question discriminating less than this (the rest-of-test correlation) is flagged.
MIN_DISCRIMINATION = 0.2
#: A question outside this facility band is flagged: nearly nobody or nearly everybody
#: gets it, so it tells learners apart little.
MIN_FACILITY = 0.1
MAX_FACILITY = 0.95

NOT_ENOUGH = "not enough attempts ({n} < {min})"
TOO_HARD = "facility {f:.0%} below {min:.0%}"
TOO_EASY = "facility {f:.0%} above {max:.0%}"
LOW_DISCRIMINATION = "discrimination index {d:.0%} below {min:.0%}"
NO_DISCRIMINATION = "discrimination undefined (no spread in its credits or the rest of the test)"

UNEQUAL_LENGTHS = ("Attempts differ in length (adaptive), so there are no positions to "
                   "sum: alpha, error ratio, standard error and effective weights need a "
                   "fixed form.")
TOO_FEW_FOR_ALPHA = ("Alpha needs at least 3 attempts of at least 2 questions with a spread "
                     "of scores.")

#: Kinds whose random guess score is the mean credit of their options; Moodle leaves
#: select-all-that-apply blank (no single guessing strategy) and so do we for ordering.
_OPTION_GUESS_KINDS = {"single", "truefalse"}
_TYPED_KINDS = {"numeric", "text"}


@dataclass(frozen=True)
class Option:
    """A choice of one version of a question: its id, the version it belongs to and its
    fraction (the credit it gives a single-choice answer)."""

    key: int
    version: int
    fraction: float


@dataclass(frozen=True)
class QuestionInfo:
    """What the analysis needs of a question: its kind (of the newest version) and the
    options of every version that appeared (empty for typed and ordering answers)."""

    key: int
    kind: str
    options: tuple[Option, ...] = ()


@dataclass(frozen=True)
class ItemResponse:
    """One question in one attempt: its credit, the version shown, and the options chosen
    (``answered`` False: left blank, credit 0)."""

    question: int
    credit: float
    version: int = 0
    chosen: tuple[int, ...] = ()
    answered: bool = True


@dataclass(frozen=True)
class AttemptScores:
    """A graded attempt: its responses in position order."""

    key: int
    responses: tuple[ItemResponse, ...]

    @cached_property
    def total(self) -> float:
        return sum(r.credit for r in self.responses)

    @cached_property
    def score(self) -> float:
        """Fraction of full credit: comparable across attempts of different lengths."""
        return self.total / len(self.responses) if self.responses else 0.0


@dataclass(frozen=True)
class OptionStat:
    """How often an option was chosen by the attempts shown its version, overall and by
    the top and bottom thirds of attempts ranked by score (None: the group saw none)."""

    key: int
    version: int
    fraction: float
    count: int
    rate: float | None
    top_rate: float | None
    bottom_rate: float | None


@dataclass(frozen=True)
class QuestionStats:
    question: int
    n: int
    facility: float | None
    sd: float | None
    random_guess: float | None
    discrimination: float | None
    discriminative_efficiency: float | None
    effective_weight: float | None
    omitted: int = 0
    options: tuple[OptionStat, ...] = ()
    flags: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class TestStats:
    """Test-level figures; scores are fractions of full credit."""

    n_attempts: int
    length: int | None
    mean: float | None
    median: float | None
    sd: float | None
    skewness: float | None
    kurtosis: float | None
    alpha: float | None
    error_ratio: float | None
    standard_error: float | None
    note: str = ""


@dataclass(frozen=True)
class Analysis:
    test: TestStats
    questions: tuple[QuestionStats, ...]


def random_guess_score(kind: str, fractions: Sequence[float]) -> float | None:
    """The mean credit of a blind guess, as Moodle's question types define it: single
    choice and true/false = the mean of the options' credits (1/n with one right option);
    typed answers (numeric, short text) = 0; select-all-that-apply and ordering = None."""
    if kind in _OPTION_GUESS_KINDS:
        return sum(max(0.0, f) for f in fractions) / len(fractions) if fractions else None
    if kind in _TYPED_KINDS:
        return 0.0
    return None


def _mean(xs: Sequence[float]) -> float:
    return sum(xs) / len(xs)


def _cov(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Sample covariance (divides by s - 1); needs s >= 2."""
    mx, my = _mean(xs), _mean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / (len(xs) - 1)


def _question_figures(xs: list[float], rest: list[float], totals: list[float]):
    """(facility, sd, discrimination, efficiency, covariance with the total) of one
    question from its credits, the rest-of-test scores and the totals of its attempts."""
    s = len(xs)
    facility = _mean(xs) if s else None
    if s < 2:
        return facility, None, None, None, None
    var_x, var_rest = _cov(xs, xs), _cov(rest, rest)
    cov = _cov(xs, rest)
    # The largest covariance these two marginals allow: both sorted, paired in order.
    cov_max = _cov(sorted(xs), sorted(rest))
    disc = cov / math.sqrt(var_x * var_rest) if var_x * var_rest > 0 else None
    eff = cov / cov_max if cov_max else None
    return facility, math.sqrt(var_x), disc, eff, _cov(xs, totals)


def flags_for(n: int, facility: float | None, discrimination: float | None, *,
              min_responses: int = MIN_RESPONSES) -> tuple[str, ...]:
    """Why a question needs attention ("" reasons none). Below ``min_responses`` the only
    reason is that there are not enough attempts to judge it."""
    if n < min_responses:
        return (NOT_ENOUGH.format(n=n, min=min_responses),)
    out = []
    if facility is not None and facility < MIN_FACILITY:
        out.append(TOO_HARD.format(f=facility, min=MIN_FACILITY))
    if facility is not None and facility > MAX_FACILITY:
        out.append(TOO_EASY.format(f=facility, max=MAX_FACILITY))
    if discrimination is None:
        out.append(NO_DISCRIMINATION)
    elif discrimination < MIN_DISCRIMINATION:
        out.append(LOW_DISCRIMINATION.format(d=discrimination, min=MIN_DISCRIMINATION))
    return tuple(out)


def _test_stats(attempts: Sequence[AttemptScores]) -> tuple[TestStats, float | None]:
    """The test-level figures and the sum of the positions' sqrt(C(x_k, T)) (None when
    effective weights cannot be computed)."""
    s = len(attempts)
    if not s:
        return TestStats(0, None, None, None, None, None, None, None, None, None), None
    scores = [a.score for a in attempts]
    lengths = {len(a.responses) for a in attempts}
    length = lengths.pop() if len(lengths) == 1 else None
    mean, median = _mean(scores), statistics.median(scores)
    sd = skew = kurt = alpha = ratio = sem = None
    note = "" if length else UNEQUAL_LENGTHS
    if s > 1:
        power2 = sum((x - mean) ** 2 for x in scores)
        sd = math.sqrt(power2 / (s - 1))
    if s > 2:
        # Moodle's sample skewness and kurtosis (k-statistics).
        m2 = sum((x - mean) ** 2 for x in scores) / s
        m3 = sum((x - mean) ** 3 for x in scores) / s
        m4 = sum((x - mean) ** 4 for x in scores) / s
        k2 = s * m2 / (s - 1)
        k3 = s * s * m3 / ((s - 1) * (s - 2))
        if k2:
            skew = k3 / k2 ** 1.5
            if s > 3:
                k4 = s * s * ((s + 1) * m4 - 3 * (s - 1) * m2 * m2) / ((s - 1) * (s - 2) * (s - 3))
                kurt = k4 / (k2 * k2)
    sum_sqrt_cov = None
    if length:
        totals = [a.total for a in attempts]
        if s > 2 and length > 1 and _cov(totals, totals) > 0:
            positions = [[a.responses[k].credit for a in attempts] for k in range(length)]
            sum_var = sum(_cov(xk, xk) for xk in positions)
            alpha = length / (length - 1) * (1 - sum_var / _cov(totals, totals))
            ratio = math.sqrt(1 - alpha)
            sem = ratio * sd
            covs = [_cov(xk, totals) for xk in positions]
            sum_sqrt_cov = sum(math.sqrt(c) for c in covs if c >= 0) or None
        else:
            note = TOO_FEW_FOR_ALPHA
    test = TestStats(s, length, mean, median, sd, skew, kurt, alpha, ratio, sem, note)
    return test, sum_sqrt_cov


def _thirds(attempts: Sequence[AttemptScores]) -> tuple[set[int], set[int]]:
    """Keys of the top and bottom thirds of attempts by score (ties by key, so the cut is
    the same on every run); empty below 3 attempts."""
    ranked = sorted(attempts, key=lambda a: (a.score, a.key))
    k = len(ranked) // 3
    if not k:
        return set(), set()
    return {a.key for a in ranked[-k:]}, {a.key for a in ranked[:k]}


def _option_stats(info: QuestionInfo, seen: list[tuple[int, ItemResponse]],
                  top: set[int], bottom: set[int]) -> tuple[OptionStat, ...]:
    def rate(count: int, of: int) -> float | None:
        return count / of if of else None

    out = []
    for opt in info.options:
        shown = [(key, r) for key, r in seen if r.version == opt.version]
        picked = [(key, r) for key, r in shown if opt.key in r.chosen]
        out.append(OptionStat(
            key=opt.key, version=opt.version, fraction=opt.fraction, count=len(picked),
            rate=rate(len(picked), len(shown)),
            top_rate=rate(sum(1 for k, _ in picked if k in top),
                          sum(1 for k, _ in shown if k in top)),
            bottom_rate=rate(sum(1 for k, _ in picked if k in bottom),
                             sum(1 for k, _ in shown if k in bottom))))
    return tuple(out)


def analyse(attempts: Sequence[AttemptScores], questions: Sequence[QuestionInfo], *,
            min_responses: int = MIN_RESPONSES) -> Analysis:
    """Item statistics of every question in ``questions`` from the graded ``attempts``
    (each learner's first, as Moodle does by default; the caller picks them). A question
    no attempt contained gets n = 0 and no figures."""
    test, sum_sqrt_cov = _test_stats(attempts)
    top, bottom = _thirds(attempts)
    by_question: dict[int, list[tuple[AttemptScores, ItemResponse]]] = {}
    for a in attempts:
        for r in a.responses:
            by_question.setdefault(r.question, []).append((a, r))
    out = []
    for info in questions:
        seen = by_question.get(info.key, [])
        xs = [r.credit for _, r in seen]
        totals = [a.total for a, _ in seen]
        rest = [t - x for t, x in zip(totals, xs, strict=True)]
        facility, sd, disc, eff, cov_total = _question_figures(xs, rest, totals)
        weight = None
        if sum_sqrt_cov and cov_total is not None and cov_total >= 0:
            weight = math.sqrt(cov_total) / sum_sqrt_cov
        newest = max((o.version for o in info.options), default=None)
        guess = random_guess_score(
            info.kind, [o.fraction for o in info.options if o.version == newest])
        out.append(QuestionStats(
            question=info.key, n=len(seen), facility=facility, sd=sd, random_guess=guess,
            discrimination=disc, discriminative_efficiency=eff, effective_weight=weight,
            omitted=sum(1 for _, r in seen if not r.answered),
            options=_option_stats(info, [(a.key, r) for a, r in seen], top, bottom),
            flags=flags_for(len(seen), facility, disc, min_responses=min_responses)))
    return Analysis(test=test, questions=tuple(out))
