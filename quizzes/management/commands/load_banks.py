"""Load the YAML question banks, resource catalogue and assessments (idempotent).

    python manage.py load_banks                 # every file in quizzes/banks/
    python manage.py load_banks path/x.yaml     # named files
    python manage.py load_banks --dry-run       # validate and report, write nothing
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizzes.services.adaptive import simulate_all_lengths
from quizzes.services.banks import bank_paths, banks_load


class Command(BaseCommand):
    help = "Load YAML bank files into the database: new content is created, changed content " \
           "becomes a new version, unchanged content is left alone."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path)
        parser.add_argument("--dry-run", action="store_true",
                            help="Validate and report without writing.")

    def handle(self, *args, paths, dry_run, verbosity, **options):
        paths = paths or bank_paths()
        missing = [p for p in paths if not p.is_file()]
        if missing:
            raise CommandError(f"No such file: {', '.join(map(str, missing))}")
        started = time.perf_counter()
        report = banks_load(paths=paths, dry_run=dry_run)
        if not dry_run and not report.problems:
            # Adaptive checks: the lengths their stop rule reaches with these questions.
            simulate_all_lengths()
        elapsed = time.perf_counter() - started
        if report.problems:
            for problem in report.problems:
                self.stderr.write(problem)
            raise CommandError(f"{len(report.problems)} problem(s); nothing was loaded.")
        prefix = "Dry run, nothing written: " if dry_run else ""
        if verbosity:
            self.stdout.write(self.style.SUCCESS(
                f"{prefix}{report.summary()} ({len(paths)} files, {elapsed:.2f} s)"))
