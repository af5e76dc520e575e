"""Throughput of learner pages against the ceiling, measured side by side.

    .venv/bin/python bench/ceiling.py [--rounds 3] [--seconds 5] [--threads 1]

The ceiling is a bare logged-in page with the same middleware, session auth and base
template (``bench/ceiling_urls.py``). Each page is measured with ``wrk`` right after a run
of the ceiling, round after round, and reported as a ratio of the two throughputs (the
machine is shared and noisy: the ratio of neighbouring runs is what holds still). Serves
as ``bench/load_attempts.py`` does: gunicorn ``--workers 2`` + whitenoise, DEBUG off,
PostgreSQL, Redis sessions, 127.0.0.1 only. The learner has one graded attempt of the Git
diagnostic (the result page) and an open Mathematics diagnostic (the take page).
"""

from __future__ import annotations

import argparse
import re
import secrets
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import serving


def fake_answer(response) -> dict:
    kind = response.version.kind
    if kind in ("single", "truefalse", "multiple"):
        return {"choices": [response.choice_order[0]]}
    if kind == "ordering":
        return {"order": list(response.choice_order)}
    if kind == "numeric":
        return {"value": "1", "number": 1.0}
    return {"text": "git"}


def learner_with_attempts(prefix: str) -> tuple[str, int, int]:
    """A learner's session key, an open attempt and a graded one."""
    from accounts.models import User
    from quizzes.models import Assessment, Response
    from quizzes.services.attempts import attempt_start, attempt_submit

    key = serving.create_learners(prefix, 1)[0]
    user = User.objects.get(email=f"{prefix}-0@bench.invalid")
    graded = attempt_start(user=user, assessment=Assessment.objects.get(slug="git-diagnostic"))
    for response in Response.objects.filter(attempt=graded).select_related("version"):
        response.answer = fake_answer(response)
        response.save(update_fields=["answer"])
    attempt_submit(attempt=graded)
    open_ = attempt_start(user=user, assessment=Assessment.objects.get(slug="maths-diagnostic"))
    for response in Response.objects.filter(attempt=open_, position__lte=10) \
            .select_related("version"):
        response.answer = fake_answer(response)
        response.save(update_fields=["answer"])
    return key, open_.pk, graded.pk


def wrk(url: str, cookie: str, seconds: float, connections: int) -> float:
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s",
                          "--latency", "-H", f"Cookie: {cookie}", url],
                         capture_output=True, text=True, check=True).stdout
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        raise RuntimeError(f"{url}: {non2xx.group(1)} non-2xx responses\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--database", default=serving.DEFAULT_DB)
    parser.add_argument("--redis", default=serving.DEFAULT_REDIS)
    parser.add_argument("--skip-prepare", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")

    env = serving.bench_env(args.database, args.redis, settings="bench.ceiling_settings")
    if not args.skip_prepare:
        serving.prepare(env)
    serving.setup_django(env)
    from django.conf import settings

    session, open_pk, graded_pk = learner_with_attempts(f"ceiling-{secrets.token_hex(4)}")
    cookie = f"{settings.SESSION_COOKIE_NAME}={session}"
    server = serving.Server(env, workers=args.workers, threads=args.threads).start()
    pages = {
        "take page": f"/attempts/{open_pk}/?q=3",
        "result page": f"/attempts/{graded_pk}/result/",
        "dashboard": "/dashboard/",
        "home page": "/",
    }
    ratios: dict[str, list[float]] = {name: [] for name in pages}
    rates: dict[str, list[float]] = {name: [] for name in ["ceiling", *pages]}
    try:
        for path in ["/bench/ceiling/", *pages.values()]:  # warm up every worker
            wrk(server.base + path, cookie, 1, args.connections)
        for _ in range(args.rounds):
            for name, path in pages.items():
                ceiling = wrk(server.base + "/bench/ceiling/", cookie, args.seconds,
                              args.connections)
                page = wrk(server.base + path, cookie, args.seconds, args.connections)
                rates["ceiling"].append(ceiling)
                rates[name].append(page)
                ratios[name].append(page / ceiling)
    finally:
        server.stop()
    print(f"gunicorn --workers {args.workers}" + (f" --threads {args.threads}"
                                                  if args.threads > 1 else " (sync)")
          + f"; wrk -t1 -c{args.connections}, {args.seconds:g} s per run, "
          f"{args.rounds} rounds, interleaved")
    print(f"{'page':<14}{'req/s (median)':>16}{'ratio to ceiling (median, min-max)':>40}")
    print(f"{'ceiling':<14}{statistics.median(rates['ceiling']):>16.1f}")
    for name in pages:
        r = ratios[name]
        print(f"{name:<14}{statistics.median(rates[name]):>16.1f}"
              f"{statistics.median(r):>22.2f} ({min(r):.2f}-{max(r):.2f})")


if __name__ == "__main__":
    main()
