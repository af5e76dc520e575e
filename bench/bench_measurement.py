"""Per-request cost of measurement: an EAP estimate for a 30-item attempt, the two-level
area and topic estimates of an attempt, and the adaptive next-question choice over a
300-question pool (the work an adaptive request adds).

    .venv/bin/python bench/bench_measurement.py [--repeat 2000]

Pure Python + numpy, no database. Shared, noisy machines: read medians and ratios.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quizzes.measurement import (
    Candidate,
    ItemParams,
    Observation,
    choose_next,
    estimate,
    estimate_area,
    estimate_topics,
)


def median_us(fn, repeat: int) -> float:
    for _ in range(50):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter_ns()
        fn()
        times.append(time.perf_counter_ns() - t0)
    return statistics.median(times) / 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=2000)
    args = parser.parse_args()
    rng = random.Random(7)
    rows = []
    for n in (10, 30, 100):
        obs = [Observation(ItemParams(rng.uniform(0.7, 2.0), rng.gauss(0, 1)), rng.random() < 0.6)
               for _ in range(n)]
        rows.append((f"estimate(), {n} responses",
                     median_us(lambda o=obs: estimate(o), args.repeat)))
    for topics, per in ((4, 6), (8, 3)):
        by_topic = {f"t{t}": [Observation(ItemParams(1.0, rng.gauss(0, 1), 0.25),
                                          float(rng.random() < 0.6)) for _ in range(per)]
                    for t in range(topics)}
        rows.append((f"estimate_area(), {topics} topics × {per}",
                     median_us(lambda b=by_topic: estimate_area(b), args.repeat)))
        rows.append((f"estimate_topics(), {topics} topics × {per}",
                     median_us(lambda b=by_topic: estimate_topics(b), args.repeat)))
    for pool in (50, 300):
        cands = [Candidate(i, ItemParams(rng.uniform(0.7, 2.0), rng.gauss(0, 1)), f"t{i % 5}")
                 for i in range(pool)]
        counts = {"t0": 2, "t1": 2, "t2": 1, "t3": 2, "t4": 1}
        rows.append((f"choose_next(), {pool} candidates",
                     median_us(lambda c=cands, k=counts: choose_next(c, 0.3, k, rng), args.repeat)))
    print("| operation | median µs |")
    print("|---|---:|")
    for name, us in rows:
        print(f"| {name} | {us:.0f} |")


if __name__ == "__main__":
    main()
