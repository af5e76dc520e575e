"""CPU per request of every request of a whole attempt, in-process: where a cohort's CPU goes.

    .venv/bin/python bench/cycle_cpu.py [--learners 6] [--profile start]

Learners (made as ``bench/serving.py`` makes the load bench's) each take the five fixed
diagnostics the way ``bench/load_attempts.py`` does: the assessment page, "Start", the
take page, an autosave and a "Save and next" per question (htmx, form-encoded), the submit
page, the submit and the result. For each kind of request it prints the count, this
process's CPU per request (``time.process_time``) and PostgreSQL's (from /proc, over all
requests of that kind), and each kind's share of the whole cycle's CPU, so the kinds that
are few but costly show next to the many cheap ones. ``--profile KIND`` prints cProfile's
top functions for that kind (``all``: every request; ``--sort tottime`` for own time).
Production settings, PostgreSQL and Redis sessions; run it on a quiet machine
(PostgreSQL's figures count every user of the server).
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import pstats
import re
import secrets
import sys
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import serving

HX = {"HX-Request": "true"}
FORMS = ["maths-diagnostic", "dsa-diagnostic", "git-diagnostic", "cloud-diagnostic",
         "production-code-diagnostic"]


def body(response) -> str:
    """The page's text (the client asks for gzip, as browsers do)."""
    raw = response.content
    return (gzip.decompress(raw) if response.get("Content-Encoding") == "gzip" else raw).decode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=6)
    parser.add_argument("--profile", default=None,
                        help='a kind of request to profile, or "all"')
    parser.add_argument("--sort", default="cumulative", help="with --profile: pstats' key")
    parser.add_argument("--top-filter", default=None,
                        help="with --profile: only functions whose path holds this")
    parser.add_argument("--database", default=serving.DEFAULT_DB)
    parser.add_argument("--redis", default=serving.DEFAULT_REDIS)
    parser.add_argument("--callees", default=None,
                        help="with --profile: also what the functions matching this call")
    parser.add_argument("--prepare", action="store_true")
    args = parser.parse_args()
    env = serving.bench_env(args.database, args.redis)
    env["DJANGO_ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    if args.prepare:
        serving.prepare(env)
    serving.vacuum_analyze(args.database)  # as autovacuum would (off on this machine)
    serving.setup_django(env)
    from django.conf import settings
    from django.db import close_old_connections
    from django.test import Client

    cpu: dict[str, float] = defaultdict(float)
    sql: dict[str, float] = defaultdict(float)
    count: dict[str, int] = defaultdict(int)
    profiler = cProfile.Profile(time.process_time) if args.profile else None

    def timed(kind: str, call, *call_args, expect: int = 200, **kwargs):
        before_sql = serving.process_cpu_seconds("postgres")
        profiled = args.profile in (kind, "all")
        if profiled:
            profiler.enable()
        start = time.process_time()
        # Under gunicorn every request starts with this (the health check of the
        # connection before its first query); Django's test client skips it.
        close_old_connections()
        response = call(*call_args, **kwargs)
        cpu[kind] += time.process_time() - start
        if profiled:
            profiler.disable()
        sql[kind] += serving.process_cpu_seconds("postgres") - before_sql
        count[kind] += 1
        if response.status_code != expect:
            raise RuntimeError(f"{kind}: {response.status_code}")
        return response

    def form_post(client, url: str, data: list, kind: str, expect: int = 200, headers=None):
        return timed(kind, client.post, url, urlencode(data), expect=expect,
                     content_type="application/x-www-form-urlencoded", headers=headers or {})

    # A server that has run a while holds every question's choices and rendered Markdown
    # in process memory (quizzes.version_cache, quizzes.rendering): so does this one.
    from quizzes import version_cache
    from quizzes.cards import build_card
    from quizzes.forms import AnswerForm
    from quizzes.models import QuestionVersion

    versions = list(QuestionVersion.objects.filter(question__status="live"))
    version_cache.with_choices(versions)
    for version in versions:
        choices = [c.pk for c in version.choices.all()]
        build_card(version, choices, AnswerForm(None, kind=version.kind, choice_ids=choices,
                                                scope="warm"), None, reveal=True, credit=1.0)

    keys = serving.create_learners(f"cycle-{secrets.token_hex(4)}", args.learners)
    warm = True  # the first learner warms every template and cache: not counted
    # One handler, as a server process has (a new one loads middleware); gzip, as browsers ask.
    client = Client(headers={"Accept-Encoding": "gzip"})
    for key in keys:
        client.cookies.clear()
        client.cookies[settings.SESSION_COOKIE_NAME] = key
        for slug in FORMS:
            page = timed("assessment page", client.get, f"/assessments/{slug}/")
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"',
                              body(page)).group(1)
            started = form_post(client, f"/assessments/{slug}/start/",
                                [("csrfmiddlewaretoken", token)], "start", expect=302)
            take_url = started["Location"]
            attempt = int(re.search(r"/attempts/(\d+)/", take_url).group(1))
            timed("take page", client.get, take_url)
            position, seq = 1, 0
            while True:
                url = f"/attempts/{attempt}/q/{position}/"
                seq += 1
                form_post(client, url, [("seq", str(seq)), ("action", "autosave")],
                          "autosave", headers=HX)
                seq += 1
                done = form_post(client, url, [("seq", str(seq)), ("action", "dont-know")],
                                 "save and next", headers=HX)
                if "HX-Redirect" in done:
                    break
                position += 1
            page = timed("submit page", client.get, f"/attempts/{attempt}/submit/")
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"',
                              body(page)).group(1)
            result = form_post(client, f"/attempts/{attempt}/submit/",
                               [("csrfmiddlewaretoken", token)], "submit", expect=302)
            timed("result page", client.get, result["Location"])
        if warm:
            cpu.clear(), sql.clear(), count.clear()
            warm = False

    total = sum(cpu.values()) + sum(sql.values())
    print(f"{serving.ROOT}: {args.learners - 1} learners x {len(FORMS)} diagnostics "
          f"(the first learner warms up, not counted)")
    print(f"  {'request':<16} {'n':>5} {'CPU ms':>8} {'postgres ms':>12} {'share':>6}")
    for kind in cpu:
        n = count[kind]
        share = (cpu[kind] + sql[kind]) / total
        print(f"  {kind:<16} {n:>5} {1000 * cpu[kind] / n:>8.2f} {1000 * sql[kind] / n:>12.2f} "
              f"{share:>6.1%}")
    n = sum(count.values())
    print(f"  {'all':<16} {n:>5} {1000 * sum(cpu.values()) / n:>8.2f} "
          f"{1000 * sum(sql.values()) / n:>12.2f}")
    if profiler is not None:
        stats = pstats.Stats(profiler)
        stats.sort_stats(args.sort).print_stats(args.top_filter or "", 45)
        if args.callees:
            stats.print_callees(args.callees)


if __name__ == "__main__":
    main()
