"""Adaptive attempts: the next question is the most informative unseen live one at the
current estimate (quizzes.measurement.choose_next), recomputed from stored responses on
every request, so a restart or a second app server loses nothing."""

from __future__ import annotations

import random

from .. import measurement
from ..models import Assessment, Attempt, Question, Response
from .attempts_common import new_response

MAX_ITEMS_CAP = 30


def stop_rule(assessment: Assessment) -> measurement.StopRule:
    total = sum(d.count for d in assessment.draws.all()) or MAX_ITEMS_CAP
    max_items = min(total, MAX_ITEMS_CAP)
    default = measurement.StopRule()
    return measurement.StopRule(se_target=default.se_target,
                                min_items=min(default.min_items, max_items),
                                max_items=max_items)


def _pool(assessment: Assessment, exclude: set[int], user=None) -> list[Question]:
    """Live unasked questions of the assessment's topics; with ``user``, questions the
    learner was given in an earlier attempt are left out of every topic that still has
    unseen ones (a retake measures something new; same query, an EXISTS annotation)."""
    from .attempts import seen_by

    topics = [d.topic_id for d in assessment.draws.all()]
    pool = (Question.objects.live().filter(topic__in=topics).exclude(pk__in=exclude)
            .select_related("current_version", "topic"))
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
    """The current estimate from the attempt's locked responses."""
    from .scoring import item_params

    responses = responses if responses is not None else list(
        attempt.responses.select_related("question", "version"))
    done = [r for r in responses if r.locked and r.credit is not None]
    est = measurement.estimate([
        measurement.Observation(params=item_params(r.question, r.version), credit=r.credit)
        for r in done])
    return est, done


def extend(*, attempt: Attempt, rng: random.Random | None = None) -> Response | None:
    """After an answer: add the next question, unless the stop rule says enough."""
    rng = rng or random.Random()
    responses = list(attempt.responses.select_related("question__topic", "version"))
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


def remaining(attempt: Attempt, responses: list[Response]) -> int:
    """"About N left" for the progress bar."""
    est, done = state(attempt, responses)
    rule = stop_rule(attempt.assessment)
    if not any(not r.locked for r in responses) and len(done) and \
            measurement.should_stop(rule, len(done), est.se, 1):
        return 0
    info = 0.35  # mean information of a well-targeted 2PL item with a≈1.2
    return measurement.estimated_remaining(rule, est, info)
