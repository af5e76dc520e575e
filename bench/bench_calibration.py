"""Calibration time at scale: 20,000 simulated learners x 300 questions, 10% observed.

    .venv/bin/python bench/bench_calibration.py [--learners 20000] [--items 300] [--observed 0.1]

Times `quizzes.calibration.calibrate` (the work of `manage.py calibrate_items` after its
database read) and reports how well it recovered the simulated parameters.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quizzes.calibration import calibrate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=20_000)
    parser.add_argument("--items", type=int, default=300)
    parser.add_argument("--observed", type=float, default=0.10)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    theta = rng.normal(size=args.learners)
    a = rng.uniform(0.7, 2.0, args.items)
    b = rng.normal(0, 1, args.items)
    p = 1 / (1 + np.exp(-a * (theta[:, None] - b)))
    credits = (rng.random(p.shape) < p).astype(float)
    credits[rng.random(p.shape) > args.observed] = np.nan
    n_obs = int((~np.isnan(credits)).sum())
    t0 = time.perf_counter()
    items = calibrate(credits, min_responses=50, progress=lambda m: print(f"  {m}"))
    elapsed = time.perf_counter() - t0
    fitted = [i for i in items if i is not None]
    est_a = np.array([i.a for i in items if i is not None])
    est_b = np.array([i.b for i in items if i is not None])
    keep = np.array([i is not None for i in items])
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("\n| learners | questions | observed responses | calibrated | seconds | "
          "RMSE b | RMSE a | peak RSS MB |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {args.learners} | {args.items} | {n_obs} | {len(fitted)} | {elapsed:.1f} | "
          f"{np.sqrt(np.mean((est_b - b[keep]) ** 2)):.3f} | "
          f"{np.sqrt(np.mean((est_a - a[keep]) ** 2)):.3f} | {peak_mb:.0f} |")


if __name__ == "__main__":
    main()
