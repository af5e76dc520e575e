"""Background tasks (Django's tasks framework; the django-tasks-db backend stores them
in the database and ``manage.py db_worker`` runs them). ``make run`` starts a worker
beside the web server.

A task's return value is stored with its result (status, dates, traceback on failure),
which the admin shows under "Tasks › DB task results".
"""

from __future__ import annotations

from django.tasks import task

from .services.calibration import run_calibration


@task
def calibrate_items_task(min_responses: int = 50, dry_run: bool = False) -> dict:
    """Calibrate every area's item parameters (``services.calibration``); the summary
    (learners, questions, calibrated, kept prior, seconds, message) is the result."""
    summary = run_calibration(min_responses=min_responses, dry_run=dry_run)
    return {**summary.as_dict(), "message": summary.message}


@task
def compute_itemstats_task(assessment_slugs: list[str] | None = None) -> dict:
    """Compute and store the item statistics of the named assessments (all with graded
    attempts when none are named; ``services.itemstats``)."""
    from .services.itemstats import compute_all_itemstats

    summary = compute_all_itemstats(assessment_slugs=assessment_slugs)
    return {"assessments": summary.assessments, "attempts": summary.attempts,
            "questions": summary.questions, "flagged": summary.flagged,
            "message": summary.message}
