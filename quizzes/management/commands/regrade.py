"""Regrade the attempts affected by a key fix: ``manage.py regrade --question SLUG
[--dry-run]``. Lists each attempt whose score changes (old → new, per learner), then
applies the regrade in one transaction (``quizzes.services.regrades``)."""

from django.core.management.base import BaseCommand, CommandError

from quizzes.models import Question
from quizzes.services.errors import ServiceError
from quizzes.services.regrades import regrade_apply, regrade_plan

UNKNOWN_QUESTION = "No question has the slug {slug!r}."


class Command(BaseCommand):
    help = ("Regrade graded responses to older versions of a question against its current "
            "(corrected) version; --dry-run lists the changes and writes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--question", required=True, help="the question's slug")
        parser.add_argument("--dry-run", action="store_true", help="list, do not write")

    def handle(self, *args, question: str, dry_run: bool, verbosity: int, **options):
        q = Question.objects.select_related("topic").filter(slug=question).first()
        if q is None:
            raise CommandError(UNKNOWN_QUESTION.format(slug=question))
        try:
            plan = regrade_plan(question=q) if dry_run else regrade_apply(question=q)
        except ServiceError as exc:
            raise CommandError(str(exc)) from exc
        for c in plan.score_changes:
            self.stdout.write(f"attempt {c.attempt_id} · {c.learner} · {c.assessment} · "
                              f"question {c.position} v{c.from_version}→"
                              f"v{plan.to_version.number}: score {100 * c.old_score:.0f}% → "
                              f"{100 * c.new_score:.0f}%")
        if verbosity > 1:
            for c in plan.changes:
                if not c.score_changes:
                    self.stdout.write(f"attempt {c.attempt_id} · {c.learner}: score unchanged "
                                      f"({100 * c.old_score:.0f}%)")
        for s in plan.skipped:
            self.stdout.write(self.style.WARNING(
                f"attempt {s.attempt_id} · {s.learner} (v{s.from_version}) not regraded: "
                f"{s.reason}"))
        verb = "would be regraded" if dry_run else "regraded"
        self.stdout.write(self.style.SUCCESS(
            f"{q.slug}: {len(plan.changes)} attempt(s) {verb} against "
            f"v{plan.to_version.number}; {len(plan.score_changes)} score(s) "
            f"{'would change' if dry_run else 'changed'}; {len(plan.skipped)} skipped."
            + (" Dry run: nothing was written." if dry_run else "")))
