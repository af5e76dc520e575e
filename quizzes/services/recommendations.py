"""Feed the pure recommender (quizzes.recommending) from the database."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.db.models import Count, Q, Sum

from .. import catalogue_cache, recommending
from ..levels import Level
from ..models import (
    AbilityEstimate,
    Assessment,
    AssessmentMode,
    Attempt,
    AttemptStatus,
    Question,
    Resource,
    ResourceMark,
    ReviewCard,
    Topic,
)
from .attempts import seen_by

#: About how long an adaptive check takes when it has no time limit (it stops at a
#: precision target, usually well before 20 questions).
ADAPTIVE_MINUTES = 15


def catalogue() -> list[recommending.ResourceItem]:
    """The active resources as plain items: from this process's memory while the
    catalogue is unchanged (``quizzes.catalogue_cache``), else read."""
    return catalogue_cache.items(_catalogue_read)


def catalogue_and_stamp() -> tuple[tuple[recommending.ResourceItem, ...], str]:
    """``catalogue()`` and a digest of its items (the same in every process for the same
    items), read from memory with them while the catalogue is unchanged."""
    return catalogue_cache.items_and_stamp(_catalogue_read)


def _catalogue_read() -> list[recommending.ResourceItem]:
    """The active resources as plain items, in two queries of plain values (the
    resources, then their topics' references), without building model instances."""
    fields = ("pk", "slug", "title", "kind", "cost", "level", "hours", "provider", "url",
              "sections", "path")
    rows = list(Resource.objects.filter(is_active=True).order_by("title", "pk")
                .values_list(*fields))
    topics: dict[int, list[str]] = defaultdict(list)
    for resource_id, topic, area in () if not rows else (
            Resource.topics.through.objects.filter(resource__is_active=True)
            .order_by("topic__area__order", "topic__order", "topic__title")
            .values_list("resource_id", "topic__slug", "topic__area__slug")):
        topics[resource_id].append(f"{area}/{topic}")
    return [
        recommending.ResourceItem(
            slug=slug, title=title, kind=kind, cost=cost, level=level, hours=float(hours),
            provider=provider, url=url, topics=tuple(topics[pk]),
            sections=tuple(recommending.Section(title=section["title"],
                                                hours=float(section["hours"]),
                                                topics=tuple(section["topics"]))
                           for section in (sections or [])),
            path=path)
        for pk, slug, title, kind, cost, level, hours, provider, url, sections, path in rows
    ]


def preferences(user) -> recommending.Preferences:
    return recommending.Preferences(
        target=Level(user.target_level), weekly_hours=float(user.weekly_hours),
        free_only=user.free_only, preferred_kinds=frozenset(user.preferred_kinds or ()))


def marks(user) -> tuple[frozenset[str], frozenset[str]]:
    rows = list(ResourceMark.objects.filter(user=user).values_list("resource__slug", "status"))
    done = frozenset(s for s, st in rows if st == ResourceMark.Status.DONE)
    not_useful = frozenset(s for s, st in rows if st == ResourceMark.Status.NOT_USEFUL)
    return done, not_useful


def assessments() -> list[recommending.AssessmentInfo]:
    """The shipped per-area assessments a learner can take to measure an area."""
    rows = (Assessment.objects.filter(owner__isnull=True, is_published=True,
                                      area__isnull=False,
                                      mode__in=[AssessmentMode.FIXED, AssessmentMode.ADAPTIVE])
            .select_related("area").annotate(questions=Sum("draws__count"),
                                             n_topics=Count("draws")))
    return [
        recommending.AssessmentInfo(
            slug=a.slug, title=a.title, area=a.area.slug, mode=a.mode,
            questions=a.questions or 0,
            minutes=a.time_limit_minutes or (ADAPTIVE_MINUTES if a.mode == "adaptive" else None),
            url=a.get_absolute_url(), topics=tuple(range(a.n_topics)))
        for a in rows
    ]


def _current(e):
    return e.theta, e.se, e.correct, e.answered


def unseen_by_topic(user) -> dict[int, int]:
    """Per topic id: its live questions the learner has never been given (one query).
    A practice set that is to settle a topic needs new questions."""
    return dict(Question.objects.live().annotate(seen=seen_by(user))
                .values("topic_id").annotate(unseen=Count("pk", filter=Q(seen=False)))
                .values_list("topic_id", "unseen"))


def _results(estimates, topics_by_area, areas, value=_current, unseen=None):
    """AreaResult and TopicResult lists from estimate rows, reading each row's values
    with ``value`` (a row whose value is None is left out: not measured then); ``unseen``
    (topic id → new questions left) fills ``TopicResult.unseen`` where given."""
    area_rows = {e.area_id: e for e in estimates if e.topic_id is None}
    area_results = []
    for area in areas:
        e = area_rows.get(area.pk)
        theta, se, _c, answered = value(e) if e is not None else (None, None, 0, 0)
        area_results.append(recommending.AreaResult(
            area=area.slug, title=area.title, theta=theta, se=se,
            answered=answered if theta is not None else 0,
            topics=tuple((f"{area.slug}/{t.slug}", t.title) for t in topics_by_area[area.pk])))
    topic_results = []
    for e in estimates:
        if e.topic_id is None:
            continue
        theta, se, correct, answered = value(e)
        if theta is None:
            continue
        topic_results.append(recommending.TopicResult(
            area=e.area.slug, topic=f"{e.area.slug}/{e.topic.slug}", topic_title=e.topic.title,
            theta=theta, se=se, correct=correct, answered=answered,
            unseen=None if unseen is None else unseen.get(e.topic_id, 0)))
    return area_results, topic_results


def advice_for_user(*, user) -> recommending.Advice:
    """The study-plan section: what to measure, what to study, the weeks, what is
    confirmed or unsure, stretch goals, and what changed since the previous result."""
    topics = list(Topic.objects.select_related("area"))
    areas = list({t.area_id: t.area for t in topics}.values())
    topics_by_area: dict[int, list[Topic]] = {a.pk: [] for a in areas}
    for t in topics:
        topics_by_area[t.area_id].append(t)
    estimates = list(AbilityEstimate.objects.filter(user=user).select_related("topic", "area"))
    unseen = unseen_by_topic(user) if estimates else None
    area_results, topic_results = _results(estimates, topics_by_area, areas, unseen=unseen)
    previous = None
    if estimates:
        # After a retake (the latest grading replaced earlier estimates): the results
        # before it. The rows it changed read their previous values; rows it created
        # did not exist then.
        latest = max(e.measured_at for e in estimates)

        def before(e):
            if e.measured_at != latest:
                return _current(e)
            return e.previous_theta, e.previous_se, e.previous_correct, e.previous_answered

        if any(e.previous_theta is not None for e in estimates if e.measured_at == latest):
            previous = _results(estimates, topics_by_area, areas, value=before)
    done, not_useful = marks(user)
    taken = frozenset(Attempt.objects.filter(user=user, status=AttemptStatus.GRADED)
                      .values_list("assessment__slug", flat=True).distinct())
    cards = ReviewCard.objects.filter(user=user).count()
    return recommending.advise(area_results, topic_results, catalogue(), preferences(user),
                               assessments(), taken=taken, done=done, not_useful=not_useful,
                               review_cards=cards, previous=previous)


def topic_results_for_attempt(attempt: Attempt) -> list[recommending.TopicResult]:
    return [
        recommending.TopicResult(area=ref.split("/")[0], topic=ref, topic_title=t["title"],
                                 theta=t["theta"], se=t["se"], correct=t["credit"],
                                 answered=t.get("answered", t["total"]))
        for ref, t in (attempt.topic_results or {}).items()
    ]


def for_attempt(*, user, attempt: Attempt, limit: int = 4,
                known_marks: tuple[frozenset[str], frozenset[str]] | None = None,
                known_catalogue=None) -> list[recommending.Recommendation]:
    """What to study for the gaps this one result shows (the result page's short list);
    ``known_marks``, ``known_catalogue``: the learner's marks (``marks``) and the
    catalogue (``catalogue``) when already read."""
    done, not_useful = known_marks if known_marks is not None else marks(user)
    prefs = preferences(user)
    topics = topic_results_for_attempt(attempt)
    areas = []
    area = attempt.assessment.area
    if area is not None and attempt.theta is not None:
        # The attempt's own area estimate: a thin topic in an area not below target is
        # not a gap (the same rule as the dashboard).
        areas.append(recommending.AreaResult(
            area=area.slug, title=area.title, theta=attempt.theta, se=attempt.se or 1.0,
            answered=sum(t.answered for t in topics)))
    gaps = recommending.gaps.classify(areas, topics, prefs.target)
    items = list(known_catalogue) if known_catalogue is not None else catalogue()
    recs = recommending.ranking.pick(gaps.below, items, prefs, done, not_useful)
    return recs[:limit]


@transaction.atomic
def resource_mark(*, user, resource: Resource, status: str | None) -> None:
    """Mark a resource done / not useful, or clear the mark (status None)."""
    if status is None:
        ResourceMark.objects.filter(user=user, resource=resource).delete()
        return
    ResourceMark.objects.update_or_create(user=user, resource=resource,
                                          defaults={"status": status})
