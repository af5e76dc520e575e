import math

import numpy as np


def hpa_desired(current, metric, target):
    return math.ceil(current * metric / target)


def replicas_surviving_zone_loss(peak, per_replica, max_util, zones):
    needed = peak / (per_replica * max_util)
    per_zone = math.ceil(needed / (zones - 1))
    return per_zone * zones


def kv_cache_bytes(layers, kv_heads, head_dim, bytes_per_value, tokens):
    """Keys and values (the factor 2) for every layer, KV head and token."""
    return 2 * layers * kv_heads * head_dim * bytes_per_value * tokens


def nearest_rank(values, p):
    v = sorted(values)
    return v[math.ceil(p / 100 * len(v)) - 1]


def psi(expected, actual):
    return sum((a - e) * math.log(a / e) for e, a in zip(expected, actual, strict=True))


LATENCIES = [42, 38, 51, 47, 39, 120, 44, 41, 46, 40, 43, 58, 45, 37, 49, 52, 310, 48, 55, 61]

KEYS = {
    "compute-monthly-cost-always-on": 4 * 0.85 * 30 * 24,
    "compute-spot-savings": round(100 * 4.00 - (100 * 1.20) * (4.00 * (1 - 0.70)), 9),
    "storage-tiered-monthly-cost": 10 * 1000 * 0.023 + 40 * 1000 * 0.004,
    "storage-dataset-transfer-time": round(2e12 * 8 / (0.8 * 1e9) / 3600, 1),
    "networking-identity-subnet-usable-ips": 2 ** (32 - 22) - 5,
    "containers-orchestration-hpa-desired-replicas": hpa_desired(5, 85, 60),
    "ml-deployment-availability-downtime": round((1 - 0.9995) * 30 * 24 * 60, 1),
    "ml-deployment-replicas-zone-failure": replicas_surviving_zone_loss(900, 40, 0.7, 3),
    "ml-deployment-p95-nearest-rank": nearest_rank(LATENCIES, 95),
    "ml-deployment-psi-three-bins": round(psi((0.5, 0.3, 0.2), (0.3, 0.4, 0.3)), 2),
    # bf16 weight + bf16 gradient + fp32 master weight + two fp32 Adam moments
    "compute-adam-training-memory": 7e9 * (2 + 2 + 4 + 4 + 4) / 1e9,
    "ml-deployment-littles-law-replicas": math.ceil(200 * 0.150 / 4),
    "llm-serving-answer-time": round(0.8 + (300 - 1) * 0.040, 9),
    "llm-serving-bandwidth-ceiling": round(2000e9 / (7e9 * 2)),
    "llm-serving-kv-cache-memory": kv_cache_bytes(32, 8, 128, 2, 8 * 4096) / 2 ** 30,
    "llm-serving-int4-weights": 70e9 * 4 / 8 / 1e9,
    "iac-cost-egress-bill": round(60 * 1000 * 0.08, 9),
    "iac-cost-commitment-breakeven": round(2.50 * (1 - 0.40) * 30 * 24 - 2.50 * 10 * 30, 9),
}

if __name__ == "__main__":
    for k, v in KEYS.items():
        print(k, v)
    print("mean", np.mean(LATENCIES), "median", np.median(LATENCIES),
          "np p95", np.percentile(LATENCIES, 95), "psi raw", psi((0.5, 0.3, 0.2), (0.3, 0.4, 0.3)))
