"""The standing among other learners against the number of learners in an area: median
time of the counts the result page and the readiness check show (``standing_counts``,
from the per-band counts) beside counting every learner's estimate (the statement before
them), at 1,000, 10,000 and 100,000 learners, on PostgreSQL.

    .venv/bin/python bench/bench_standing.py [--sizes 1000,10000,100000] [--repeat 40]

Makes (and drops) the database ``skillcheck_bench_standing`` on DATABASE_URL's server
(default postgres://postgres@127.0.0.1:5432). Learners' θ are drawn from N(0, 1), six
areas each, by SQL. Machines here are shared and noisy: read the ratios.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SERVER = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
NAME = "skillcheck_bench_standing"
#: The counts before the bands: every other learner's estimate in the area, one by one.
COUNTING = """
SELECT COUNT(*), COUNT(*) FILTER (WHERE theta < %(theta)s),
       COUNT(*) FILTER (WHERE theta = %(theta)s)
  FROM quizzes_abilityestimate
 WHERE area_id = %(area)s AND topic_id IS NULL AND user_id <> %(user)s"""
GROW = """
INSERT INTO accounts_user (password, is_superuser, first_name, last_name, is_staff,
    is_active, date_joined, email, display_name, target_level, weekly_hours, free_only,
    preferred_kinds, key_shortcuts)
SELECT '', false, '', '', false, true, now(), 'bench' || (g + %(start)s) || '@example.org',
       '', 3, 5, false, '[]', false
  FROM generate_series(1, %(n)s) g;
INSERT INTO quizzes_abilityestimate (theta, se, correct, answered, measured_at, user_id,
    area_id)
SELECT sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()), 0.3, 5, 10, now(), u.id, a.id
  FROM accounts_user u CROSS JOIN quizzes_area a
 WHERE u.email LIKE 'bench%%' AND u.id > %(after)s;
VACUUM ANALYZE quizzes_abilityestimate;
VACUUM ANALYZE quizzes_abilitybucket;"""


def median_ms(run, repeat: int) -> float:
    from bench.bench_measurement import median_us

    return median_us(run, repeat) / 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    import psycopg

    base = SERVER.rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {NAME}")
        admin.execute(f"CREATE DATABASE {NAME}")
    os.environ["DATABASE_URL"] = f"{base}/{NAME}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + "x" * 50)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from accounts.models import User
    from quizzes import standing_counts
    from quizzes.models import Area

    call_command("migrate", verbosity=0)
    for slug in ("a", "b", "c", "d", "e", "f"):
        Area.objects.create(slug=f"bench-{slug}", title=f"Bench {slug}")
    area = Area.objects.order_by("pk").first()
    me = User.objects.create_user(email="me@example.org", password=None)
    have = 0
    theta = 0.4321  # about the 67th percentile
    print(f"| learners in the area | bands ({standing_counts.__name__}) ms "
          "| counting every learner ms | ratio |")
    print("|---|---|---|---|")
    for n in [int(s) for s in args.sizes.split(",")]:
        with connection.cursor() as cursor:
            after = User.objects.order_by("-pk").values_list("pk", flat=True).first()
            for statement in GROW.split(";"):
                if statement.strip():
                    cursor.execute(statement, {"n": n - have, "start": have,
                                               "after": after})
        have = n
        def bands():
            standing_counts.per_area(user=me, thetas={area.pk: theta})

        def counting():
            with connection.cursor() as cursor:
                cursor.execute(COUNTING, {"theta": theta, "area": area.pk, "user": me.pk})
                cursor.fetchall()

        got = standing_counts.per_area(user=me, thetas={area.pk: theta})[area.pk]
        with connection.cursor() as cursor:
            cursor.execute(COUNTING, {"theta": theta, "area": area.pk, "user": me.pk})
            others, below, ties = cursor.fetchone()
        assert got == {"others": others, "below": below, "ties": ties}, (got, others, below)
        rounds = [(median_ms(bands, args.repeat), median_ms(counting, args.repeat))
                  for _ in range(3)]  # alternating, as everything on a noisy machine
        b = statistics.median(r[0] for r in rounds)
        c = statistics.median(r[1] for r in rounds)
        print(f"| {n:,} | {b:.2f} | {c:.2f} | {b / c:.2f} |")
    connection.close()
    if args.keep:
        return
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE {NAME}")


if __name__ == "__main__":
    main()
