"""Calibrate item parameters from the stored responses and save them on the questions
(``quizzes.calibration`` does the fitting, one skill area at a time).

Run by the background task ``quizzes.tasks.calibrate_items_task`` (the admin action and
``manage.py calibrate_items --background`` enqueue it) or inline by ``manage.py
calibrate_items``. A batch job, never per request.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np
from django.db import transaction
from django.utils import timezone

from ..calibration import calibrate_by_area
from ..models import AttemptStatus, Question, QuestionKind, Response

#: Kinds whose chance success is one option in n (a blind guess); other kinds have none
#: worth modelling (select-all-that-apply, ordering, typed answers).
GUESSABLE_KINDS = {QuestionKind.SINGLE, QuestionKind.TRUEFALSE}


def chance_success(kind: str, n_choices: int) -> float:
    """The fixed lower asymptote c of a question: 1/options for a single-choice or
    true/false question, 0 otherwise."""
    return 1.0 / n_choices if kind in GUESSABLE_KINDS and n_choices >= 2 else 0.0


@dataclass(frozen=True)
class CalibrationSummary:
    learners: int
    questions: int
    responses: int
    calibrated: int
    kept_prior: int
    areas: int
    dry_run: bool
    seconds: float

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def message(self) -> str:
        if not self.responses:
            return "No graded responses yet: nothing to calibrate."
        prefix = "Dry run: would calibrate" if self.dry_run else "Calibrated"
        areas = f"{self.areas} area{'' if self.areas == 1 else 's'}"
        return (f"{prefix} {self.calibrated} questions in {areas}; "
                f"{self.kept_prior} keep their tier prior. {self.seconds:.1f} s")


def run_calibration(*, min_responses: int = 50, dry_run: bool = False,
                    progress: Callable[[str], None] | None = None) -> CalibrationSummary:
    """Fit every area's questions from each learner's first graded answer to each
    question (the answer given before the explanation was seen, the same rule as the
    ability estimates: ``services.abilities.counted_responses``) and store a, b, their
    standard errors, the response count and the date."""
    say = progress or (lambda _msg: None)
    started = time.perf_counter()
    rows = (Response.objects
            .filter(attempt__status=AttemptStatus.GRADED, attempt__submitted_at__isnull=False,
                    credit__isnull=False)
            # Non-null keys only: the first answer is the same on every database.
            .order_by("attempt__submitted_at", "attempt_id", "pk")
            .values_list("attempt__user_id", "question_id", "credit"))
    learners: dict[int, int] = {}
    items: dict[int, int] = {}
    cells: dict[tuple[int, int], float] = {}
    for user_id, question_id, credit in rows.iterator(chunk_size=5000):
        i = learners.setdefault(user_id, len(learners))
        j = items.setdefault(question_id, len(items))
        cells.setdefault((i, j), credit)  # the first graded answer counts
    if not cells:
        return CalibrationSummary(0, 0, 0, 0, 0, 0, dry_run,
                                  round(time.perf_counter() - started, 2))
    matrix = np.full((len(learners), len(items)), np.nan)
    for (i, j), credit in cells.items():
        matrix[i, j] = credit
    say(f"{len(learners)} learners × {len(items)} questions, {len(cells)} responses "
        f"({100 * len(cells) / matrix.size:.1f}% observed)")
    question_ids = {j: q for q, j in items.items()}
    questions = (Question.objects.filter(pk__in=items)
                 .select_related("topic__area", "current_version")
                 .prefetch_related("current_version__choices").in_bulk())
    areas, guessing = [], []
    for j in range(len(items)):
        q = questions[question_ids[j]]
        areas.append(q.topic.area.slug)
        version = q.current_version
        guessing.append(chance_success(version.kind, len(version.choices.all()))
                        if version else 0.0)
    results = calibrate_by_area(matrix, areas, guessing=guessing,
                                min_responses=min_responses, progress=say)
    now = timezone.now()
    updates = [Question(pk=question_ids[j], irt_a=item.a, irt_b=item.b, irt_se_a=item.se_a,
                        irt_se_b=item.se_b, irt_n=item.n, calibrated_at=now)
               for j, item in enumerate(results) if item is not None]
    if not dry_run:
        with transaction.atomic():
            Question.objects.bulk_update(
                updates, ["irt_a", "irt_b", "irt_se_a", "irt_se_b", "irt_n", "calibrated_at"],
                batch_size=500)
        # What adaptive checks tell learners about their length follows the new
        # parameters (docs/measurement.md "Adaptive assessments").
        from .adaptive import simulate_all_lengths

        simulate_all_lengths()
    return CalibrationSummary(
        learners=len(learners), questions=len(items), responses=len(cells),
        calibrated=len(updates), kept_prior=len(results) - len(updates),
        areas=len(set(areas)), dry_run=dry_run,
        seconds=round(time.perf_counter() - started, 2))


@dataclass(frozen=True)
class CalibrationStatus:
    """The latest calibration task, for the admin: status, dates, outcome."""

    status: str
    enqueued_at: object
    finished_at: object
    message: str
    result_id: str


def last_calibration() -> CalibrationStatus | None:
    """The most recently queued calibration task, or None when there has been none."""
    from django_tasks_db.models import DBTaskResult

    row = (DBTaskResult.objects.filter(task_path__endswith=".calibrate_items_task")
           .order_by("-enqueued_at").first())
    if row is None:
        return None
    if row.status == "SUCCESSFUL":
        message = (row.return_value or {}).get("message", "")
    elif row.status == "FAILED":
        message = "Failed: see the task's traceback."
    else:
        message = "Waiting for the worker (manage.py db_worker)." if row.status == "READY" \
            else "Running now."
    return CalibrationStatus(status=row.get_status_display(), enqueued_at=row.enqueued_at,
                             finished_at=row.finished_at, message=message,
                             result_id=str(row.pk))
