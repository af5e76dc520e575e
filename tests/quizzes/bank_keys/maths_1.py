"""Answers of the numeric questions in maths-1.yaml, computed from first principles."""
import math

import numpy as np


def _sigmoid(x):
    return 1 / (1 + math.exp(-x))


def _gd_step_value():
    w = np.array([2.0, 1.0])
    grad = np.array([2 * w[0], 6 * w[1]])
    w = w - 0.1 * grad
    return float(w[0] ** 2 + 3 * w[1] ** 2)


def _mse_grad(w, xs, ys):
    return 2 / len(xs) * sum((w * x - y) * x for x, y in zip(xs, ys, strict=False))


def _rank1_error():
    rng = np.random.default_rng(0)
    u, _ = np.linalg.qr(rng.normal(size=(4, 3)))
    v, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    s = np.array([5.0, 3.0, 1.0])
    m = u @ np.diag(s) @ v.T
    m1 = s[0] * np.outer(u[:, 0], v[:, 0])
    return round(float(np.linalg.norm(m - m1, "fro")), 2)


KEYS = {
    "linear-algebra-det-3x3": round(float(np.linalg.det(np.array([[2, 1, 0], [1, 3, 1], [0, 1, 4]])))),
    "linear-algebra-l2-norm": math.sqrt(3 ** 2 + (-4) ** 2 + 12 ** 2),
    "linear-algebra-rank-1-approximation-error": _rank1_error(),
    "calculus-sigmoid-derivative-value": _sigmoid(math.log(3)) * (1 - _sigmoid(math.log(3))),
    "calculus-gradient-descent-step": round(_gd_step_value(), 2),
    "calculus-mse-gradient-value": round(_mse_grad(1, [1, 2, 3], [2, 2, 4]), 2),
}

if __name__ == "__main__":
    for slug, value in KEYS.items():
        print(f"{slug}: {value}")
