"""Numeric answers of bankparts/dsa-2.yaml, computed from first principles."""
import heapq


def shortest(edges, s, t):
    """Dijkstra on an undirected graph given as 'U-V w' strings."""
    adj = {}
    for e in edges:
        uv, w = e.split()
        u, v = uv.split("-")
        adj.setdefault(u, []).append((v, int(w)))
        adj.setdefault(v, []).append((u, int(w)))
    dist, pq, done = {s: 0}, [(0, s)], set()
    while pq:
        d, u = heapq.heappop(pq)
        if u in done:
            continue
        done.add(u)
        for v, w in adj[u]:
            if d + w < dist.get(v, float("inf")):
                dist[v] = d + w
                heapq.heappush(pq, (d + w, v))
    return dist[t]


def worst_probes(n):
    """Worst-case probes of the binary search: a miss leaves at most n // 2 candidates."""
    return 0 if n == 0 else 1 + worst_probes(n // 2)


def edit_distance(a, b):
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def coin_ways(coins, amount):
    ways = [1] + [0] * amount
    for c in coins:
        for x in range(c, amount + 1):
            ways[x] += ways[x - c]
    return ways[amount]


def lis_length(seq):
    best = []
    for i, x in enumerate(seq):
        best.append(1 + max([best[j] for j in range(i) if seq[j] < x], default=0))
    return max(best)


def fib_calls(n):
    return 1 if n < 2 else 1 + fib_calls(n - 1) + fib_calls(n - 2)


KEYS = {
    "graphs-dijkstra-shortest-distance": shortest(
        ["S-A 4", "S-B 1", "B-A 2", "A-C 1", "B-C 5", "C-T 3", "B-D 8", "D-T 1"], "S", "T"),
    "sorting-searching-binary-search-max-probes": worst_probes(1_000_000),
    "dynamic-programming-edit-distance-batch": edit_distance("batch", "patches"),
    "dynamic-programming-coin-change-ways": coin_ways([1, 2, 5], 12),
    "dynamic-programming-lis-length": lis_length([5, 1, 8, 3, 9, 4, 6, 2, 7, 10]),
    "recursion-naive-fibonacci-calls": fib_calls(6),
}

if __name__ == "__main__":
    for slug, value in KEYS.items():
        print(slug, value)
