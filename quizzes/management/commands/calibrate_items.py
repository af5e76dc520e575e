"""Calibrate 2PL item parameters from all graded responses (quizzes.calibration, which
uses the maintained `mirt` library and handles missing data).

Only questions with at least --min-responses graded responses get calibrated values;
the others keep the prior from their difficulty tier. A batch job, never per request.

    python manage.py calibrate_items [--min-responses 50] [--dry-run]
"""

from __future__ import annotations

import time

import numpy as np
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from quizzes.calibration import calibrate
from quizzes.models import AttemptStatus, Question, Response
from quizzes.services import adaptive


class Command(BaseCommand):
    help = "Calibrate IRT 2PL parameters of questions with enough graded responses."

    def add_arguments(self, parser):
        parser.add_argument("--min-responses", type=int, default=50)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, min_responses, dry_run, verbosity, **options):
        started = time.perf_counter()
        rows = (Response.objects.filter(attempt__status=AttemptStatus.GRADED,
                                        credit__isnull=False)
                .order_by("attempt__user_id", "question_id", "answered_at")
                .values_list("attempt__user_id", "question_id", "credit"))
        learners: dict[int, int] = {}
        items: dict[int, int] = {}
        cells: dict[tuple[int, int], float] = {}
        for user_id, question_id, credit in rows.iterator(chunk_size=5000):
            i = learners.setdefault(user_id, len(learners))
            j = items.setdefault(question_id, len(items))
            cells[(i, j)] = credit  # the learner's latest answer to the question counts
        if not cells:
            self.stdout.write("No graded responses yet: nothing to calibrate.")
            return
        matrix = np.full((len(learners), len(items)), np.nan)
        for (i, j), credit in cells.items():
            matrix[i, j] = credit
        if verbosity:
            self.stdout.write(f"{len(learners)} learners × {len(items)} questions, "
                              f"{len(cells)} responses ({100 * len(cells) / matrix.size:.1f}% "
                              "observed)")
        results = calibrate(matrix, min_responses=min_responses,
                            progress=(lambda msg: self.stdout.write(f"  {msg}"))
                            if verbosity > 1 else None)
        question_ids = {j: q for q, j in items.items()}
        now = timezone.now()
        updates = []
        for j, item in enumerate(results):
            if item is None:
                continue
            updates.append(Question(pk=question_ids[j], irt_a=item.a, irt_b=item.b,
                                    irt_se_a=item.se_a, irt_se_b=item.se_b, irt_n=item.n,
                                    calibrated_at=now))
        if not dry_run:
            with transaction.atomic():
                Question.objects.bulk_update(
                    updates, ["irt_a", "irt_b", "irt_se_a", "irt_se_b", "irt_n",
                              "calibrated_at"], batch_size=500)
            # What adaptive checks tell learners about their length follows the new
            # parameters (docs/measurement.md "Adaptive assessments").
            adaptive.simulate_all_lengths()
        elapsed = time.perf_counter() - started
        kept = len(results) - len(updates)
        prefix = "Dry run: would calibrate" if dry_run else "Calibrated"
        self.stdout.write(self.style.SUCCESS(
            f"{prefix} {len(updates)} questions; {kept} keep their tier prior "
            f"(< {min_responses} responses). {elapsed:.1f} s"))
