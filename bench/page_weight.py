"""Bytes a browser moves for the take page and a 25-question result page, with the
production static storage (collectstatic: hashed names, Brotli and gzip files) and
whitenoise, as `make serve-prod` serves them.

    .venv/bin/python bench/page_weight.py

Runs in-process (Django test client, DEBUG off) on a scratch SQLite database and a scratch
STATIC_ROOT, with the shipped banks. Each page is fetched with its stylesheets, scripts and
icon three ways: uncompressed (no Accept-Encoding), gzip only, and "br, gzip" as browsers
ask; the figures are body bytes (headers left out). docs/performance.md "Page weight".
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ENCODINGS = {"identity": None, "gzip": "gzip", "br": "br, gzip"}
ASSET = re.compile(r'<(?:link[^>]+href|script[^>]+src)="(/static/[^"]+)"')


def body_bytes(response) -> int:
    if response.streaming:
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def main() -> None:
    scratch = Path(tempfile.mkdtemp(prefix="page-weight-"))
    try:
        measure(scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def measure(scratch: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    import django
    from django.conf import settings

    django.setup()
    settings.STATIC_ROOT = scratch / "static"
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_banks", verbosity=0)
    from quizzes.models import Assessment, QuestionKind
    from quizzes.services.attempts import attempt_start, attempt_submit, response_save
    from tests.factories import UserFactory

    user = UserFactory()
    assessment = next(a for a in Assessment.objects.filter(area__isnull=False).order_by("slug")
                      if sum(t.count for t in a.draws.all()) == 25)
    done = attempt_start(user=user, assessment=assessment)
    for r in done.responses.select_related("version"):
        if r.version.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            response_save(attempt=done, response=r,
                          answer={"choices": [r.version.choices.all()[0].pk]})
    attempt_submit(attempt=done)
    taking = attempt_start(user=user, assessment=assessment)
    client = Client()
    client.force_login(user)
    pages = {"take page": taking.get_absolute_url(),
             f"result page ({done.responses.count()} questions)":
                 reverse("quizzes:attempt_result", args=[done.pk])}
    print(f"{'page':<28} {'part':<10} " + " ".join(f"{e:>9}" for e in ENCODINGS))
    cache_lines = set()
    for name, url in pages.items():
        html = client.get(url).content.decode()
        assets = ASSET.findall(html)
        totals = dict.fromkeys(ENCODINGS, 0)
        html_sizes = {}
        for enc, header in ENCODINGS.items():
            headers = {"Accept-Encoding": header} if header else {}
            html_sizes[enc] = body_bytes(client.get(url, headers=headers))
            totals[enc] += html_sizes[enc]
            for asset in assets:
                response = client.get(asset, headers=headers)
                assert response.status_code == 200, asset
                totals[enc] += body_bytes(response)
                cache_lines.add(f"{asset.rsplit('/', 1)[-1]}: {response.get('Cache-Control')}")
        print(f"{name:<28} {'HTML':<10} " + " ".join(f"{html_sizes[e]:>9,}" for e in ENCODINGS))
        print(f"{'':<28} {'all':<10} " + " ".join(f"{totals[e]:>9,}" for e in ENCODINGS))
        print(f"{'':<28} assets: {', '.join(a.rsplit('/', 1)[-1] for a in assets)}")
    print("\nCache-Control of the assets:")
    for line in sorted(cache_lines):
        print(f"  {line}")


if __name__ == "__main__":
    main()
