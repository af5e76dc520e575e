"""Page cost against attempt size: median time and query count of the take page, an
answer post and the result page for attempts of 5, 50 and 200 questions.

    .venv/bin/python bench/bench_pages.py [--repeat 30]

Runs in-process (Django test client) on a scratch SQLite database. Machines here are
shared and noisy: read the ratios between sizes, not the absolute milliseconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--sizes", default="5,50,200")
    args = parser.parse_args()
    scratch = tempfile.mkdtemp()
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DJANGO_DEBUG"] = "true"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,localhost"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    call_command("migrate", verbosity=0)
    from quizzes.services.attempts import attempt_start, attempt_submit
    from tests.factories import (
        AreaFactory,
        AssessmentFactory,
        QuestionFactory,
        TopicFactory,
        UserFactory,
    )

    kinds = ["single", "multiple", "truefalse", "numeric", "text", "ordering"]
    rows = []
    for n in [int(s) for s in args.sizes.split(",")]:
        area = AreaFactory()
        topics = [TopicFactory(area=area), TopicFactory(area=area)]
        for i in range(n):
            QuestionFactory(topic=topics[i % 2], version__kind=kinds[i % 6])
        assessment = AssessmentFactory(area=area, topics=topics, topics__per_topic=(n + 1) // 2)
        user = UserFactory()
        client = Client()
        client.force_login(user)
        attempt = attempt_start(user=user, assessment=assessment)
        take = reverse("quizzes:attempt_take", args=[attempt.pk]) + "?q=2"
        save = reverse("quizzes:response_save", args=[attempt.pk, 2])

        def measure(fn):
            fn()  # warm
            reset_queries()  # the debug query log is capped; start from empty
            with CaptureQueriesContext(connection) as ctx:
                response = fn()
            assert response.status_code == 200, response.status_code
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                fn()
                times.append((time.perf_counter() - t0) * 1000)
            return statistics.median(times), len(ctx.captured_queries)

        hx = {"HX-Request": "true"}
        t_take, q_take = measure(partial(client.get, take, headers=hx))
        t_save, q_save = measure(partial(client.post, save, {"action": "flag"}, headers=hx))
        attempt_submit(attempt=attempt)
        result = reverse("quizzes:attempt_result", args=[attempt.pk])
        t_res, q_res = measure(partial(client.get, result))
        rows.append((n, t_take, q_take, t_save, q_save, t_res, q_res))

    print("| questions | take page ms (queries) | answer post ms (queries) "
          "| result page ms (queries) |")
    print("|---:|---:|---:|---:|")
    for n, t1, q1, t2, q2, t3, q3 in rows:
        print(f"| {n} | {t1:.1f} ({q1}) | {t2:.1f} ({q2}) | {t3:.1f} ({q3}) |")
    base = rows[0]
    for row in rows[1:]:
        print(f"ratio {row[0]}/{base[0]} questions: take {row[1] / base[1]:.2f}x, "
              f"post {row[3] / base[3]:.2f}x, result {row[5] / base[5]:.2f}x")


if __name__ == "__main__":
    main()
