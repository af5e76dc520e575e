"""Load bench: learners taking whole attempts against a production serve, and a check of
every acknowledged answer against the database.

    .venv/bin/python bench/load_attempts.py --learners 200 --pace 30 --duration 120
    .venv/bin/python bench/load_attempts.py --learners 200 --pace 3 --duration 120
    .venv/bin/python bench/load_attempts.py --learners 200 --pace 3 --threads 4
    .venv/bin/python bench/load_attempts.py --learners 100 --pace 3 --kill-worker-at 30

It serves with gunicorn (``--workers 2``, sync; ``--threads N`` for gthread) + whitenoise,
DEBUG off, a random secret key, PostgreSQL (``--database``, default the
``skillcheck_bench`` database, created if missing, vacuumed and analysed before each run
as autovacuum would) and Redis sessions (``--redis``), on 127.0.0.1 only. Each learner
(``bench/client.py``) answers one question every ``--pace`` seconds on average (changes
autosaved as the page's htmx does, then "Save and next"), submits, reads the result and
starts the next attempt, until ``--duration`` is over. The report: p50/p95/p99
per request type, errors, retries (a reset connection retried as the page's script does),
and lost answers: acknowledged answers the database does not hold (must be 0).

``--kill-worker-at S`` sends SIGKILL to one gunicorn worker S seconds into the run: the
master starts another, learners retry, and nothing acknowledged may be lost.
"""

from __future__ import annotations

import argparse
import random
import secrets
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import client, serving

FIXED_FORMS = ["maths-diagnostic", "dsa-diagnostic", "git-diagnostic", "cloud-diagnostic",
               "production-code-diagnostic"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--pace", type=float, default=30.0, help="seconds per question")
    parser.add_argument("--duration", type=float, default=120.0, help="seconds, at most 600")
    parser.add_argument("--ramp", type=float, default=None,
                        help="seconds over which learners arrive (default: one pace)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--kill-worker-at", type=float, default=None)
    parser.add_argument("--database", default=serving.DEFAULT_DB)
    parser.add_argument("--redis", default=serving.DEFAULT_REDIS)
    parser.add_argument("--skip-prepare", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    duration = min(args.duration, 600.0)

    env = serving.bench_env(args.database, args.redis)
    if not args.skip_prepare:
        serving.prepare(env)
    serving.setup_django(env)
    from django.conf import settings

    from quizzes.models import Response

    prefix = f"load-{secrets.token_hex(4)}"
    keys = serving.create_learners(prefix, args.learners)
    serving.vacuum_analyze(args.database)
    server = serving.Server(env, workers=args.workers, threads=args.threads).start()
    stats = client.Stats()
    rng = random.Random(args.seed)
    ramp = args.pace if args.ramp is None else args.ramp
    t0 = time.time()
    stop_at = t0 + duration
    cpu0 = (server.cpu_seconds(), serving.process_cpu_seconds("postgres"),
            serving.process_cpu_seconds("redis-server"), time.process_time())
    learners, threads = [], []
    try:
        for i, key in enumerate(keys):
            learner = client.Learner(server.base, (settings.SESSION_COOKIE_NAME, key), stats,
                                     pace=args.pace, rng=random.Random(rng.random()),
                                     stop_at=stop_at)
            learners.append(learner)
            thread = threading.Thread(target=learner.run, args=(FIXED_FORMS,), daemon=True)
            threads.append((t0 + ramp * i / max(1, len(keys)), thread))
        killed = None
        pending = list(threads)
        while pending or any(t.is_alive() for _, t in threads):
            now = time.time()
            while pending and pending[0][0] <= now:
                pending.pop(0)[1].start()
            if args.kill_worker_at is not None and killed is None \
                    and now - t0 >= args.kill_worker_at:
                killed = server.kill_one_worker()
                print(f"SIGKILL worker {killed} at {now - t0:.1f} s", flush=True)
            if now > stop_at + 120:
                print("learners still busy 120 s after the end; giving up on them")
                break
            time.sleep(0.05)
        for learner in learners:
            learner.wait()
        elapsed = time.time() - t0
        cpu1 = (server.cpu_seconds(), serving.process_cpu_seconds("postgres"),
                serving.process_cpu_seconds("redis-server"), time.process_time())
    finally:
        server.stop()

    report = client.summary(stats, elapsed)
    report["timeline"] = client.timeline(stats, t0)
    attempts = {a for a, _ in stats.acked}
    stored = {(r["attempt_id"], r["position"]): r["answer"] for r in
              Response.objects.filter(attempt_id__in=attempts)
              .values("attempt_id", "position", "answer")}
    lost = client.lost_answers(stats, stored, serving.answer_decoder())
    report.update({
        "learners": args.learners, "pace_s": args.pace, "duration_s": round(elapsed, 1),
        "server": f"gunicorn --workers {args.workers}"
                  + (f" --threads {args.threads}" if args.threads > 1 else " (sync)"),
        "killed_worker": args.kill_worker_at is not None,
        "acknowledged_answers": len(stats.acked), "lost_answers": len(lost),
        "lost_examples": lost[:5],
    })
    if killed is None and report["requests"]:
        # CPU per request, server side: what bounds throughput on this machine's 2 cores
        # whatever else runs on it. The load client's own CPU (this process: 200 learner
        # threads parsing every page) is reported apart and not counted in the estimate;
        # on this machine it competes with the server for the same two cores.
        n = report["requests"]
        ms = [round(1000 * (b - a) / n, 2) for a, b in zip(cpu0, cpu1, strict=True)]
        report["cpu_ms_per_request"] = {"workers": ms[0], "postgres": ms[1], "redis": ms[2]}
        report["client_cpu_ms_per_request"] = ms[3]
        report["saturation_estimate_per_s"] = round(2000 / max(sum(ms[:3]), 0.01))
    print(client.dumps(report))
    sys.exit(1 if lost else 0)


if __name__ == "__main__":
    main()
