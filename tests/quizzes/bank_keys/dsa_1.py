"""Answers of the numeric questions of bankparts/dsa-1.yaml, computed from first principles."""
import math


def doubling_loop_count(limit):
    count, i = 0, 1
    while i < limit:
        count += i
        i *= 2
    return count


def longest_unique_window(s):
    last, left, best = {}, 0, 0
    for right, ch in enumerate(s):
        if ch in last and last[ch] >= left:
            left = last[ch] + 1
        last[ch] = right
        best = max(best, right - left + 1)
    return best


def trie_nodes(words):
    return len({w[:i] for w in words for i in range(1, len(w) + 1)})


KEYS = {
    "complexity-doubling-loop-count": doubling_loop_count(1000),
    "arrays-hashing-longest-unique-window": longest_unique_window("mlengineer"),
    "arrays-hashing-expected-collision-pairs": round(math.comb(2000, 2) / 100_000, 2),
    "stacks-queues-heaps-parent-index": (12 - 1) // 2,
    "trees-trie-node-count": trie_nodes(["data", "date", "dot", "do", "tensor", "ten"]),
}

if __name__ == "__main__":
    for slug, value in KEYS.items():
        print(slug, value)
