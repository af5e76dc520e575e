"""Where a page's time goes: cProfile of the take page and the result page, in-process,
on the PostgreSQL bench database with Redis sessions and the production settings.

    .venv/bin/python bench/profile_pages.py [--requests 200] [--page take|result|both]

The learner is made as ``bench/ceiling.py`` makes it (a graded Git diagnostic, an open
Mathematics diagnostic with ten answers). Prints the time per request, the queries per
request, and the share of time by package (psycopg, the ORM, templates, ...), then the
top functions by cumulative time. Machines here are shared: read the shares.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import serving

GROUPS = [  # first match wins: (label, substring of the file path)
    ("psycopg (incl. waiting for PostgreSQL)", "/psycopg"),
    ("redis", "/redis/"),
    ("Django ORM", "/django/db/"),
    ("Django templates", "/django/template/"),
    ("Django forms", "/django/forms/"),
    ("Django other", "/django/"),
    ("this project", str(serving.ROOT / "quizzes")),
    ("this project", str(serving.ROOT / "accounts")),
    ("this project", str(serving.ROOT / "config")),
    ("other packages", "site-packages"),
]


def group_of(filename: str) -> str:
    if filename.startswith("~") or filename.startswith("<"):
        return "builtins (socket reads, json, ...)"
    for label, needle in GROUPS:
        if needle in filename:
            return label
    return "Python stdlib"


def shares(stats: pstats.Stats) -> dict[str, float]:
    """Own time (tottime) by group, as fractions of the total."""
    totals: dict[str, float] = defaultdict(float)
    for (filename, _, _), (_, _, tottime, _, _) in stats.stats.items():
        totals[group_of(filename)] += tottime
    whole = sum(totals.values()) or 1
    return {k: v / whole for k, v in sorted(totals.items(), key=lambda kv: -kv[1])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--page", choices=["take", "result", "both"], default="both")
    parser.add_argument("--database", default=serving.DEFAULT_DB)
    parser.add_argument("--redis", default=serving.DEFAULT_REDIS)
    parser.add_argument("--skip-prepare", action="store_true")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--dump", type=Path, default=None,
                        help="a directory to write each page's pstats file to "
                             "(<page>.pstats, for `python -m pstats`)")
    args = parser.parse_args()
    env = serving.bench_env(args.database, args.redis, settings="bench.ceiling_settings")
    env["DJANGO_ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    if not args.skip_prepare:
        serving.prepare(env)
    serving.vacuum_analyze(args.database)  # as autovacuum would (off on this machine)
    serving.setup_django(env)
    import secrets

    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from bench.ceiling import learner_with_attempts

    session, open_pk, graded_pk = learner_with_attempts(f"profile-{secrets.token_hex(4)}")
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session
    pages = {"ceiling": "/bench/ceiling/", "take": f"/attempts/{open_pk}/?q=3",
             "result": f"/attempts/{graded_pk}/result/"}
    wanted = ["take", "result"] if args.page == "both" else [args.page]
    for name in ["ceiling", *wanted]:
        url = pages[name]
        for _ in range(5):  # warm: caches, connections, templates
            assert client.get(url).status_code == 200
        queries = []

        def log(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(log):
            client.get(url)
        t0 = time.perf_counter()
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.requests):
            client.get(url)
        profiler.disable()
        ms = 1000 * (time.perf_counter() - t0) / args.requests
        print(f"\n== {name} {url}: {ms:.2f} ms/request under the profiler, "
              f"{len(queries)} queries (the session is read from Redis)")
        for sql in queries:
            print("   ", sql[:160])
        stats = pstats.Stats(profiler)
        if args.dump:
            args.dump.mkdir(parents=True, exist_ok=True)
            stats.dump_stats(args.dump / f"{name}.pstats")
        for label, share in shares(stats).items():
            print(f"  {share:6.1%}  {label}")
        if name != "ceiling":
            stats.sort_stats("cumulative").print_stats(args.top)
            stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
