"""Answers of the numeric questions added for issue 10 (numerics, optimisers, information
theory, MLE/MAP, classification metrics, calibration), computed by running the procedure
each question describes rather than by restating the closed form where code can do it."""
import math

import numpy as np
from scipy import optimize


def _cosine(u, v):
    u, v = np.asarray(u, float), np.asarray(v, float)
    return float(u @ v / (np.linalg.norm(u) * np.linalg.norm(v)))


def _fp16_counter(steps):
    total = np.float16(0)
    for _ in range(steps):
        total = np.float16(total + np.float16(1))
    return float(total)


def _entropy(p, base):
    p = np.asarray(p, float)
    return float(-(p * np.log(p)).sum() / math.log(base))


def _kl(p, q):
    p, q = np.asarray(p, float), np.asarray(q, float)
    return float((p * np.log(p / q)).sum())


def _min_cross_entropy(target):
    """Minimise the cross-entropy of softmax(logits) against a soft target numerically."""
    target = np.asarray(target, float)

    def loss(logits):
        log_p = logits - np.logaddexp.reduce(logits)
        return float(-(target * log_p).sum())

    return optimize.minimize(loss, np.zeros(len(target)), method="BFGS").fun


def _argmax_on_grid(log_density):
    grid = np.linspace(1e-6, 1 - 1e-6, 2_000_001)
    return float(grid[np.argmax(log_density(grid))])


def _bernoulli_loglik(successes, trials):
    return lambda t: successes * np.log(t) + (trials - successes) * np.log(1 - t)


def _log_beta_prior(a, b):
    return lambda t: (a - 1) * np.log(t) + (b - 1) * np.log(1 - t)


def _map_estimate():
    loglik, prior = _bernoulli_loglik(3, 8), _log_beta_prior(3, 3)
    return _argmax_on_grid(lambda t: loglik(t) + prior(t))


def _f1(tp, fp, fn):
    labels = np.array([1] * tp + [0] * fp + [1] * fn)
    preds = np.array([1] * tp + [1] * fp + [0] * fn)
    precision = (labels & preds).sum() / preds.sum()
    recall = (labels & preds).sum() / labels.sum()
    return float(2 * precision * recall / (precision + recall))


def _precision_at_prevalence(n, prevalence, tpr, fpr):
    positives = n * prevalence
    flagged_true, flagged_false = tpr * positives, fpr * (n - positives)
    return flagged_true / (flagged_true + flagged_false)


def _ece():
    # (confidence, correct) per prediction, built from the two bins of the stem.
    conf = np.r_[np.full(100, 0.90), np.full(300, 0.65)]
    correct = np.r_[np.ones(80), np.zeros(20), np.ones(210), np.zeros(90)]
    total = 0.0
    for level in (0.90, 0.65):
        in_bin = conf == level
        total += in_bin.mean() * abs(conf[in_bin].mean() - correct[in_bin].mean())
    return total


def _downsampling_correction(score, keep_negatives):
    """Simulate: a calibrated-on-sample score p means P(pos | x, sampled) = p. Bayes with
    P(sampled | neg) = keep_negatives and P(sampled | pos) = 1 gives the population value."""
    # Let a = P(pos | x) in production. Among sampled items with this x:
    # p = a / (a + (1 - a) * keep) ; solve for a.
    return optimize.brentq(lambda a: a / (a + (1 - a) * keep_negatives) - score, 1e-12, 1 - 1e-12)


KEYS = {
    "linear-algebra-cosine-similarity-embeddings": _cosine([1, 2, 2], [2, 2, 1]),
    "calculus-log-sum-exp-value": float(np.logaddexp.reduce(np.array([1000.0, 1000.0, 998.0]))),
    "calculus-fp16-counter-stalls": _fp16_counter(3000),
    "probability-entropy-fair-die": _entropy(np.full(8, 1 / 8), 2),
    "probability-entropy-skewed-distribution": _entropy([0.5, 0.25, 0.125, 0.0625, 0.0625], 2),
    "probability-cross-entropy-single-example": -float(np.log(np.array([0.5, 0.3, 0.2]) @ np.eye(3)[2])),
    "probability-kl-divergence-value": _kl([0.5, 0.5], [0.9, 0.1]),
    "probability-label-smoothing-min-loss": _min_cross_entropy([0.9, 0.05, 0.05]),
    "probability-perplexity-from-loss": math.exp(2.0),
    "statistics-mle-bernoulli": _argmax_on_grid(_bernoulli_loglik(6, 8)),
    "statistics-map-beta-prior": _map_estimate(),
    "model-evaluation-f1-from-confusion-matrix": _f1(40, 10, 20),
    "model-evaluation-precision-at-low-prevalence": _precision_at_prevalence(1_000_000, 0.001, 0.9, 0.05),
    "model-evaluation-expected-calibration-error": _ece(),
    "model-evaluation-downsampled-negatives-correction": _downsampling_correction(0.5, 0.1),
}



def _rmse(pred, true):
    err = np.asarray(pred, float) - np.asarray(true, float)
    return float(np.sqrt((err ** 2).mean()))


def _recall_at_k(ranked_relevance, total_relevant, k):
    return sum(ranked_relevance[:k]) / total_relevant


def _macro_f1(per_class):
    return float(np.mean(per_class))


KEYS |= {
    "model-evaluation-rmse-value": _rmse([4, 4, 4, 6], [3, 5, 2, 10]),
    "model-evaluation-recall-at-k": _recall_at_k([1, 0, 0, 1, 0, 0, 0, 1, 0, 0], 8, 10),
    "model-evaluation-macro-f1": _macro_f1([0.90, 0.50, 0.30]),
}


def _cost_threshold(cost_fp, cost_fn):
    """The p where flagging and not flagging have the same expected cost, found numerically."""
    return optimize.brentq(lambda p: (1 - p) * cost_fp - p * cost_fn, 0.0, 1.0)


KEYS["model-evaluation-cost-based-threshold"] = _cost_threshold(1, 4)


if __name__ == "__main__":
    for slug, value in KEYS.items():
        print(f"{slug}: {value}")
