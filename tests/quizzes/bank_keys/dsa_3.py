"""Keys of the produce/debug DSA questions added for issue 10, computed by RUNNING the code
shown in each question's stem (read from quizzes/banks/dsa.yaml, so stem and key cannot drift).

Numeric predict-the-output keys go in KEYS (checked by test_bank_numeric_keys.py). The other
predict-the-output and find-the-bug items are checked at import time by `verify()`: the code
in the stem is executed and the behaviour the key states is asserted (an AssertionError here
fails the collection of test_bank_numeric_keys.py)."""
import contextlib
import io
import re
from pathlib import Path

import yaml

BANK = Path(__file__).resolve().parents[3] / "quizzes" / "banks" / "dsa.yaml"
QUESTIONS = {q["slug"]: q for q in yaml.safe_load(BANK.read_text(encoding="utf-8"))["questions"]}


def code(slug):
    """The first ```python block of a stem, with the '# line N' comments kept (harmless)."""
    return re.search(r"```python\n(.*?)```", QUESTIONS[slug]["stem"], re.S).group(1)


def run(source, env=None):
    """Execute source; return (stdout, namespace)."""
    env = {} if env is None else env
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, "<stem>", "exec"), env)  # noqa: S102 - our own bank's code
    return out.getvalue(), env


def printed_number(slug):
    return float(run(code(slug))[0].strip())


NUMERIC_OUTPUT = [
    "complexity-slicing-recursion-copies",
    "arrays-hashing-prefix-sum-range",
    "arrays-hashing-meeting-rooms-tie",
    "arrays-hashing-nan-counter",
    "graphs-union-find-components",
    "dynamic-programming-stairs-output",
    "dynamic-programming-greedy-coins-output",
    "recursion-factorial-output",
]

KEYS = {slug: printed_number(slug) for slug in NUMERIC_OUTPUT}


def correct_text(slug):
    return next(c["text"] for c in QUESTIONS[slug]["choices"] if c.get("correct"))


class Node:
    def __init__(self, key=None, left=None, right=None):
        self.key = self.val = key
        self.left, self.right, self.next = left, right, None


def linked(*vals):
    head = None
    for v in reversed(vals):
        n = Node(v)
        n.next = head
        head = n
    return head


def verify():
    # Text predict-the-output: the accepted answer is what the program prints.
    out, _ = run(code("sorting-searching-sort-returns-none"))
    assert out.strip() in QUESTIONS["sorting-searching-sort-returns-none"]["accepted"]

    # Single-choice predict-the-output: the correct option is the printed output.
    out, _ = run(code("recursion-shared-default-accumulator"))
    first, second = out.strip().splitlines()
    assert correct_text("recursion-shared-default-accumulator") == f"'`{first}` then `{second}`'".strip("'")
    out, _ = run(code("recursion-subsets-aliasing-output"))
    assert correct_text("recursion-subsets-aliasing-output") == f"`{out.strip()}`"

    # The third push raises TypeError (not the pop, not the earlier pushes).
    src = code("stacks-queues-heaps-tuple-tie-error").splitlines()
    pushes = [i for i, line in enumerate(src) if "heappush" in line]
    run("\n".join(src[: pushes[1] + 1]))  # the first two pushes work
    try:
        run("\n".join(src[: pushes[2] + 1]))
    except TypeError:
        pass
    else:
        raise AssertionError("the third push should raise TypeError")
    assert "third push" in correct_text("stacks-queues-heaps-tuple-tie-error")

    # sorted() with a NaN returns an unsorted list without error; the explanation's example.
    nan = float("nan")
    result = sorted([3.0, nan, 1.0, 2.0])
    assert result[0] == 3.0 and result[2:] == [1.0, 2.0] and result[1] != result[1]
    assert "`[3.0, nan, 1.0, 2.0]`" in QUESTIONS["sorting-searching-nan-sort"]["explanation"]

    # Find-the-bug items: the buggy code shows the symptom the stem states ...
    _, env = run(code("arrays-hashing-subarray-sum-bug"))
    assert env["count_subarrays"]([2, 1, 3], 3) == 1
    fixed = code("arrays-hashing-subarray-sum-bug").replace("seen = {}", "seen = {0: 1}")
    assert run(fixed)[1]["count_subarrays"]([2, 1, 3], 3) == 2  # ... and the keyed fix cures it

    _, env = run(code("stacks-queues-heaps-cycle-check-bug"))
    assert env["has_cycle"](linked(1, 2, 3)) is True
    lines = code("stacks-queues-heaps-cycle-check-bug").splitlines()
    fixed = "\n".join([*lines[:3], lines[5], lines[6], lines[3], lines[4], *lines[7:]])
    fn = run(fixed)[1]["has_cycle"]
    loop = linked(1, 2, 3)
    loop.next.next.next = loop.next
    assert fn(linked(1, 2, 3)) is False and fn(loop) is True

    _, env = run(code("stacks-queues-heaps-brackets-bug"))
    assert env["balanced"]("((") is True
    fixed = code("stacks-queues-heaps-brackets-bug").replace("return True ", "return not stack ")
    fn = run(fixed)[1]["balanced"]
    assert fn("((") is False and fn("([]{})") is True and fn("(]") is False

    _, env = run(code("trees-validate-bst-bug"), {"Node": Node})
    assert env["is_bst"](Node(10, Node(5, None, Node(12)))) is True  # wrong: 12 left of 10
    assert env["is_bst"](Node(10, Node(12))) is False
    assert env["is_bst"](Node(10, Node(5, Node(3)), Node(15))) is True

    _, env = run(code("trees-trie-shared-children-bug"))
    root = env["Node"]()
    env["insert"](root, "cat")

    def contains(word):
        node = root
        for ch in word:
            if ch not in node.children:
                return False
            node = node.children[ch]
        return node.end

    assert contains("cat") and contains("t") and contains("at")

    _, env = run(code("graphs-directed-cycle-bug"))
    assert env["has_cycle"]({"a": ["b", "c"], "b": ["d"], "c": ["d"], "d": []}) is True

    _, env = run(code("graphs-dijkstra-mark-on-push-bug"))
    graph = {"s": [("a", 1), ("c", 5)], "a": [("c", 1)], "c": []}
    assert env["dijkstra"](graph, "s")["c"] == 5
    fixed = code("graphs-dijkstra-mark-on-push-bug")
    fixed = fixed.replace("{s}, [(0, s)]", "set(), [(0, s)]").replace(
        "            for v, w in graph[u]:", "            if u in done: continue\n"
        "            done.add(u)\n            for v, w in graph[u]:").replace(
        "if v not in done:", "if d + w < dist.get(v, float('inf')):").replace(
        "                    done.add(v)\n", "")
    assert run(fixed)[1]["dijkstra"](graph, "s")["c"] == 2

    _, env = run(code("sorting-searching-lower-bound-bug"))
    lb = env["lower_bound"]
    assert lb([1, 3, 5], 9) == 2  # bisect_left gives 3
    assert (lb([1, 3, 3, 5], 3), lb([1, 3, 5], 0), lb([1, 3, 5], 4)) == (1, 0, 2)

    _, env = run(code("dynamic-programming-knapsack-direction-bug"))
    assert env["knapsack"]([(5, 15)], 10) == 30
    fixed = code("dynamic-programming-knapsack-direction-bug").replace(
        "range(weight, capacity + 1)", "range(capacity, weight - 1, -1)")
    assert run(fixed)[1]["knapsack"]([(5, 15)], 10) == 15

    _, env = run(code("recursion-discarded-result-bug"))
    assert env["nested_sum"]([1, [2, [3]], 4]) == 5

    _, env = run(code("stacks-queues-heaps-monotonic-stack-cost"))
    assert env["next_greater"]([2, 7, 3, 5, 4, 6, 8]) == [7, 8, 5, 6, 6, 8, -1]

    # The first call of a cached fib(5000) overflows the default recursion limit.
    _, env = run(code("recursion-memoised-depth"))
    try:
        env["fib"](5000)
    except RecursionError:
        pass
    else:
        raise AssertionError("fib(5000) should raise RecursionError on a cold cache")

    # The balanced-BST build and greedy coins explanations: the DP optimum for 6 is 2 coins.
    best = [0] + [float("inf")] * 6
    for a in range(1, 7):
        best[a] = min(best[a - c] + 1 for c in (1, 3, 4) if c <= a)
    assert best[6] == 2


verify()

if __name__ == "__main__":
    for slug, value in KEYS.items():
        print(slug, value)
