"""Simulation on the SHIPPED pools: how well do the fixed diagnostics and the adaptive
checks measure learners, with honest and with guessing learners?

    .venv/bin/python bench/simulate_shipped.py --learners 400 --seed 7

The banks are read by the pure formats code (quizzes/formats/yaml_bank.py), no database.
Every question has its tier prior parameters (a = 1, b from the difficulty tier), as a
freshly loaded bank does. Simulated learners:

- area ability θ ~ N(0, 1); each topic's ability θ_t = θ + δ_t, δ_t ~ N(0, τ²) with the
  documented τ (docs/measurement.md "Topic estimates");
- a learner *knows* a question with the 2PL probability at θ_t. When they do not know it,
  an **honest** learner answers "I don't know" (or a wrong answer, where the app has no
  such button: the bench of the code before it had none) and a **guessing** learner
  guesses at random on choice questions (single, true/false: one option at random;
  select-all: each option with probability ½, graded by Moodle's fractions; ordering: a
  random order, graded with partial credit) and gets numeric and text questions wrong.

For each area's fixed diagnostic and adaptive check (as drawn by assessments.yaml), the
app's own code estimates the area ability and the topic abilities, and the shared
decision function (quizzes/standing.py) classifies every topic as below / at the
Proficient target. Reported: length (mean, median, 90th percentile), RMSE and bias of the
area estimate, coverage of its 95% interval (all learners and |θ| > 1.5), and the share
of topics correctly classified among those whose true ability is at least 0.5 from the
target (an "unsure" or "not enough" verdict counts as not correct; its rate is shown).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quizzes import grading, measurement, standing  # noqa: E402
from quizzes.formats.yaml_bank import parse_bank  # noqa: E402
from quizzes.levels import JOB_READY, level_floor  # noqa: E402

AREAS = ("maths", "dsa", "git", "cloud", "production-code", "command-line")
BANKS = ROOT / "quizzes" / "banks"
TARGET = level_floor(JOB_READY)
HAS_3PL = hasattr(measurement, "chance_credit")
TAU = getattr(measurement, "TOPIC_TAU", 0.5)


@dataclass(frozen=True)
class Item:
    key: str
    topic: str
    kind: str
    params: measurement.ItemParams
    options: int
    key_for_grading: grading.AnswerKey


def load_items(area: str) -> list[Item]:
    bank = parse_bank((BANKS / f"{area}.yaml").read_text())
    items = []
    for q in bank.questions:
        options = len(q.choices)
        choices = tuple(grading.ChoiceKey(i, c.fraction) for i, c in enumerate(q.choices))
        key = grading.key_from_data(q.kind, choices, q.data)
        if HAS_3PL:
            params = measurement.prior_params(q.difficulty, c=measurement.chance_credit(key))
        else:
            params = measurement.prior_params(q.difficulty)
        items.append(Item(q.slug, q.topic, q.kind, params, options, key))
    return items


def load_assessments() -> dict[str, dict]:
    bank = parse_bank((BANKS / "assessments.yaml").read_text())
    # Per-area checks only (the readiness check draws per area, not per topic).
    return {a.slug: {"mode": a.mode, "area": a.area,
                     "draw": [(ref.split("/")[1], n) for ref, n in a.draw if "/" in ref]}
            for a in bank.assessments if a.area}


class Learner:
    def __init__(self, theta: float, topic_theta: dict[str, float], guesses: bool,
                 rng: np.random.Generator):
        self.theta, self.topic_theta, self.guesses, self.rng = theta, topic_theta, guesses, rng

    def answer(self, item: Item) -> measurement.Observation:
        p = item.params
        theta = self.topic_theta[item.topic]
        known = self.rng.random() < 1.0 / (1.0 + np.exp(-p.a * (theta - p.b)))
        if known:
            return _observation(item, 1.0, dont_know=False)
        if not self.guesses:
            return _observation(item, 0.0, dont_know=True)
        return _observation(item, self._guess(item), dont_know=False)

    def _guess(self, item: Item) -> float:
        n = item.options
        if item.kind in ("single", "truefalse"):
            pick = int(self.rng.integers(n))
            return grading.grade(item.key_for_grading, grading.Answer(choice_ids=(pick,)))
        if item.kind == "multiple":
            picks = tuple(i for i in range(n) if self.rng.random() < 0.5)
            return grading.grade(item.key_for_grading, grading.Answer(choice_ids=picks))
        if item.kind == "ordering":
            order = [int(i) for i in self.rng.permutation(n)]
            return grading.grade(item.key_for_grading, grading.Answer(choice_ids=tuple(order)))
        return 0.0


def _observation(item: Item, credit: float, *, dont_know: bool) -> measurement.Observation:
    if HAS_3PL:
        return measurement.Observation(item.params, credit, dont_know=dont_know)
    return measurement.Observation(item.params, credit)


def estimates(answers: list[tuple[Item, measurement.Observation]]):
    """(area estimate, {topic: (estimate, answered)}) as the app computes them."""
    by_topic: dict[str, list[measurement.Observation]] = {}
    for item, o in answers:
        by_topic.setdefault(item.topic, []).append(o)
    if hasattr(measurement, "estimate_area"):
        area = measurement.estimate_area(by_topic)
    else:
        area = measurement.estimate([o for _, o in answers])
    if hasattr(measurement, "estimate_topics"):
        topics = measurement.estimate_topics(by_topic)
    else:
        topics = {t: measurement.estimate(obs) for t, obs in by_topic.items()}
    return area, {t: (topics[t], len(by_topic[t])) for t in by_topic}


def run_fixed(learner: Learner, items: list[Item], draw, pick: random.Random):
    by_topic: dict[str, list[Item]] = {}
    for it in items:
        by_topic.setdefault(it.topic, []).append(it)
    form = []
    for topic, n in draw:
        form += pick.sample(by_topic[topic], min(n, len(by_topic[topic])))
    return estimates([(it, learner.answer(it)) for it in form])


def adaptive_rule(draw):
    total = sum(n for _, n in draw)
    if hasattr(measurement, "adaptive_rule"):
        return measurement.adaptive_rule(total)
    max_items = min(total, 30)
    default = measurement.StopRule()
    return measurement.StopRule(default.se_target, min(default.min_items, max_items), max_items)


def stop_estimate(answers):
    """The estimate the stop rule looks at: the reported area estimate."""
    if hasattr(measurement, "estimate_area"):
        by_topic: dict[str, list] = {}
        for item, o in answers:
            by_topic.setdefault(item.topic, []).append(o)
        return measurement.estimate_area(by_topic)
    return measurement.estimate([o for _, o in answers])


def run_adaptive(learner: Learner, items: list[Item], draw, rule, pick: random.Random):
    topics = {t for t, _ in draw}
    pool = {it.key: it for it in items if it.topic in topics}
    candidates = [measurement.Candidate(it.key, it.params, it.topic) for it in pool.values()]
    answers: list[tuple[Item, measurement.Observation]] = []
    counts: dict[str, int] = {}
    est = measurement.estimate([])
    while not measurement.should_stop(rule, len(answers), est.se, len(candidates)):
        chosen = measurement.choose_next(candidates, est.theta, counts, pick)
        if chosen is None:
            break
        candidates.remove(chosen)
        item = pool[chosen.key]
        counts[item.topic] = counts.get(item.topic, 0) + 1
        answers.append((item, learner.answer(item)))
        est = stop_estimate(answers)
    return estimates(answers)


@dataclass
class Tally:
    lengths: list
    errors: list
    covered: list
    tails: list
    ses: list
    topic_right: int = 0
    topic_unsure: int = 0
    topic_total: int = 0

    def add(self, theta, topic_theta, area, topics):
        self.lengths.append(area.n)
        self.errors.append(area.theta - theta)
        self.ses.append(area.se)
        inside = abs(area.theta - theta) <= 1.96 * area.se
        self.covered.append(inside)
        if abs(theta) > 1.5:
            self.tails.append(inside)
        for t, (est, answered) in topics.items():
            truth = topic_theta[t]
            if abs(truth - TARGET) < 0.5:
                continue
            verdict = standing.decide(est.theta, est.se, answered, scope="topic")
            self.topic_total += 1
            expected = standing.Standing.AT if truth >= TARGET else standing.Standing.BELOW
            self.topic_right += verdict.standing is expected
            self.topic_unsure += verdict.standing in (standing.Standing.UNSURE,
                                                      standing.Standing.NOT_ENOUGH)

    def row(self, label):
        err = np.array(self.errors)
        lengths = np.array(self.lengths)
        tails = f"{100 * np.mean(self.tails):.1f}%" if self.tails else "—"
        return (f"| {label} | {lengths.mean():.1f} | {np.median(lengths):.0f} | "
                f"{np.percentile(lengths, 90):.0f} | {np.sqrt(np.mean(err**2)):.3f} | "
                f"{err.mean():+.3f} | {np.mean(self.ses):.3f} | "
                f"{100 * np.mean(self.covered):.1f}% | {tails} | "
                f"{100 * self.topic_right / max(1, self.topic_total):.1f}% | "
                f"{100 * self.topic_unsure / max(1, self.topic_total):.1f}% |")


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=400, help="per area and learner kind")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--tau", type=float, default=TAU, help="true topic deviation SD")
    parser.add_argument("--areas", default=",".join(AREAS))
    args = parser.parse_args(argv)
    started = time.perf_counter()
    assessments = load_assessments()
    results = {}
    print(f"{args.learners} learners per area and kind, θ ~ N(0, 1), topic deviations "
          f"N(0, {args.tau}²), seed {args.seed}; 3PL/I don't know: {HAS_3PL}\n")
    print("| learners | test | mean length | median | 90th pct | RMSE | bias | mean SE "
          "| coverage 95% | coverage, abs θ > 1.5 | topics classified right "
          "| topics unsure/not enough |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for guesses in (False, True):
        kind = "guessing" if guesses else "honest"
        tallies = {"fixed": Tally([], [], [], [], []), "adaptive": Tally([], [], [], [], [])}
        for area in args.areas.split(","):
            items = load_items(area)
            rng = np.random.default_rng([args.seed, AREAS.index(area), guesses])
            rng_fixed = np.random.default_rng([args.seed, AREAS.index(area), guesses, 1])
            rng_adaptive = np.random.default_rng([args.seed, AREAS.index(area), guesses, 2])
            pick = random.Random(f"{args.seed}-{area}-{guesses}")
            topics = sorted({it.topic for it in items})
            fixed = assessments[f"{area}-diagnostic"]["draw"]
            adaptive = assessments[f"{area}-adaptive"]["draw"]
            rule = adaptive_rule(adaptive)
            for _ in range(args.learners):
                theta = float(rng.normal())
                topic_theta = {t: theta + float(rng.normal(0, args.tau)) for t in topics}
                learner = Learner(theta, topic_theta, guesses, rng_fixed)
                tallies["fixed"].add(theta, topic_theta, *run_fixed(learner, items, fixed, pick))
                learner = Learner(theta, topic_theta, guesses, rng_adaptive)
                tallies["adaptive"].add(theta, topic_theta,
                                        *run_adaptive(learner, items, adaptive, rule, pick))
        for test, tally in tallies.items():
            print(tally.row(f"{kind} | {test}"))
            results[(kind, test)] = tally
    print(f"\n({time.perf_counter() - started:.0f} s)")
    return results


if __name__ == "__main__":
    main()
