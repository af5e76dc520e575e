"""Regrade the attempts affected by a key fix (a new version of a question).

Every graded response to an older version of the question is regraded against the
current version (``quizzes.regrading`` has the policy): the response moves to the
corrected version with its answer carried over, gets its new credit, and a ``RegradeLog``
row keeps the old version, answer and credit. Versions are never edited (invariant 1);
the change is recorded, not hidden. The attempt's score, ability and topic results are
recomputed, and so are the current ability estimates of each affected learner.

Attempts still open are left alone (they are graded on the version they showed when
submitted); running the regrade again later picks them up: it only touches responses
that are not on the current version, so it is idempotent.

``regrade_plan`` only reads (the dry run); ``regrade_apply`` writes, in one transaction.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from .. import grading, regrading
from ..models import (
    Attempt,
    AttemptStatus,
    Question,
    QuestionVersion,
    RegradeLog,
    Response,
)
from . import abilities
from .attempts import answer_from_json
from .errors import ServiceError
from .scoring import summarise

NO_CURRENT_VERSION = "Question {slug} has no current version to regrade against."


class RegradeRefused(ServiceError):
    pass


@dataclass
class AttemptChange:
    attempt_id: int
    learner: str
    assessment: str
    position: int
    from_version: int
    old_credit: float | None
    new_credit: float
    old_score: float
    new_score: float

    @property
    def score_changes(self) -> bool:
        return abs(self.new_score - self.old_score) > 1e-9


@dataclass
class Skipped:
    attempt_id: int
    learner: str
    from_version: int
    reason: str


@dataclass
class RegradePlan:
    question: Question
    to_version: QuestionVersion
    changes: list[AttemptChange] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def score_changes(self) -> list[AttemptChange]:
        return [c for c in self.changes if c.score_changes]


@dataclass
class _Work:
    plan: RegradePlan
    # attempt id -> its responses, the regraded one already changed in memory
    attempts: dict[int, list[Response]]
    regraded: list[tuple[Response, dict]]  # response, its old values


def _versions(question: Question) -> dict[int, tuple[QuestionVersion, list[int]]]:
    """Each version of the question with its choice ids in authored order."""
    out = {}
    for v in question.versions.prefetch_related("choices"):
        out[v.pk] = (v, [c.pk for c in sorted(v.choices.all(), key=lambda c: c.order)])
    return out


def _work(question: Question, *, lock: bool) -> _Work:
    if question.current_version_id is None:
        raise RegradeRefused(NO_CURRENT_VERSION.format(slug=question.slug))
    versions = _versions(question)
    target, target_ids = versions[question.current_version_id]
    key = target.answer_key(list(target.choices.all()))
    plan = RegradePlan(question=question, to_version=target)
    stale = (Response.objects.filter(question=question, attempt__status=AttemptStatus.GRADED)
             .exclude(version_id=target.pk))
    attempts = Attempt.objects.filter(pk__in=stale.values("attempt_id")).order_by("pk")
    if lock:
        attempts = attempts.select_for_update()
    attempt_list = list(attempts.select_related("user", "assessment"))
    by_attempt: dict[int, list[Response]] = defaultdict(list)
    for r in Response.objects.filter(attempt__in=[a.pk for a in attempt_list]).with_content():
        by_attempt[r.attempt_id].append(r)
    regraded = []
    work_attempts = {}
    for attempt in attempt_list:
        responses = by_attempt[attempt.pk]
        mine = next(r for r in responses if r.question_id == question.pk)
        old_version, old_ids = versions[mine.version_id]
        problem = regrading.shape_problem(old_version.kind, len(old_ids), target.kind,
                                          len(target_ids))
        if problem:
            plan.skipped.append(Skipped(attempt.pk, attempt.user.email, old_version.number,
                                        problem))
            continue
        mapping = regrading.choice_map(old_ids, target_ids)
        old = {"version": old_version, "answer": mine.answer,
               "choice_order": mine.choice_order, "credit": mine.credit,
               "score": attempt.score or 0.0}
        mine.answer = regrading.remap_answer(mine.answer, mapping)
        mine.choice_order = regrading.remap_order(mine.choice_order, mapping)
        mine.version = target
        mine.credit = grading.grade(key, answer_from_json(target.kind, mine.answer))
        new_score = sum(r.credit or 0.0 for r in responses) / len(responses)
        plan.changes.append(AttemptChange(
            attempt_id=attempt.pk, learner=attempt.user.email,
            assessment=attempt.assessment.title, position=mine.position,
            from_version=old_version.number, old_credit=old["credit"],
            new_credit=mine.credit, old_score=old["score"], new_score=new_score))
        regraded.append((mine, old))
        work_attempts[attempt.pk] = (attempt, responses)
    return _Work(plan=plan, attempts=work_attempts, regraded=regraded)


def regrade_plan(*, question: Question) -> RegradePlan:
    """What a regrade would change, attempt by attempt; writes nothing (the dry run)."""
    return _work(question, lock=False).plan


@transaction.atomic
def regrade_apply(*, question: Question, by=None, now: datetime | None = None) -> RegradePlan:
    """Regrade every affected graded attempt in one transaction (see the module doc)."""
    now = now or timezone.now()
    work = _work(question, lock=True)
    if not work.regraded:
        return work.plan
    Response.objects.bulk_update([r for r, _ in work.regraded],
                                 ["version", "answer", "choice_order", "credit"])
    new_scores = {}
    users_areas: dict[int, set[int]] = defaultdict(set)
    for attempt_id, (attempt, responses) in work.attempts.items():
        summary = summarise(responses)
        new_scores[attempt_id] = summary["score"]
        attempt.score, attempt.theta, attempt.se = (summary["score"], summary["theta"],
                                                    summary["se"])
        attempt.topic_results = summary["topics"]
        if attempt.area_results:
            _update_area_credit(attempt, responses)
        users_areas[attempt.user_id].add(question.topic.area_id)
    Attempt.objects.bulk_update([a for a, _ in work.attempts.values()],
                                ["score", "theta", "se", "topic_results", "area_results"])
    RegradeLog.objects.bulk_create([
        RegradeLog(attempt_id=r.attempt_id, response=r, question=question,
                   from_version=old["version"], to_version=work.plan.to_version,
                   old_answer=old["answer"], old_choice_order=old["choice_order"],
                   old_credit=old["credit"], new_credit=r.credit, old_score=old["score"],
                   new_score=new_scores[r.attempt_id], regraded_at=now, regraded_by=by)
        for r, old in work.regraded])
    for user_id, area_ids in users_areas.items():
        abilities.recompute_for_user(user_id=user_id, area_ids=area_ids)
    return work.plan


def _update_area_credit(attempt: Attempt, responses: list[Response]) -> None:
    """A cross-area attempt's per-area credit follows the regrade. Its area θ stays the
    snapshot taken when it was graded (what was true then); the learner's current
    estimate is recomputed by ``abilities.recompute_for_user``."""
    credit: dict[str, float] = defaultdict(float)
    for r in responses:
        credit[r.question.topic.area.slug] += r.credit or 0.0
    for slug, row in attempt.area_results.items():
        if slug in credit:
            row["credit"] = round(credit[slug], 4)


def regrades_for_attempt(attempt: Attempt) -> list[RegradeLog]:
    """What the result page says about regrades of this attempt (one query)."""
    return list(RegradeLog.objects.filter(attempt=attempt).select_related("response")
                .order_by("regraded_at", "pk"))
