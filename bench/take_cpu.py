"""CPU per request of the take page and the answer post, in-process, against the ceiling.

    .venv/bin/python bench/take_cpu.py [--rounds 3] [--prepare]

The learner is made as ``bench/ceiling.py`` makes it (an open Mathematics diagnostic with
ten answers). Each round measures the ceiling (``bench/ceiling_urls.py``), the take page
at every position (full page and htmx panel: the kinds of question differ in cost), an
autosave and a "Save and next" of every question (htmx, with a growing ``seq``), with
``time.process_time`` (CPU of this process only, and a busy machine disturbs it far less
than wall time). Then PostgreSQL's own CPU per request, from /proc over ``--sql-calls``
requests of each kind (other users of the server count too: read it on a quiet one).
Prints the medians and the ratios to the ceiling. Run it in two trees (``git archive
<commit> | tar -x -C DIR``, with the ``.venv`` linked and ``--prepare`` once for the static
files) to compare them.
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import serving

HX = {"HX-Request": "true"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database", default=serving.DEFAULT_DB)
    parser.add_argument("--redis", default=serving.DEFAULT_REDIS)
    parser.add_argument("--prepare", action="store_true")
    parser.add_argument("--sql-calls", type=int, default=400,
                        help="requests of each kind over which PostgreSQL's CPU is read")
    args = parser.parse_args()
    env = serving.bench_env(args.database, args.redis, settings="bench.ceiling_settings")
    env["DJANGO_ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    if args.prepare:
        serving.prepare(env)
    serving.vacuum_analyze(args.database)  # as autovacuum would (off on this machine)
    serving.setup_django(env)
    from django.conf import settings
    from django.db import close_old_connections
    from django.test import Client

    from bench.ceiling import fake_answer, learner_with_attempts
    from quizzes.forms import choice_token, response_scope
    from quizzes.models import Response

    session, open_pk, _ = learner_with_attempts(f"takecpu-{secrets.token_hex(4)}")
    client = Client(headers={"Accept-Encoding": "gzip"})  # as every browser asks
    client.cookies[settings.SESSION_COOKIE_NAME] = session
    responses = list(Response.objects.filter(attempt_id=open_pk).select_related("version")
                     .order_by("position"))
    seq = [1]

    def cpu_ms(call, n: int = 1) -> float:
        start = time.process_time()
        for _ in range(n):
            close_old_connections()  # what each request starts with under gunicorn
            assert call().status_code == 200
        return 1000 * (time.process_time() - start) / n

    def form(response, action: str) -> dict:
        answer, scope = fake_answer(response), response_scope(response.pk)
        if "order" in answer:
            data = {f"pos_{choice_token(scope, cid)}": str(i)
                    for i, cid in enumerate(answer["order"], start=1)}
        elif "choices" in answer:
            data = {"answer": [choice_token(scope, cid) for cid in answer["choices"]]}
        else:
            data = {"answer": answer.get("value", answer.get("text"))}
        seq[0] += 1
        return {**data, "action": action, "seq": str(seq[0])}

    def take(q: int, headers=None):
        return lambda: client.get(f"/attempts/{open_pk}/?q={q}", headers=headers or {})

    def post(r, action: str):
        # Form-encoded, as htmx and the browser send it (the test client's default,
        # multipart, costs the server more to parse).
        return lambda: client.post(f"/attempts/{open_pk}/q/{r.position}/",
                                   urlencode(form(r, action), doseq=True),
                                   content_type="application/x-www-form-urlencoded",
                                   headers=HX)

    positions = [r.position for r in responses]
    for q in positions:  # warm: every version's choices and Markdown, every template
        cpu_ms(take(q), 2)
        cpu_ms(take(q, HX), 2)
    for r in responses[:-1]:
        cpu_ms(post(r, "autosave"))
        cpu_ms(post(r, "next"))
    cpu_ms(lambda: client.get("/bench/ceiling/"), 5)
    found: dict[str, list[float]] = {k: [] for k in ("ceiling", "take page", "take panel (htmx)",
                                                     "autosave", "save and next")}
    for _ in range(args.rounds):
        found["ceiling"].append(cpu_ms(lambda: client.get("/bench/ceiling/"), 48))
        found["take page"].append(statistics.mean(cpu_ms(take(q)) for q in positions))
        found["take panel (htmx)"].append(statistics.mean(cpu_ms(take(q, HX))
                                                          for q in positions))
        found["autosave"].append(statistics.mean(cpu_ms(post(r, "autosave"))
                                                 for r in responses[:-1]))
        found["save and next"].append(statistics.mean(cpu_ms(post(r, "next"))
                                                      for r in responses[:-1]))
    # PostgreSQL's CPU (every ``postgres`` process, from /proc, in clock ticks: read
    # around a long run of each request, outside the process-time windows above).
    sql: dict[str, float] = {}
    runs = {"ceiling": [lambda: client.get("/bench/ceiling/")],
            "take page": [take(q) for q in positions],
            "take panel (htmx)": [take(q, HX) for q in positions],
            "autosave": [post(r, "autosave") for r in responses[:-1]],
            "save and next": [post(r, "next") for r in responses[:-1]]}
    for name, calls in runs.items():
        n = max(1, args.sql_calls // len(calls)) * len(calls)
        before = serving.process_cpu_seconds("postgres")
        for i in range(n):
            close_old_connections()
            assert calls[i % len(calls)]().status_code == 200
        sql[name] = 1000 * (serving.process_cpu_seconds("postgres") - before) / n
    ceiling = statistics.median(found["ceiling"])
    print(f"{serving.ROOT}: CPU ms per request (median of {args.rounds} rounds), ratio to "
          f"the ceiling; PostgreSQL's CPU per request (over {args.sql_calls} requests each)")
    for name, values in found.items():
        value = statistics.median(values)
        print(f"  {name:<20} {value:6.2f}  {value / ceiling:5.2f}   postgres {sql[name]:5.2f}")


if __name__ == "__main__":
    main()
