"""Keys of the produce/debug items of quizzes/banks/production-code.yaml, computed by running
the code each question shows.

``KEYS`` holds numeric answers (tests/quizzes/test_bank_numeric_keys.py). ``OUTPUTS`` maps a
slug to ``(run, expected, key)``: ``run()`` executes the question's own code (the first
```python block of its stem, read from the bank, so the test runs exactly what the learner
sees) and returns what it printed or what happened; ``expected`` is that result; ``key`` is
the option text the bank marks correct (None for a select-all item, whose ``expected`` is the
pattern of correct option positions, e.g. ``-1-3-``). ``TRUEFALSE`` names the answer a
true/false item's output supports. ``PARSONS`` / ``run_parsons`` check ordering items: the
lines in key order produce the expected result and reversed they do not. Code that needs
the logging module's default state or separate processes runs in a fresh interpreter.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import math
import os
import re
import subprocess
import sys
import tempfile
import textwrap
import time
import types
from functools import cache
from pathlib import Path
from unittest.mock import Mock, patch

BANK = Path(__file__).resolve().parents[3] / "quizzes" / "banks" / "production-code.yaml"


@cache
def _questions() -> dict:
    from quizzes.formats.yaml_bank import parse_bank

    return {q.slug: q for q in parse_bank(BANK.read_text(encoding="utf-8")).questions}


def code(slug: str, lang: str = "python", index: int = 0) -> str:
    """The ``index``-th fenced block in ``lang`` of a question's stem."""
    blocks = re.findall(rf"```{lang}\n(.*?)```", _questions()[slug].stem, re.S)
    return textwrap.dedent(blocks[index])


def strip_line_comments(src: str) -> str:
    """Drop the ``# line N`` / ``# A`` labels find-the-bug items put after code."""
    return re.sub(r"\s+# (line \d+|[A-E])$", "", src, flags=re.M)


def exec_out(src: str, namespace: dict | None = None) -> str:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        exec(compile(src, "<question>", "exec"), {} if namespace is None else namespace)  # noqa: S102
    return buf.getvalue().strip()


def fresh(src: str, env: dict | None = None, stream: str = "stdout") -> str:
    """Run ``src`` in a new interpreter (default logging state); its stdout or stderr."""
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "q.py"
        script.write_text(src, encoding="utf-8")
        done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,  # noqa: S603
                              cwd=tmp, env={**os.environ, **(env or {})}, timeout=60, check=False)
    return getattr(done, stream).strip()


def stem_out(slug: str) -> str:
    return exec_out(code(slug))


# --- typing ---------------------------------------------------------------------------

def _str_sequence() -> str:
    return stem_out("typing-str-is-a-sequence-of-str")


# --- unit tests -------------------------------------------------------------------------

def _shared_defaults() -> str:
    ns: dict = {}
    exec_out(strip_line_comments(code("unit-tests-find-bug-shared-defaults")), ns)
    ns["test_override"]()
    try:
        ns["test_defaults"]()
    except AssertionError:
        broken = "test_defaults fails after test_override"
    else:
        broken = "both pass"
    fixed: dict = {}
    exec_out(strip_line_comments(code("unit-tests-find-bug-shared-defaults"))
             .replace("cfg = DEFAULTS", "cfg = dict(DEFAULTS)"), fixed)
    fixed["test_override"]()
    fixed["test_defaults"]()  # copying on line 4 is the whole fix
    return broken


def _approx_failures() -> str:
    """Pattern of the options (A-E, in file order) whose assertion fails."""
    lines = {m.group(2): m.group(1) for m in
             re.finditer(r"^(assert .*?)\s+# ([A-E])$", code("unit-tests-approx-near-zero"), re.M)}
    failing = set()
    for label, stmt in lines.items():
        try:
            exec(compile("import pytest\n" + stmt, "<q>", "exec"), {})  # noqa: S102
        except AssertionError:
            failing.add(label)
    choices = [c.text.strip() for c in _questions()["unit-tests-approx-near-zero"].choices]
    return "".join(str(i) if label in failing else "-" for i, label in enumerate(choices))


def _plain_pytest_env() -> dict:
    """A child pytest without this project's plugins and settings (it runs a lone file)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTEST_", "DJANGO_"))}
    return {**env, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}


def _fixture_order() -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "test_q.py").write_text(code("unit-tests-fixture-setup-teardown-order"),
                                          encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "pytest", "-s", "-q", "-p", "no:cacheprovider",
                               "test_q.py"], capture_output=True, text=True, cwd=tmp,
                              timeout=120, check=False, env=_plain_pytest_env())
    wanted = {"open db", "make repo", "test body", "drop repo", "close db"}
    return [w for line in done.stdout.splitlines() for w in wanted if w in line]


# --- mocking ----------------------------------------------------------------------------

def _return_value_exception() -> str:
    ns: dict = {}
    exec_out(code("mocking-side-effect-raise"), ns)
    result = ns["result"]
    return f"returned {type(result).__name__}: {result}"


def _default_captured() -> str:
    jobs = types.ModuleType("jobs")
    exec(compile(code("mocking-default-argument-captured"), "<jobs>", "exec"), jobs.__dict__)  # noqa: S102
    with patch.object(jobs.time, "time", return_value=42.0):
        return "passes" if jobs.stamp() == 42.0 else "assertion fails"


def _unset_attribute_truthy() -> str:
    client = types.ModuleType("client")
    client.requests = types.SimpleNamespace(get=lambda url, timeout: None)

    class FetchError(Exception):
        pass

    client.FetchError = FetchError
    src = code("mocking-unset-attribute-truthy").replace("import requests\n", "")
    exec(compile(src, "<client>", "exec"), client.__dict__)  # noqa: S102
    with patch.object(client.requests, "get") as mock_get:
        mock_get.return_value.status_code = 500
        try:
            client.fetch("http://x")
        except FetchError:
            return "raised FetchError"
    return "DID NOT RAISE"


def _stacked_patch_order() -> str:
    io_mod = types.SimpleNamespace(save=lambda data: None, load=lambda: [])

    def export():
        io_mod.save(io_mod.load())

    @patch.object(io_mod, "save")
    @patch.object(io_mod, "load")
    def test_export(mock_save, mock_load):  # the parameter names of line 3
        mock_load.return_value = [1, 2]
        export()
        mock_save.assert_called_once_with([1, 2])

    @patch.object(io_mod, "save")
    @patch.object(io_mod, "load")
    def test_fixed(mock_load, mock_save):  # names swapped: the fix
        mock_load.return_value = [1, 2]
        export()
        mock_save.assert_called_once_with([1, 2])

    test_fixed()
    try:
        test_export()
    except AssertionError as err:
        return str(err).splitlines()[0]
    return "passes"


# --- CI/CD ------------------------------------------------------------------------------

def _env_parsing() -> str:
    return fresh(code("ci-cd-env-var-parsing-bug"), env={"DEBUG": "false", "WORKERS": "4"})


# --- packaging --------------------------------------------------------------------------

def _pip_choice(slug: str, spec: str) -> str:
    from packaging.specifiers import SpecifierSet
    from packaging.version import Version

    text = code(slug, lang="text") if "```text" in _questions()[slug].stem else ""
    offered = text.split() or re.findall(r"`(\d[\w.]*)`", _questions()[slug].stem)
    return str(max(SpecifierSet(spec).filter(offered), key=Version))


def _compatible_release_pattern() -> str:
    from packaging.specifiers import SpecifierSet

    choices = [c.text.strip() for c in _questions()["packaging-compatible-release-versions"].choices]
    ok = SpecifierSet("~=1.3.2")
    return "".join(str(i) if ok.contains(v) else "-" for i, v in enumerate(choices))


# --- logging and errors -----------------------------------------------------------------

def _stderr_of(slug: str) -> str:
    return fresh(code(slug), stream="stderr")


# --- code review ------------------------------------------------------------------------

def _batches() -> str:
    ns: dict = {}
    src = strip_line_comments(code("code-review-find-bug-batches"))
    exec_out(src, ns)
    got = list(ns["batches"](list(range(10)), 4))
    exec_out(src.replace("len(items) - size", "len(items)"), ns)
    assert list(ns["batches"](list(range(10)), 4))[-1] == [8, 9]  # the line-2 fix works
    return str(got)


def _dict_mutation() -> str:
    try:
        return stem_out("code-review-dict-mutated-while-iterating")
    except RuntimeError as err:
        return f"RuntimeError: {err}"


def _hash_buckets() -> str:
    src = "print(hash('user-42') % 10)"
    seen = {fresh(src, env={"PYTHONHASHSEED": str(seed)}) for seed in range(1, 9)}
    return "differs between processes" if len(seen) > 1 else "stable"


# --- performance and concurrency --------------------------------------------------------

def _gather_elapsed(scale: float = 0.25, tries: int = 8) -> int:
    # Scaled-down sleeps keep the test quick. A busy machine only ever adds delay, so the
    # shortest of a few runs is the measurement, and a run is taken as soon as it lands
    # near a whole number of scaled seconds (a 0.15-scaled-second stall under CI load once
    # read 2.6, rounded to 3).
    src = code("perf-asyncio-gather-elapsed").replace("asyncio.sleep(1)", f"asyncio.sleep({scale})")
    src = src.replace("print(round(time.perf_counter() - start))",
                      f"print((time.perf_counter() - start) / {scale})")
    best = math.inf
    for _ in range(tries):
        best = min(best, float(exec_out(src, {"asyncio": asyncio, "time": time})))
        if abs(best - round(best)) <= 0.2:
            break
    return round(best)


def _worker_globals() -> str:
    # The stem shows main() without the __main__ guard (that guard is another item's key).
    return fresh(code("perf-worker-globals-not-shared") + '\nif __name__ == "__main__":\n    main()\n')


def _blocking_in_coroutine(n: int = 6, pause: float = 0.05) -> str:
    src = strip_line_comments(code("perf-blocking-call-in-coroutine"))
    src = src.replace("import requests\n", "")
    fake = types.SimpleNamespace(get=lambda url, timeout: (time.sleep(pause),
                                                           types.SimpleNamespace(status_code=200))[1])
    ns = {"requests": fake, "URLS": [f"u{i}" for i in range(n)]}
    exec(compile(src, "<q>", "exec"), ns)  # noqa: S102
    start = time.perf_counter()
    asyncio.run(ns["main"]())
    return "sequential" if time.perf_counter() - start >= n * pause * 0.9 else "concurrent"


KEYS = {
    "mocking-side-effect-iterable-call-count": int(stem_out("mocking-side-effect-iterable-call-count")),
    "perf-asyncio-gather-elapsed": _gather_elapsed(),
}

OUTPUTS = {
    "typing-annotations-not-enforced-at-runtime": (
        lambda: stem_out("typing-annotations-not-enforced-at-runtime"), "ababab",
        "It runs normally and prints `ababab`"),
    "typing-bool-passes-int-check": (lambda: stem_out("typing-bool-passes-int-check"), "True", "`True`"),
    "typing-str-is-a-sequence-of-str": (_str_sequence, "['I', 'D']",
                                        "mypy accepts it; it prints `['I', 'D']`"),
    "unit-tests-isclose-default-atol": (lambda: stem_out("unit-tests-isclose-default-atol"),
                                        "True True", "`True True`"),
    "unit-tests-find-bug-shared-defaults": (
        _shared_defaults, "test_defaults fails after test_override",
        "Line 4, because it aliases `DEFAULTS` instead of copying it"),
    "unit-tests-approx-near-zero": (_approx_failures, "-1-3-", None),
    "mocking-side-effect-raise": (
        _return_value_exception, "returned ConnectionError: service down",
        "`result` is the `ConnectionError` object; nothing is raised"),
    "mocking-return-value-repeats": (lambda: stem_out("mocking-return-value-repeats"), "5 5 2", "`5 5 2`"),
    "mocking-default-argument-captured": (
        _default_captured, "assertion fails",
        "It fails the assertion, because `stamp()` returns the real current time"),
    "mocking-unset-attribute-truthy": (
        _unset_attribute_truthy, "DID NOT RAISE",
        'It fails with "DID NOT RAISE", since `resp.ok` is truthy'),
    "mocking-stacked-patch-argument-order": (
        _stacked_patch_order, "expected call not found.",
        "Line 3, because the mock parameters are listed in the wrong order"),
    "ci-cd-env-var-parsing-bug": (_env_parsing, "True 44", "`True 44`"),
    "packaging-specifier-count-matching": (
        lambda: _pip_choice("packaging-specifier-count-matching", ">=1.2, !=1.3.*, <2"), "1.13.0",
        "`1.13.0`"),
    "packaging-pre-release-not-chosen": (
        lambda: _pip_choice("packaging-pre-release-not-chosen", ">=5.0"), "5.0.0", "`5.0.0`"),
    "packaging-compatible-release-versions": (_compatible_release_pattern, "-1-3-", None),
    "logging-errors-custom-exception-hierarchy": (
        lambda: stem_out("logging-errors-custom-exception-hierarchy"), "data missing column",
        "`data missing column`"),
    "logging-errors-unconfigured-logger-output": (
        lambda: _stderr_of("logging-errors-unconfigured-logger-output"), "lr too high", "`lr too high`"),
    "logging-errors-duplicate-lines": (
        lambda: _stderr_of("logging-errors-duplicate-lines"), "epoch 1\nINFO:train:epoch 1",
        "`epoch 1`, then `INFO:train:epoch 1`"),
    "logging-errors-except-name-unbound": (
        lambda: stem_out("logging-errors-except-name-unbound"), "read failed\nUnboundLocalError",
        "`read failed` then `UnboundLocalError`"),
    "code-review-mutable-default-output": (
        lambda: stem_out("code-review-mutable-default-output"),
        "['baseline', 'final'] ['baseline', 'final']", "['baseline', 'final'] ['baseline', 'final']"),
    "code-review-find-bug-batches": (
        _batches, "[[0, 1, 2, 3], [4, 5, 6, 7]]",
        "Line 2, because the range ends too early and drops the last batch"),
    "code-review-dict-mutated-while-iterating": (
        _dict_mutation, "RuntimeError: dictionary changed size during iteration",
        'It raises `RuntimeError` after deleting `"b"`'),
    "code-review-late-binding-closures": (
        lambda: stem_out("code-review-late-binding-closures"), "2 2 2", "`2 2 2`"),
    "code-review-generator-consumed-twice": (
        lambda: stem_out("code-review-generator-consumed-twice"), "3 0.0", "`3 0.0`"),
    "code-review-json-nan": (lambda: stem_out("code-review-json-nan"), '{"loss": NaN}', '`{"loss": NaN}`'),
    "code-review-string-hash-not-stable": (_hash_buckets, "differs between processes", None),
    "perf-worker-globals-not-shared": (_worker_globals, "0", None),
    "perf-blocking-call-in-coroutine": (
        _blocking_in_coroutine, "sequential", "Line 2, because a blocking call stalls the event loop"),
}

TRUEFALSE = {
    "code-review-string-hash-not-stable": "false",  # buckets differ between processes
    "perf-worker-globals-not-shared": "false",  # the parent's list stays empty
}


def _try_else_finally(items: list[str]) -> bool:
    return exec_out(code("logging-errors-try-else-finally-order")).splitlines() == items


def _retry_lines(items: list[str]) -> str:
    """Assemble the helper from the items; call it on a function that fails twice."""
    src = "\n".join(item.strip("`") for item in items)
    slept: list[float] = []

    class TransientError(Exception):
        pass

    ns = {"TransientError": TransientError,
          "time": types.SimpleNamespace(sleep=slept.append),
          "random": types.SimpleNamespace(random=lambda: 0.0)}
    try:
        exec(compile(src, "<parsons>", "exec"), ns)  # noqa: S102
        outcomes = iter([TransientError(), TransientError(), "ok"])

        def flaky():
            value = next(outcomes)
            if isinstance(value, Exception):
                raise value
            return value

        always = Mock(side_effect=TransientError())
        first = ns["with_retries"](flaky)
        try:
            ns["with_retries"](always, attempts=3)
            last = "no raise"
        except TransientError:
            last = f"raised after {always.call_count} calls"
    except Exception as err:  # a wrong order may not even compile or run
        return f"broken: {type(err).__name__}"
    return f"{first}; slept {slept}; {last}"


PARSONS = {
    "logging-errors-try-else-finally-order": {"expected": True},
    "unit-tests-fixture-setup-teardown-order": {"expected": True},
    "logging-errors-parsons-retry-loop": {
        "expected": "ok; slept [1.0, 2.0, 1.0, 2.0]; raised after 3 calls"},
}


def run_parsons(slug: str, items: list[str]):
    if slug == "logging-errors-try-else-finally-order":
        return _try_else_finally(items)
    if slug == "unit-tests-fixture-setup-teardown-order":
        return _fixture_order() == items
    return _retry_lines(items)


if __name__ == "__main__":
    for slug, value in KEYS.items():
        print(slug, value)
    for slug, (run, expected, _key) in OUTPUTS.items():
        got = run()
        print("ok " if got == expected else "BAD", slug, repr(got))
