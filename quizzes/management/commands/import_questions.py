"""Import a GIFT or Moodle XML file into one area (docs/bank-format.md §4).

    python manage.py import_questions questions.xml --area maths --dry-run
    python manage.py import_questions questions.gift.txt --area maths

All or nothing: any question with an error writes nothing; each error is printed with the
question's number and line. New questions start as drafts.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizzes.formats.question_file import parse_bytes
from quizzes.models import Area
from quizzes.services.interchange import questions_import


class Command(BaseCommand):
    help = "Import questions from a GIFT or Moodle XML file into an area, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--area", required=True, help="The area's slug.")
        parser.add_argument("--dry-run", action="store_true",
                            help="Check and report without writing.")

    def handle(self, *args, path, area, dry_run, verbosity, **options):
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        target = Area.objects.filter(slug=area).first()
        if target is None:
            raise CommandError(f"No area with slug {area!r}.")
        fmt, parsed = parse_bytes(path.read_bytes())
        report = questions_import(area=target, parsed=parsed, dry_run=dry_run)
        if not report.ok:
            for message in report.messages():
                self.stderr.write(message)
            raise CommandError(f"{report.error_count} error(s); nothing was imported.")
        prefix = "Dry run, nothing written: " if dry_run else ""
        if verbosity:
            self.stdout.write(self.style.SUCCESS(
                f"{prefix}{report.summary()} ({fmt}, {len(report.rows)} questions)."))
