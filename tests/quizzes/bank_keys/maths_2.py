import math
from math import comb


def mixture_std(weights, means, stds):
    mean = sum(w * m for w, m in zip(weights, means, strict=False))
    second = sum(w * (s**2 + m**2) for w, m, s in zip(weights, means, stds, strict=False))
    return math.sqrt(second - mean**2)


def two_proportion_z(xa, na, xb, nb):
    pooled = (xa + xb) / (na + nb)
    se = math.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb))
    return (xb / nb - xa / na) / se


KEYS = {
    "probability-bayes-fraud-flag": (0.9 * 0.02) / (0.9 * 0.02 + 0.05 * 0.98),
    "probability-majority-vote-ensemble": sum(comb(5, k) * 0.7**k * 0.3**(5 - k) for k in range(3, 6)),
    "probability-poisson-at-most-one": sum(math.exp(-3) * 3**k / math.factorial(k) for k in range(2)),
    "probability-mixture-latency-std": mixture_std([0.25, 0.75], [10, 14], [1, 2]),
    "statistics-standard-error-mean-loss": 2.0 / math.sqrt(400),
    "statistics-accuracy-z-interval-lower": 0.9 - 1.96 * math.sqrt(0.9 * 0.1 / 1000),
    "statistics-negative-test-r-squared": 1 - (20.0 * 100) / (16.0 * 100),
    "statistics-ab-test-two-proportion-z": two_proportion_z(200, 2000, 240, 2000),
}

if __name__ == "__main__":
    for k, v in KEYS.items():
        print(k, v)
