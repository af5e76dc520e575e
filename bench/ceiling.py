"""Throughput of learner pages against the ceiling, measured side by side.

    .venv/bin/python bench/ceiling.py [--rounds 3] [--seconds 5] [--threads 1]
    .venv/bin/python bench/ceiling.py --compare-with /tmp/before   # A/B with another tree

The ceiling is a bare logged-in page with the same middleware, session auth and base
template (``bench/ceiling_urls.py``). Each page is measured with ``wrk`` right after a run
of the ceiling, round after round, and reported as a ratio of the two throughputs (the
machine is shared and noisy: the ratio of neighbouring runs is what holds still). Serves
as ``bench/load_attempts.py`` does: gunicorn ``--workers 2`` + whitenoise, DEBUG off,
PostgreSQL, Redis sessions, 127.0.0.1 only. The learner has one graded attempt of the Git
diagnostic (the result page) and an open Mathematics diagnostic (the take page).

Besides throughput, each run reads the gunicorn workers' CPU time (/proc) and divides it
by the requests served: CPU milliseconds per request, which a busy machine disturbs far
less than requests per second. ``--compare-with DIR`` serves a second app tree (say
``git archive <commit> | tar -x -C DIR`` with this ``bench/`` copied in, on its own
database ``--compare-database``) and measures both in turn, round after round.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import secrets
import shutil
import statistics
import subprocess
import sys
from collections import defaultdict
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


def wrk(url: str, cookie: str, seconds: float, connections: int) -> tuple[float, int]:
    """Requests per second and the number of requests of one wrk run."""
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s",
                          "--latency", "-H", f"Cookie: {cookie}", url],
                         capture_output=True, text=True, check=True).stdout
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        raise RuntimeError(f"{url}: {non2xx.group(1)} non-2xx responses\n{out}")
    return (float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            int(re.search(r"(\d+) requests in", out).group(1)))


class Site:
    """One app tree served for the comparison: its server, learner and pages."""

    def __init__(self, name: str, root: Path, database: str, args, env: dict) -> None:
        self.name, self.root = name, root
        self.env = {**env, "DATABASE_URL": database}
        setup = [serving.PY, str(root / "bench" / "ceiling.py"), "--setup-only",
                 "--database", database, "--redis", args.redis]
        if args.skip_prepare:
            setup.append("--skip-prepare")
        made = json.loads(subprocess.run(setup, cwd=root, env=self.env, check=True,
                                         capture_output=True, text=True).stdout)
        self.cookie = f"{made['cookie_name']}={made['session']}"
        # Earlier load runs leave dead rows that this machine's autovacuum (off) never
        # drops: they cut the take page to 0.50x the ceiling from 0.63x.
        serving.vacuum_analyze(database)
        self.pages = {
            "take page": f"/attempts/{made['open']}/?q=3",
            "result page": f"/attempts/{made['graded']}/result/",
            "dashboard": "/dashboard/",
            "home page": "/",
        }
        self.server = serving.Server(self.env, workers=args.workers, threads=args.threads,
                                     root=root).start()
        self.rates: dict[str, list[float]] = defaultdict(list)
        self.ratios: dict[str, list[float]] = defaultdict(list)
        self.cpu_ms: dict[str, list[float]] = defaultdict(list)

    def measure(self, name: str, path: str, seconds: float, connections: int) -> float:
        before = self.server.cpu_seconds()
        rate, count = wrk(self.server.base + path, self.cookie, seconds, connections)
        self.cpu_ms[name].append(1000 * (self.server.cpu_seconds() - before) / max(1, count))
        self.rates[name].append(rate)
        return rate

    def report(self) -> None:
        med = statistics.median
        print(f"{self.name}: {'page':<12}{'req/s':>8}{'ratio to ceiling':>26}"
              f"{'worker CPU ms/request':>24}")
        print(f"{'':{len(self.name) + 2}}{'ceiling':<12}{med(self.rates['ceiling']):>8.1f}"
              f"{'':>26}{med(self.cpu_ms['ceiling']):>24.1f}")
        for name in (n for n in self.pages if n in self.ratios):
            r = self.ratios[name]
            print(f"{'':{len(self.name) + 2}}{name:<12}{med(self.rates[name]):>8.1f}"
                  f"{med(r):>14.2f} ({min(r):.2f}-{max(r):.2f})"
                  f"{med(self.cpu_ms[name]):>24.1f}")


def setup_only(args) -> None:
    """In the tree being measured: prepare its database, make the learner, print them."""
    env = serving.bench_env(args.database, args.redis, settings="bench.ceiling_settings")
    if not args.skip_prepare:
        with contextlib.redirect_stdout(sys.stderr):
            serving.prepare(env, Path.cwd())
    serving.setup_django(env)
    from django.conf import settings

    session, open_pk, graded_pk = learner_with_attempts(f"ceiling-{secrets.token_hex(4)}")
    print(json.dumps({"cookie_name": settings.SESSION_COOKIE_NAME, "session": session,
                      "open": open_pk, "graded": graded_pk}))


def _chosen(pages: dict, wanted: str) -> list[str]:
    """The page names ``--pages`` asks for ("take" is the take page), in their order."""
    asked = [w.strip() for w in wanted.split(",") if w.strip()]
    chosen = [n for n in pages if not asked or any(n.startswith(w) for w in asked)]
    if not chosen:
        sys.exit(f"--pages {wanted!r} names none of: {', '.join(pages)}")
    return chosen


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
    parser.add_argument("--compare-with", type=Path, default=None,
                        help="another app tree (e.g. `git archive` of an older commit, with "
                             "this bench/ copied in), served and measured in turn")
    parser.add_argument("--compare-database", default=serving.DEFAULT_DB + "_before")
    parser.add_argument("--pages", default="",
                        help="measure only these pages, comma-separated (e.g. take,result); "
                             "fewer pages leave room for more rounds")
    parser.add_argument("--setup-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup_only:
        setup_only(args)
        return
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")

    env = serving.bench_env(args.database, args.redis, settings="bench.ceiling_settings")
    sites = [Site("this tree", serving.ROOT, args.database, args, env)]
    try:
        if args.compare_with:
            sites.append(Site(str(args.compare_with), args.compare_with.resolve(),
                              args.compare_database, args, env))
        for site in sites:  # warm up every worker
            for path in ["/bench/ceiling/", *site.pages.values()]:
                wrk(site.server.base + path, site.cookie, 1, args.connections)
        for _ in range(args.rounds):
            for name in _chosen(sites[0].pages, args.pages):
                for site in sites:
                    ceiling = site.measure("ceiling", "/bench/ceiling/", args.seconds,
                                           args.connections)
                    page = site.measure(name, site.pages[name], args.seconds,
                                        args.connections)
                    site.ratios[name].append(page / ceiling)
    finally:
        for site in sites:
            site.server.stop()
    print(f"gunicorn --workers {args.workers}" + (f" --threads {args.threads}"
                                                  if args.threads > 1 else " (sync)")
          + f"; wrk -t1 -c{args.connections}, {args.seconds:g} s per run, "
          f"{args.rounds} rounds, each page right after a ceiling run; medians")
    for site in sites:
        site.report()


if __name__ == "__main__":
    main()
