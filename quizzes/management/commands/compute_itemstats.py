"""Compute and store item statistics (Moodle's quiz statistics: facility, discrimination,
alpha, distractors…) of assessments from their learners' first graded attempts
(``quizzes.services.itemstats``; docs/item-statistics.md). ``--background`` enqueues it
as a task for the worker (``manage.py db_worker``) instead of running it here.

    python manage.py compute_itemstats [assessment-slug ...] [--min-responses 30] [--background]
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from quizzes.itemstats import MIN_RESPONSES
from quizzes.models import Assessment
from quizzes.services.itemstats import compute_all_itemstats
from quizzes.tasks import compute_itemstats_task

UNKNOWN = "No assessment with slug(s): {slugs}."


class Command(BaseCommand):
    help = "Compute item statistics of assessments (all with graded attempts by default)."

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="Assessment slugs (default: all).")
        parser.add_argument("--min-responses", type=int, default=MIN_RESPONSES,
                            help="Fewer responses and a question is 'not enough attempts'.")
        parser.add_argument("--background", action="store_true",
                            help="Enqueue the task for the worker and return.")

    def handle(self, *args, slugs, min_responses, background, verbosity, **options):
        missing = set(slugs) - set(Assessment.objects.filter(slug__in=slugs)
                                   .values_list("slug", flat=True))
        if missing:
            raise CommandError(UNKNOWN.format(slugs=", ".join(sorted(missing))))
        if background:
            result = compute_itemstats_task.enqueue(assessment_slugs=slugs or None)
            self.stdout.write(self.style.SUCCESS(
                f"Item statistics queued as task {result.id}; the worker "
                "(manage.py db_worker) runs it."))
            return
        summary = compute_all_itemstats(assessment_slugs=slugs or None,
                                        min_responses=min_responses)
        if verbosity:
            self.stdout.write(self.style.SUCCESS(summary.message))
