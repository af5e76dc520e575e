"""Export questions as GIFT or Moodle XML (docs/bank-format.md §4).

    python manage.py export_questions --format xml                  # every question
    python manage.py export_questions --format gift --area maths -o maths.gift.txt
"""

from django.core.management.base import BaseCommand, CommandError

from quizzes.models import Area, Question
from quizzes.services.interchange import questions_export


class Command(BaseCommand):
    help = "Write questions' current versions as GIFT or Moodle XML (stdout or -o FILE)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["gift", "xml"], required=True, dest="fmt")
        parser.add_argument("--area", help="Only this area's questions (its slug).")
        parser.add_argument("-o", "--output", help="Write to this file instead of stdout.")

    def handle(self, *args, fmt, area, output, verbosity, **options):
        questions = Question.objects.all()
        if area:
            if not Area.objects.filter(slug=area).exists():
                raise CommandError(f"No area with slug {area!r}.")
            questions = questions.filter(topic__area__slug=area)
        result = questions_export(questions=questions, fmt=fmt)
        for line in result.skipped:
            self.stderr.write(f"left out: {line}")
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(result.text)
            if verbosity:
                self.stdout.write(self.style.SUCCESS(f"Wrote {output}."))
        else:
            self.stdout.write(result.text, ending="")
