"""Measurement: IRT ability by EAP with its standard error, topic estimates informed by
the area (a two-level model), adaptive item choice, the stop rule, scaled scores and
percentiles (DESIGN.md §5, docs/measurement.md).

Pure: plain dataclasses in and out, numpy for the arithmetic, no ORM.

The model is a 3PL with a FIXED lower asymptote (never estimated):
P(correct | θ) = c + (1 − c) / (1 + exp(-a (θ - b))), where c is the credit a blind
guess earns on average (``chance_credit``): 1/number-of-options for single-choice and
true/false questions, small for select-all and ordering, 0 for numeric and text. An "I
don't know" answer is an honest wrong answer with no chance of a lucky guess, so it
contributes log(1 − P₂PL) — the asymptote is left out for it — and a learner's own share
of "I don't know" answers scales the asymptote of their other answers
(``guessing_share``). A response with partial credit x contributes
x·log P + (1 − x)·log(1 − P) to the log-likelihood. Ability is the posterior mean under
a N(0, PRIOR_SD²) prior (EAP, by quadrature on a fixed grid); its standard error is the
posterior standard deviation.
"""

from __future__ import annotations

import functools
import itertools
import math
import random
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from . import grading
from .levels import Level, level_for

# Quadrature: a fixed, fine grid; the prior's weights are precomputed once.
GRID = np.linspace(-6.0, 6.0, 121)

#: SD of the normal prior on a learner's area ability. Wider than the N(0, 1) the tier
#: scale was built on: the shipped scale is not anchored to our learners, and a unit
#: prior shrinks strong and weak learners so far that their 95% band missed the truth
#: for 1 in 7 of them (|θ| > 1.5) on the shipped pools (docs/measurement.md "Prior").
PRIOR_SD = 1.25
LOG_PRIOR = -0.5 * (GRID / PRIOR_SD) ** 2

# Priors for uncalibrated questions, from the authored difficulty tier (1..5).
TIER_DIFFICULTY = {1: -2.0, 2: -1.0, 3: 0.0, 4: 1.0, 5: 2.0}
DEFAULT_DISCRIMINATION = 1.0

# Scaled score: a fixed linear map of θ, clipped to the reported range.
SCALE_CENTRE, SCALE_UNIT, SCALE_MIN, SCALE_MAX = 500, 100, 100, 900

PERCENTILE_MINIMUM = 20  # other learners needed before a percentile is shown
Z95 = 1.96


#: Kinds where a blind guess picks one of ``options`` answers: chance success 1/options.
GUESSABLE_KINDS = frozenset({"single", "truefalse"})

#: Between-topic spread of ability inside an area (SD of a topic's deviation from the
#: learner's area ability). From the literature on subscores (sub-domains of one test
#: correlate 0.8–0.9 once unreliability is removed), at the lower end: corr = 1/sqrt(1 +
#: τ²) = 0.82 at τ = 0.7, so a strong area does not hide a topic answered all wrong
#: (docs/measurement.md "Topic estimates").
TOPIC_TAU = 0.7


@dataclass(frozen=True)
class ItemParams:
    a: float  # discrimination
    b: float  # difficulty
    c: float = 0.0  # lower asymptote (chance success), fixed by the kind, never fitted


def guessing_floor(kind: str | None, options: int) -> float:
    """The fixed lower asymptote from the kind and the option count alone: 1/options for
    single choice and true/false, else 0 (use ``chance_credit`` when the key is known)."""
    if kind in GUESSABLE_KINDS and options >= 2:
        return 1.0 / options
    return 0.0


def chance_credit(key: grading.AnswerKey) -> float:
    """The credit a blind guess earns on average: the fixed lower asymptote c.

    - single choice, true/false: one option at random, so the mean of the (non-negative)
      fractions: 1/options with one right option;
    - select all that apply: each option ticked with probability ½, Moodle's fractions
      summed and clamped (wrong picks cost, so this is small: 0.13–0.2 on the shipped
      questions);
    - ordering: a random order; with partial credit each adjacent pair is kept with
      probability 1/n, so 1/n on average, else 1/n!;
    - numeric and text: 0 (nothing to pick from)."""
    n = len(key.choices)
    if key.kind in GUESSABLE_KINDS:
        return sum(max(0.0, c.fraction) for c in key.choices) / n if n else 0.0
    if key.kind == "multiple" and 0 < n <= 12:
        total = 0.0
        for picks in itertools.product((False, True), repeat=n):
            chosen = tuple(c.id for c, p in zip(key.choices, picks, strict=True) if p)
            total += grading.grade(key, grading.Answer(choice_ids=chosen)) if chosen else 0.0
        return total / 2**n
    if key.kind == "ordering" and n >= 2:
        return 1.0 / n if key.partial_credit else 1.0 / math.factorial(n)
    return 0.0


def prior_params(difficulty: int, *, c: float = 0.0) -> ItemParams:
    """The documented prior for a question that has not been calibrated yet; ``c`` is
    its fixed chance success (``chance_credit``)."""
    return ItemParams(a=DEFAULT_DISCRIMINATION, b=TIER_DIFFICULTY.get(int(difficulty), 0.0),
                      c=c)


@dataclass(frozen=True)
class Observation:
    params: ItemParams
    credit: float  # in [0, 1]; partial credit counts as its fraction
    dont_know: bool = False  # "I don't know": wrong, and no lucky guess was possible


def scaled_score(theta: float) -> int:
    value = round(SCALE_CENTRE + SCALE_UNIT * theta)
    return int(min(SCALE_MAX, max(SCALE_MIN, value)))


@dataclass(frozen=True)
class Estimate:
    theta: float
    se: float
    n: int = 0

    @property
    def level(self) -> Level:
        return level_for(self.theta)

    @property
    def low(self) -> float:
        return self.theta - Z95 * self.se

    @property
    def high(self) -> float:
        return self.theta + Z95 * self.se

    @property
    def level_low(self) -> Level:
        return level_for(self.low)

    @property
    def level_high(self) -> Level:
        return level_for(self.high)

    @property
    def scaled(self) -> int:
        return scaled_score(self.theta)


NO_DATA = Estimate(theta=0.0, se=PRIOR_SD, n=0)


def probability(params: ItemParams, theta: float, *, dont_know: bool = False) -> float:
    """P(correct | θ) under the 3PL; without the asymptote for an "I don't know"."""
    p2 = 1.0 / (1.0 + math.exp(-params.a * (theta - params.b)))
    c = 0.0 if dont_know else params.c
    return c + (1.0 - c) * p2


def guessing_share(observations: Sequence[Observation]) -> float:
    """How often this learner guesses when they do not know: 1 − (their "I don't know"
    answers among all their not-right answers), with one pseudo-answer of guessing so that
    a learner who never says "I don't know" is taken to guess (the plain 3PL).

    A learner who answers "I don't know" whenever they do not know gives a right answer
    only when they know it, so crediting their right answers partly to luck would
    underestimate them; a learner who never uses the button may be guessing."""
    dont_know = sum(1 for o in observations if o.dont_know)
    wrong = sum(1 for o in observations if not o.dont_know and o.credit < 0.5)
    return (wrong + 1.0) / (dont_know + wrong + 1.0)


def _log_likelihood(observations: Sequence[Observation], guessing: float = 1.0) -> np.ndarray:
    """The log-likelihood of the observations at every grid point. ``guessing`` scales
    the asymptote: the learner's share of guesses among what they did not know."""
    n = len(observations)
    a = np.fromiter((o.params.a for o in observations), float, n)
    b = np.fromiter((o.params.b for o in observations), float, n)
    floor = guessing * np.fromiter((0.0 if o.dont_know else o.params.c for o in observations),
                                   float, n)
    x = np.clip(np.fromiter((o.credit for o in observations), float, n), 0, 1)
    p2 = 1.0 / (1.0 + np.exp(-a[:, None] * (GRID[None, :] - b[:, None])))
    p = np.clip(floor[:, None] + (1.0 - floor[:, None]) * p2, 1e-12, 1 - 1e-12)
    return x @ np.log(p) + (1.0 - x) @ np.log1p(-p)


def _summary(log_post: np.ndarray, n: int) -> Estimate:
    weights = np.exp(log_post - log_post.max())
    weights /= weights.sum()
    theta = float(weights @ GRID)
    se = float(math.sqrt(max(weights @ (GRID - theta) ** 2, 1e-12)))
    return Estimate(theta=theta, se=se, n=n)


def estimate(observations: Sequence[Observation], *, prior_sd: float = PRIOR_SD) -> Estimate:
    """EAP ability and posterior SD from the observations, all taken to measure one
    ability (no observations: the prior)."""
    if not observations:
        return Estimate(theta=0.0, se=prior_sd, n=0)
    log_prior = -0.5 * (GRID / prior_sd) ** 2
    return _summary(log_prior + _log_likelihood(observations, guessing_share(observations)),
                    len(observations))


def _topic_kernel(tau: float) -> np.ndarray:
    """K[i, j] = N(GRID[i]; GRID[j], τ²), the density of a topic ability at grid point i
    given the area ability at grid point j (each column normalised to sum to 1)."""
    diff = GRID[:, None] - GRID[None, :]
    k = np.exp(-0.5 * (diff / tau) ** 2)
    return k / k.sum(axis=0, keepdims=True)


_KERNELS: dict[float, np.ndarray] = {}


def estimate_topics(by_topic: Mapping[Hashable, Sequence[Observation]],
                    tau: float = TOPIC_TAU) -> dict[Hashable, Estimate]:
    """Topic abilities under a two-level model: area ability θ ~ N(0, PRIOR_SD²), each
    topic's ability θ_t = θ + δ_t with δ_t ~ N(0, τ²), all computed exactly on the grid.

    A topic's posterior is its own likelihood times a prior centred on what the OTHER
    topics say about the area ability (its own answers are never counted twice), so a
    topic with few answers is pulled towards the learner's area, not towards the middle
    of all learners. With one topic only it reduces to a N(0, PRIOR_SD² + τ²) prior."""
    kernel = _KERNELS.get(tau)
    if kernel is None:
        kernel = _KERNELS[tau] = _topic_kernel(tau)
    share = guessing_share([o for obs in by_topic.values() for o in obs])
    logs = {}
    messages = {}  # log m_s(θ_area) = log Σ_i K[i, j]·L_s(i), each up to a constant
    for key, observations in by_topic.items():
        ll = _log_likelihood(observations, share) if observations else np.zeros_like(GRID)
        ll = ll - ll.max()
        logs[key] = ll
        messages[key] = np.log(np.maximum(np.exp(ll) @ kernel, 1e-300))
    total = sum(messages.values(), np.zeros_like(GRID))
    out = {}
    for key, ll in logs.items():
        area_log = LOG_PRIOR + total - messages[key]  # the area, from the other topics
        area = np.exp(area_log - area_log.max())
        prior = kernel @ area  # Σ_j K[i, j]·p(θ_area = j | other topics)
        log_post = np.log(np.maximum(prior, 1e-300)) + ll
        out[key] = _summary(log_post, len(by_topic[key]))
    return out


def estimate_area(by_topic: Mapping[Hashable, Sequence[Observation]],
                  tau: float = TOPIC_TAU) -> Estimate:
    """The area ability under the same two-level model: each topic's answers speak about
    the area through that topic's own deviation (so a topic's luck is not taken for the
    area's ability)."""
    kernel = _KERNELS.get(tau)
    if kernel is None:
        kernel = _KERNELS[tau] = _topic_kernel(tau)
    share = guessing_share([o for obs in by_topic.values() for o in obs])
    log_post = LOG_PRIOR.copy()
    n = 0
    for observations in by_topic.values():
        if not observations:
            continue
        ll = _log_likelihood(observations, share)
        ll = ll - ll.max()
        log_post = log_post + np.log(np.maximum(np.exp(ll) @ kernel, 1e-300))
        n += len(observations)
    if not n:
        return NO_DATA
    return _summary(log_post, n)


def item_information(params: ItemParams, theta: float) -> float:
    """Fisher information of a 3PL item at θ: a²·(P − c)²·(1 − P) / ((1 − c)²·P)."""
    p = probability(params, theta)
    c = params.c
    return params.a * params.a * (p - c) ** 2 * (1.0 - p) / ((1.0 - c) ** 2 * p)


@dataclass(frozen=True)
class Candidate:
    key: Hashable
    params: ItemParams
    topic: str


#: Exposure control: the next question is drawn at random among this many of the most
#: informative ones. Content balance: a topic may be asked when it has at most this many
#: more questions than the least-asked topic. Both were chosen on the shipped pools
#: (bench/simulate_shipped.py): with 6–11 questions per topic, a top-5 draw under strict
#: balance is nearly a random draw and the test does not adapt.
TOP_K = 2
BALANCE_SLACK = 0


def choose_next(candidates: Sequence[Candidate], theta: float, topic_counts: Mapping[str, int],
                rng: random.Random, top_k: int = TOP_K,
                slack: int = BALANCE_SLACK) -> Candidate | None:
    """The next adaptive question.

    Content balance first: only topics with at most ``slack`` more questions than the
    least-asked topic are eligible. Among their candidates, the ``top_k`` most informative
    at θ (3PL information), one chosen at random (exposure control: the single best item
    is not shown to everyone)."""
    if not candidates:
        return None
    fewest = min(topic_counts.get(c.topic, 0) for c in candidates)
    eligible = [c for c in candidates if topic_counts.get(c.topic, 0) <= fewest + slack]
    a = np.array([c.params.a for c in eligible])
    b = np.array([c.params.b for c in eligible])
    floor = np.array([c.params.c for c in eligible])
    p2 = 1.0 / (1.0 + np.exp(-a * (theta - b)))
    p = floor + (1.0 - floor) * p2
    info = a * a * (p - floor) ** 2 * (1.0 - p) / ((1.0 - floor) ** 2 * p)
    best = np.argsort(-info, kind="stable")[:top_k]
    return eligible[int(rng.choice(list(best)))]


#: The adaptive stop rule (docs/measurement.md "Adaptive assessments"): stop once the
#: area's standard error is at most 0.50 — the precision a 24-question fixed diagnostic
#: reaches on the shipped pools (mean posterior SD 0.51–0.54, bench/simulate_shipped.py) —
#: never before 10 questions, at most the assessment's draw total (capped at 30).
SE_TARGET = 0.50
MIN_ITEMS = 10
MAX_ITEMS_CAP = 30


@dataclass(frozen=True)
class StopRule:
    se_target: float = SE_TARGET
    min_items: int = MIN_ITEMS
    max_items: int = MAX_ITEMS_CAP


def adaptive_rule(draw_total: int) -> StopRule:
    """The stop rule of an adaptive assessment drawing at most ``draw_total`` questions."""
    max_items = min(draw_total or MAX_ITEMS_CAP, MAX_ITEMS_CAP)
    return StopRule(se_target=SE_TARGET, min_items=min(MIN_ITEMS, max_items),
                    max_items=max_items)


def should_stop(rule: StopRule, n_answered: int, se: float, n_available: int) -> bool:
    """Stop at the maximum length or once SE <= target, never before the minimum unless
    the pool has run out."""
    if n_available <= 0 or n_answered >= rule.max_items:
        return True
    if n_answered < rule.min_items:
        return False
    return se <= rule.se_target


@dataclass(frozen=True)
class LengthStats:
    """How long an adaptive assessment runs under its stop rule, by simulation with the
    current item parameters (``simulate_lengths``)."""

    median: int
    p90: int
    max_items: int
    learners: int

    def as_dict(self) -> dict:
        return {"median": self.median, "p90": self.p90, "max_items": self.max_items,
                "learners": self.learners}

    @classmethod
    def from_dict(cls, data: Mapping | None) -> LengthStats | None:
        try:
            return cls(int(data["median"]), int(data["p90"]), int(data["max_items"]),
                       int(data["learners"]))
        except (KeyError, TypeError, ValueError):
            return None


def simulate_lengths(candidates: Sequence[Candidate], rule: StopRule, *, learners: int = 120,
                     seed: int = 0) -> LengthStats:
    """Run the stop rule on simulated learners (θ ~ N(0, 1), topic deviations N(0, τ²),
    answering by the model, "I don't know" when they do not know) over ``candidates``
    with their current parameters, and report the median and 90th-percentile length.
    Deterministic in its inputs, so a process remembers the answer (a reload of unchanged
    banks, or many tests loading the same banks, does not simulate again)."""
    return _simulate_lengths(tuple(candidates), rule, learners, seed)


@functools.lru_cache(maxsize=64)
def _simulate_lengths(candidates: tuple[Candidate, ...], rule: StopRule, learners: int,
                      seed: int) -> LengthStats:
    rng = np.random.default_rng(seed)
    pick = random.Random(seed)
    topics = sorted({c.topic for c in candidates})
    lengths = []
    for _ in range(learners):
        theta = rng.normal()
        topic_theta = {t: theta + rng.normal(0.0, TOPIC_TAU) for t in topics}
        pool = list(candidates)
        by_topic: dict[str, list[Observation]] = {}
        counts: dict[str, int] = {}
        n = 0
        est = estimate_area(by_topic)
        while not should_stop(rule, n, est.se, len(pool)):
            item = choose_next(pool, est.theta, counts, pick)
            if item is None:
                break
            pool.remove(item)
            counts[item.topic] = counts.get(item.topic, 0) + 1
            known = rng.random() < probability(item.params, topic_theta[item.topic],
                                               dont_know=True)
            by_topic.setdefault(item.topic, []).append(
                Observation(item.params, 1.0 if known else 0.0, dont_know=not known))
            n += 1
            est = estimate_area(by_topic)
        lengths.append(n)
    return LengthStats(median=int(np.ceil(np.median(lengths))),
                       p90=int(np.ceil(np.percentile(lengths, 90))),
                       max_items=rule.max_items, learners=learners)


def length_claim(stats: LengthStats | None) -> str:
    """What a learner is told about an adaptive assessment's length: only what the
    simulation of the stop rule with the current parameters showed."""
    if stats is None:
        return ""
    if stats.median >= stats.max_items:
        return (f"With the current question data it usually asks all {stats.max_items} "
                "questions: it stops earlier only once your level is measured as precisely "
                "as the fixed diagnostic would, which the uncalibrated questions rarely "
                "allow yet.")
    if stats.p90 >= stats.max_items:
        return (f"Usually about {stats.median} questions; some learners get all "
                f"{stats.max_items} (simulated with the current question data).")
    return (f"Usually about {stats.median} questions, at most {stats.p90} for 9 learners "
            f"in 10 (simulated with the current question data).")


def remaining_from_lengths(stats: LengthStats | None, rule: StopRule, answered: int) -> int:
    """"About N left": the simulated median length minus what is answered (the 90th
    percentile once past the median, the maximum once past that)."""
    left_to_max = max(0, rule.max_items - answered)
    if stats is None:
        return left_to_max
    for length in (stats.median, stats.p90):
        if answered < length:
            return min(left_to_max, max(length - answered, rule.min_items - answered))
    return left_to_max


def percentile(theta: float, others: Sequence[float],
               minimum: int = PERCENTILE_MINIMUM) -> float | None:
    """Percent of other learners below θ (ties count half); None until ``minimum`` exist."""
    values = np.asarray(others, float)
    return percentile_of(Standing(total=len(values), below=int(np.sum(values < theta)),
                                  ties=int(np.sum(values == theta))), minimum)


@dataclass(frozen=True)
class Standing:
    """Other learners counted against one θ (the database counts them)."""

    total: int
    below: int
    ties: int


def percentile_of(standing: Standing, minimum: int = PERCENTILE_MINIMUM) -> float | None:
    """``percentile`` from counts: percent below (ties count half); None until
    ``minimum`` other learners exist."""
    if standing.total < minimum:
        return None
    return 100.0 * (standing.below + 0.5 * standing.ties) / standing.total
