"""Adaptive attempts: the next question is the most informative unseen live one at the
current estimate (quizzes.measurement.choose_next), recomputed from stored responses on
every request, so a restart or a second app server loses nothing.

What a learner is told about the length ("usually about N questions", "about N left")
comes from ``assessment_simulate_lengths``: the stop rule run on simulated learners with
the current item parameters, stored on the assessment when banks load or calibration
runs (docs/measurement.md "Adaptive assessments")."""

from __future__ import annotations

import random

from django.db.models import Prefetch

from .. import measurement
from ..models import Assessment, AssessmentMode, Attempt, Choice, Question, Response
from .attempts_common import new_response


def stop_rule(assessment: Assessment) -> measurement.StopRule:
    return measurement.adaptive_rule(sum(d.count for d in assessment.draws.all()))


def _pool(assessment: Assessment, exclude: set[int], user=None) -> list[Question]:
    """Live unasked questions of the assessment's topics; with ``user``, questions the
    learner was given in an earlier attempt are left out of every topic that still has
    unseen ones (a retake measures something new; same query, an EXISTS annotation)."""
    from .attempts import seen_by

    topics = [d.topic_id for d in assessment.draws.all()]
    pool = (Question.objects.live().filter(topic__in=topics).exclude(pk__in=exclude)
            .select_related("current_version", "topic")
            .prefetch_related(Prefetch("current_version__choices",
                                       queryset=Choice.objects.order_by("order"))))
    if user is None:
        return list(pool)
    pool = list(pool.annotate(seen=seen_by(user)))
    fresh_topics = {q.topic_id for q in pool if not q.seen}
    return [q for q in pool if not q.seen or q.topic_id not in fresh_topics]


def _candidates(questions: list[Question]) -> list[measurement.Candidate]:
    from .scoring import item_params

    return [measurement.Candidate(key=q.pk, params=item_params(q, q.current_version),
                                  topic=q.topic.slug) for q in questions]


def first_question(*, assessment: Assessment, rng: random.Random,
                   user=None) -> Question | None:
    pool = _pool(assessment, set(), user)
    if user is not None and any(not q.seen for q in pool):
        pool = [q for q in pool if not q.seen]  # a retake opens with something new
    picked = measurement.choose_next(_candidates(pool), 0.0, {}, rng)
    return next((q for q in pool if q.pk == picked.key), None) if picked else None


def state(attempt: Attempt, responses: list[Response] | None = None):
    """The current area estimate (the one the result will report) from the attempt's
    locked responses."""
    from .scoring import estimates_by_topic

    responses = responses if responses is not None else list(
        attempt.responses.select_related("question", "version")
        .prefetch_related("version__choices"))
    done = [r for r in responses if r.locked and r.credit is not None]
    est, _ = estimates_by_topic(done)
    return est, done


def extend(*, attempt: Attempt, rng: random.Random | None = None) -> Response | None:
    """After an answer: add the next question, unless the stop rule says enough."""
    rng = rng or random.Random()
    responses = list(attempt.responses.select_related("question__topic", "version")
                     .prefetch_related("version__choices"))
    if any(not r.locked for r in responses):
        return None  # the current question is still open
    est, done = state(attempt, responses)
    # The seen annotation would count this attempt's own questions too; they are excluded.
    pool = _pool(attempt.assessment, {r.question_id for r in responses}, attempt.user_id)
    rule = stop_rule(attempt.assessment)
    if measurement.should_stop(rule, len(done), est.se, len(pool)):
        return None
    counts: dict[str, int] = {}
    for r in responses:
        counts[r.question.topic.slug] = counts.get(r.question.topic.slug, 0) + 1
    picked = measurement.choose_next(_candidates(pool), est.theta, counts, rng)
    if picked is None:
        return None
    question = next(q for q in pool if q.pk == picked.key)
    response = new_response(attempt, question, len(responses) + 1,
                            attempt.assessment.shuffle_choices, rng)
    response.save()
    return response


def length_stats(assessment: Assessment) -> measurement.LengthStats | None:
    return measurement.LengthStats.from_dict(assessment.length_stats)


def remaining(attempt: Attempt, responses: list[Response]) -> int:
    """"About N left" for the progress bar, from the simulated lengths."""
    est, done = state(attempt, responses)
    rule = stop_rule(attempt.assessment)
    if not any(not r.locked for r in responses) and len(done) and \
            measurement.should_stop(rule, len(done), est.se, 1):
        return 0
    return measurement.remaining_from_lengths(length_stats(attempt.assessment), rule, len(done))


def assessment_simulate_lengths(*, assessment: Assessment,
                                learners: int = 120) -> measurement.LengthStats | None:
    """Simulate the stop rule with the current item parameters and store the lengths it
    reaches on the assessment (adaptive assessments only)."""
    if assessment.mode != AssessmentMode.ADAPTIVE:
        return None
    candidates = _candidates(_pool(assessment, set()))
    if not candidates:
        return None
    stats = measurement.simulate_lengths(candidates, stop_rule(assessment), learners=learners,
                                         seed=assessment.pk or 0)
    Assessment.objects.filter(pk=assessment.pk).update(length_stats=stats.as_dict())
    assessment.length_stats = stats.as_dict()
    return stats


def simulate_all_lengths(*, learners: int = 120) -> int:
    """Refresh the simulated lengths of every adaptive assessment; returns how many."""
    done = 0
    for assessment in Assessment.objects.filter(mode=AssessmentMode.ADAPTIVE) \
            .prefetch_related("draws"):
        done += assessment_simulate_lengths(assessment=assessment, learners=learners) is not None
    return done
