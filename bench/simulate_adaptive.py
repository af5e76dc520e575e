"""Simulation: does the EAP recover known abilities, and does the adaptive test reach the
same precision as a fixed form with fewer questions?

    .venv/bin/python bench/simulate_adaptive.py [--learners 2000] [--seed 11]

Simulated learners with θ ~ N(0, 1) answer a simulated bank by the 2PL model. Two banks:
"calibrated" (300 questions, 5 topics, a ~ U(0.8, 2.2), b ~ N(0, 1.2)), what an area looks
like once `calibrate_items` has run; and "tier priors" (45 questions, a = 1, b from the
tier), what a freshly shipped bank looks like before any calibration. The adaptive test
uses the app's own `choose_next` and `should_stop` (SE <= 0.30, min 8, max 30 questions);
the fixed form draws the same number of questions at random, balanced over topics.
Pure numpy + quizzes.measurement; no database.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quizzes.measurement import (
    TIER_DIFFICULTY,
    Candidate,
    ItemParams,
    Observation,
    StopRule,
    choose_next,
    estimate,
    should_stop,
)

TOPICS = 5


def calibrated_bank(rng: np.random.Generator, n: int = 300) -> list[Candidate]:
    a = rng.uniform(0.8, 2.2, n)
    b = rng.normal(0, 1.2, n)
    return [Candidate(i, ItemParams(float(a[i]), float(b[i])), f"t{i % TOPICS}") for i in range(n)]


def prior_bank(n: int = 45) -> list[Candidate]:
    tiers = [1, 2, 2, 3, 3, 3, 4, 4, 5]
    return [Candidate(i, ItemParams(1.0, TIER_DIFFICULTY[tiers[i % len(tiers)]]), f"t{i % TOPICS}")
            for i in range(n)]


def answer(rng: np.random.Generator, theta: float, p: ItemParams) -> float:
    return float(rng.random() < 1 / (1 + np.exp(-p.a * (theta - p.b))))


def adaptive(theta, bank, rule, rng, pick_rng):
    seen: list[Observation] = []
    remaining = list(bank)
    counts: dict[str, int] = {}
    est = estimate(seen)
    while not should_stop(rule, len(seen), est.se, len(remaining)):
        item = choose_next(remaining, est.theta, counts, pick_rng)
        remaining.remove(item)
        counts[item.topic] = counts.get(item.topic, 0) + 1
        seen.append(Observation(item.params, answer(rng, theta, item.params)))
        est = estimate(seen)
    return est


def fixed(theta, bank, length, rng, pick_rng):
    by_topic = {t: [c for c in bank if c.topic == t] for t in sorted({c.topic for c in bank})}
    form = []
    for k in range(length):
        pool = [c for c in by_topic[f"t{k % TOPICS}"] if c not in form]
        form.append(pick_rng.choice(pool))
    return estimate([Observation(c.params, answer(rng, theta, c.params)) for c in form])


def summarise(thetas, estimates):
    err = np.array([e.theta for e in estimates]) - thetas
    covered = np.mean([abs(e.theta - t) <= 1.96 * e.se for e, t in zip(estimates, thetas,
                                                                         strict=True)])
    mean_se = float(np.mean([e.se for e in estimates]))
    return float(np.sqrt(np.mean(err**2))), float(covered), mean_se


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    rule = StopRule()
    rng = np.random.default_rng(args.seed)
    pick_rng = random.Random(args.seed)
    thetas = rng.normal(0, 1, args.learners)
    print(f"{args.learners} simulated learners, θ ~ N(0, 1); stop rule SE <= {rule.se_target}, "
          f"{rule.min_items}-{rule.max_items} questions\n")
    print("| bank | test | mean length | RMSE | mean SE | coverage of ±1.96 SE |")
    print("|---|---|---:|---:|---:|---:|")
    for name, bank in (("calibrated, 300 questions", calibrated_bank(rng)),
                       ("tier priors, 45 questions", prior_bank())):
        ad = [adaptive(t, bank, rule, rng, pick_rng) for t in thetas]
        lengths = [e.n for e in ad]
        mean_len = float(np.mean(lengths))
        rmse, cov, se = summarise(thetas, ad)
        print(f"| {name} | adaptive | {mean_len:.1f} | {rmse:.3f} | {se:.3f} | {100 * cov:.1f}% |")
        same = round(mean_len)
        fx = [fixed(t, bank, same, rng, pick_rng) for t in thetas]
        rmse_f, cov_f, se_f = summarise(thetas, fx)
        print(f"| {name} | fixed form, {same} questions | {same} | {rmse_f:.3f} | {se_f:.3f} "
              f"| {100 * cov_f:.1f}% |")
        # The fixed length that matches the adaptive RMSE (searched upwards, capped).
        for length in range(same, min(len(bank), 120) + 1, 2):
            fx = [fixed(t, bank, length, rng, pick_rng) for t in thetas[:500]]
            if summarise(thetas[:500], fx)[0] <= rmse:
                print(f"| {name} | fixed form matching the adaptive RMSE | {length} | "
                      f"{summarise(thetas[:500], fx)[0]:.3f} | | |")
                break
        else:
            print(f"| {name} | fixed form matching the adaptive RMSE | > {min(len(bank), 120)} "
                  "| | | |")


if __name__ == "__main__":
    main()
