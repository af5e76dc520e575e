"""Calibrate IRT item parameters from all graded responses, one skill area at a time
(``quizzes.services.calibration``, which uses the maintained `mirt` library).

Only questions with at least --min-responses graded responses get calibrated values;
the others keep the prior from their difficulty tier. A batch job, never per request:
``--background`` enqueues it as a task for the worker (``manage.py db_worker``) instead
of running it here.

    python manage.py calibrate_items [--min-responses 50] [--dry-run] [--background]
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from quizzes.services.calibration import run_calibration
from quizzes.tasks import calibrate_items_task


class Command(BaseCommand):
    help = "Calibrate IRT parameters (per area) of questions with enough graded responses."

    def add_arguments(self, parser):
        parser.add_argument("--min-responses", type=int, default=50)
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--background", action="store_true",
                            help="Enqueue the calibration task for the worker and return.")

    def handle(self, *args, min_responses, dry_run, background, verbosity, **options):
        if background:
            result = calibrate_items_task.enqueue(min_responses=min_responses,
                                                  dry_run=dry_run)
            self.stdout.write(self.style.SUCCESS(
                f"Calibration queued as task {result.id}; the worker "
                "(manage.py db_worker) runs it."))
            return
        summary = run_calibration(
            min_responses=min_responses, dry_run=dry_run,
            progress=(lambda msg: self.stdout.write(f"  {msg}")) if verbosity > 1 else None)
        if not summary.responses:
            self.stdout.write(summary.message)
            return
        if verbosity:
            self.stdout.write(f"{summary.learners} learners × {summary.questions} questions, "
                              f"{summary.responses} responses")
        self.stdout.write(self.style.SUCCESS(summary.message))
