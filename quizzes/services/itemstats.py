"""Compute and store the item statistics of assessments (``quizzes.itemstats`` does the
arithmetic; docs/item-statistics.md).

Which attempts count: each learner's first graded attempt of the assessment, Moodle's
default (later attempts build on the first and break the assumptions of item analysis).
Each response's stored credit is its score. Run by the background task
``quizzes.tasks.compute_itemstats_task`` (the admin's "Refresh" button and ``manage.py
compute_itemstats --background`` enqueue it) or inline by ``manage.py compute_itemstats``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .. import itemstats
from ..models import (
    Assessment,
    AssessmentStatistic,
    Attempt,
    AttemptStatus,
    Choice,
    ItemFlag,
    QuestionStatistic,
    QuestionVersion,
    Response,
)


@dataclass(frozen=True)
class ItemStatsSummary:
    assessments: int
    attempts: int
    questions: int
    flagged: int

    @property
    def message(self) -> str:
        return (f"Item statistics of {self.assessments} assessment(s) from {self.attempts} "
                f"attempt(s): {self.questions} question(s), {self.flagged} flagged.")


def first_graded_attempt_ids(*, assessment: Assessment) -> list[int]:
    """The first graded attempt of each learner, oldest first."""
    first: dict[int, int] = {}
    rows = (Attempt.objects.filter(assessment=assessment, status=AttemptStatus.GRADED)
            .order_by("started_at", "pk").values_list("user_id", "pk"))
    for user_id, pk in rows.iterator():
        first.setdefault(user_id, pk)
    return sorted(first.values())


def _load(attempt_ids: list[int]):
    """The attempts as ``itemstats.AttemptScores`` and the questions they showed as
    ``itemstats.QuestionInfo`` (with every shown version's options), in three queries
    (responses read with ``.iterator()``)."""
    by_attempt: dict[int, list[itemstats.ItemResponse]] = {}
    versions: dict[int, set[int]] = {}
    rows = (Response.objects.filter(attempt_id__in=attempt_ids)
            .order_by("attempt_id", "position")
            .values_list("attempt_id", "question_id", "version_id", "credit", "answer"))
    for attempt_id, question_id, version_id, credit, answer in rows.iterator(chunk_size=5000):
        chosen = tuple(int(i) for i in (answer or {}).get("choices", ()))
        by_attempt.setdefault(attempt_id, []).append(itemstats.ItemResponse(
            question=question_id, credit=credit or 0.0, version=version_id, chosen=chosen,
            answered=answer is not None))
        versions.setdefault(question_id, set()).add(version_id)
    attempts = [itemstats.AttemptScores(key=k, responses=tuple(v))
                for k, v in by_attempt.items()]
    shown = {v for vs in versions.values() for v in vs}
    options: dict[int, list[itemstats.Option]] = {}
    for pk, version_id, question_id, fraction in (
            Choice.objects.filter(version_id__in=shown)
            .order_by("version__question_id", "version__number", "order")
            .values_list("pk", "version_id", "version__question_id", "fraction")):
        options.setdefault(question_id, []).append(itemstats.Option(pk, version_id, fraction))
    # The kind of the newest version shown (a later edit may have changed it).
    kinds = dict(QuestionVersion.objects.filter(pk__in=shown).order_by("pk")
                 .values_list("question_id", "kind"))
    questions = [itemstats.QuestionInfo(key=q, kind=kinds.get(q) or "",
                                        options=tuple(options.get(q, ())))
                 for q in sorted(versions)]
    return attempts, questions


def _flag(stat: itemstats.QuestionStats, min_responses: int) -> str:
    if stat.n < min_responses:
        return ItemFlag.FEW
    return ItemFlag.FLAGGED if stat.flags else ItemFlag.OK


def _options_json(stat: itemstats.QuestionStats, choices: dict[int, tuple[str, int]]):
    return [{"choice": o.key, "version": choices.get(o.key, ("", 0))[1],
             "text": choices.get(o.key, ("", 0))[0], "fraction": o.fraction,
             "count": o.count, "rate": o.rate, "top_rate": o.top_rate,
             "bottom_rate": o.bottom_rate} for o in stat.options]


def assessment_compute_itemstats(
        *, assessment: Assessment,
        min_responses: int = itemstats.MIN_RESPONSES) -> AssessmentStatistic:
    """Compute the assessment's item statistics from its learners' first graded attempts
    and replace the stored ones in one transaction."""
    attempts, questions = _load(first_graded_attempt_ids(assessment=assessment))
    result = itemstats.analyse(attempts, questions, min_responses=min_responses)
    choice_ids = [o.key for q in questions for o in q.options]
    choices = {pk: (text[:120], number) for pk, text, number in
               Choice.objects.filter(pk__in=choice_ids)
               .values_list("pk", "text", "version__number")}
    now = timezone.now()
    t = result.test
    with transaction.atomic():
        stat, _ = AssessmentStatistic.objects.update_or_create(
            assessment=assessment, defaults={
                "n_attempts": t.n_attempts, "length": t.length, "mean": t.mean,
                "median": t.median, "sd": t.sd, "skewness": t.skewness,
                "kurtosis": t.kurtosis, "alpha": t.alpha, "error_ratio": t.error_ratio,
                "standard_error": t.standard_error, "note": t.note, "computed_at": now})
        QuestionStatistic.objects.filter(assessment=assessment).delete()
        QuestionStatistic.objects.bulk_create([
            QuestionStatistic(
                assessment=assessment, question_id=q.question, n=q.n, facility=q.facility,
                sd=q.sd, random_guess=q.random_guess, discrimination=q.discrimination,
                discriminative_efficiency=q.discriminative_efficiency,
                effective_weight=q.effective_weight, omitted=q.omitted,
                options=_options_json(q, choices), flag=_flag(q, min_responses),
                reasons="; ".join(q.flags)[:300], computed_at=now)
            for q in result.questions])
    return stat


def compute_all_itemstats(*, assessment_slugs: list[str] | None = None,
                          min_responses: int = itemstats.MIN_RESPONSES) -> ItemStatsSummary:
    """Item statistics of every assessment with graded attempts (or of the named ones)."""
    qs = Assessment.objects.filter(attempts__status=AttemptStatus.GRADED).distinct()
    if assessment_slugs:
        qs = Assessment.objects.filter(slug__in=assessment_slugs)
    n_assessments = n_attempts = n_questions = n_flagged = 0
    for assessment in qs.order_by("pk"):
        stat = assessment_compute_itemstats(assessment=assessment,
                                            min_responses=min_responses)
        n_assessments += 1
        n_attempts += stat.n_attempts
        rows = QuestionStatistic.objects.filter(assessment=assessment)
        n_questions += rows.count()
        n_flagged += rows.filter(flag=ItemFlag.FLAGGED).count()
    return ItemStatsSummary(n_assessments, n_attempts, n_questions, n_flagged)
