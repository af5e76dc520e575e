"""A production serve for the load benches: a PostgreSQL bench database, Redis sessions,
gunicorn + whitenoise with DEBUG off and a random secret key, on 127.0.0.1 only.

Used by ``bench/load_attempts.py`` and ``bench/ceiling.py``; not a test.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# This tree's virtualenv; a tree without one (an exported older commit) uses the running one.
VENV_BIN = ROOT / ".venv" / "bin" if (ROOT / ".venv").exists() else Path(sys.executable).parent
PY = str(VENV_BIN / "python")
GUNICORN = str(VENV_BIN / "gunicorn")
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/skillcheck_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/1"


def bench_env(database_url: str, redis_url: str, settings: str = "config.settings") -> dict:
    """The environment of the serve. The secret key is new on every run (the bench creates
    its learners' sessions with it, so the setup and the server share it)."""
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": settings,
        "DJANGO_SECRET_KEY": env.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_COOKIES": "false",  # plain http on loopback
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
    })
    env.pop("DJANGO_DEBUG", None)
    env["BENCH_SECRET_KEY"] = env["DJANGO_SECRET_KEY"]
    return env


def ensure_database(database_url: str) -> None:
    """Create the bench database if it does not exist (it is never the shared test DB)."""
    import psycopg

    base, _, name = database_url.rpartition("/")
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def prepare(env: dict, root: Path = ROOT) -> None:
    """Migrate, load the shipped banks and collect static files into the bench database
    (``root``: the app's tree, this one unless comparing with another commit's)."""
    ensure_database(env["DATABASE_URL"])
    for args in (["migrate", "--noinput", "-v0"], ["load_banks", "-v0"],
                 ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([PY, "manage.py", *args], cwd=root, env=env, check=True)


def vacuum_analyze(database_url: str) -> None:
    """What autovacuum does between runs on a maintained server: drop the dead rows every
    autosave leaves and refresh the planner's statistics. (This machine's PostgreSQL runs
    with ``autovacuum = off``: without this, each run's 100,000 updates piled up and the
    responses table was never analysed.)"""
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")


def setup_django(env: dict) -> None:
    """Configure Django in this process against the bench database (for users, sessions
    and the final check of every acknowledged answer)."""
    os.environ.update({k: env[k] for k in ("DJANGO_SETTINGS_MODULE", "DJANGO_SECRET_KEY",
                                            "DJANGO_ALLOWED_HOSTS", "DATABASE_URL",
                                            "REDIS_URL", "DJANGO_SECURE_COOKIES")})
    os.environ.pop("DJANGO_DEBUG", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def create_learners(prefix: str, n: int) -> list[str]:
    """``n`` learners and a logged-in session for each (the cookie values). Logging in
    through the form would spend minutes hashing passwords, which is not what is measured."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.utils.module_loading import import_string

    from accounts.models import User

    password = make_password(secrets.token_urlsafe(16))
    User.objects.bulk_create([User(email=f"{prefix}-{i}@bench.invalid", password=password)
                              for i in range(n)], batch_size=500)
    users = list(User.objects.filter(email__startswith=f"{prefix}-").order_by("pk"))
    store_cls = import_string(settings.SESSION_ENGINE + ".SessionStore")
    # The backend that logs people in (a throttling backend in front of it does not).
    backend = next(path for path in settings.AUTHENTICATION_BACKENDS
                   if hasattr(import_string(path), "get_user"))
    keys = []
    for user in users:
        store = store_cls()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = backend
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        keys.append(store.session_key)
    return keys


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn on 127.0.0.1; ``threads`` > 1 selects the gthread worker."""

    def __init__(self, env: dict, *, workers: int = 2, threads: int = 1,
                 port: int | None = None, root: Path = ROOT) -> None:
        self.env = env
        self.root = root
        self.port = port or free_port()
        self.workers = workers
        self.threads = threads
        self.proc: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        cmd = [GUNICORN, "config.wsgi", "--bind", f"127.0.0.1:{self.port}",
               "--workers", str(self.workers), "--timeout", "60", "--log-level", "warning"]
        if os.environ.get("BENCH_GUNICORN_CONFIG"):  # e.g. hooks that profile each worker
            cmd += ["--config", os.environ["BENCH_GUNICORN_CONFIG"]]
        if self.threads > 1:
            cmd += ["--threads", str(self.threads)]
        self.proc = subprocess.Popen(cmd, cwd=self.root, env=self.env)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.base + "/accounts/login/", timeout=5).read()
                return self
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def worker_pids(self) -> list[int]:
        """The master's children (its workers), read from /proc."""
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.proc.pid:
                pids.append(int(stat.parent.name))
        return sorted(pids)

    def cpu_seconds(self) -> float:
        """User + system CPU time of the workers so far (from /proc; a killed or
        recycled worker's time is lost, so read it around runs that kill none)."""
        tick = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in self.worker_pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])
        return total / tick

    def kill_one_worker(self) -> int:
        pid = self.worker_pids()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def answer_decoder():
    """``decode((attempt id, position), form data) -> stored form``: what the app's own
    answer form stores for the data a learner sent (option values on the page need not be
    database ids), reduced by ``client.stored_form``."""
    from django.http import QueryDict

    from bench.client import stored_form
    from quizzes.forms import AnswerForm
    from quizzes.models import Response

    try:  # the form of one response, where option values are scoped to it
        from quizzes.views.attempts import answer_form
    except ImportError:
        def answer_form(response, data):
            return AnswerForm(data, kind=response.version.kind,
                              choice_ids=response.choice_order)
    responses: dict[tuple[int, int], Response] = {}

    def decode(key: tuple[int, int], data: list[tuple[str, str]]) -> object:
        if key not in responses:
            responses[key] = Response.objects.select_related("version").get(
                attempt_id=key[0], position=key[1])
        query = QueryDict(mutable=True)
        for name, value in data:
            query.appendlist(name, value)
        form = answer_form(responses[key], query)
        return stored_form(form.answer_json()) if form.is_valid() else "invalid"

    return decode


def process_cpu_seconds(name: str) -> float:
    """User + system CPU time so far of every process whose command is ``name`` (e.g.
    ``postgres``, ``redis-server``): the database's share of a run, read around it. Other
    users of the same server on the machine are counted too; read it on runs that have the
    server to themselves."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            head, rest = stat.read_text().rsplit(")", 1)
        except OSError:
            continue
        if head.split("(", 1)[1] != name:
            continue
        fields = rest.split()
        total += int(fields[11]) + int(fields[12])
    return total / tick
