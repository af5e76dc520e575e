"""Feed the pure recommender (quizzes.recommending) from the database."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction

from .. import recommending
from ..levels import Level
from ..models import AbilityEstimate, Attempt, Resource, ResourceMark


def catalogue() -> list[recommending.ResourceItem]:
    """The active resources as plain items, in two queries of plain values (the
    resources, then their topics' references), without building model instances: the
    result page and the dashboard read the whole catalogue on every request."""
    fields = ("pk", "slug", "title", "kind", "cost", "level", "hours", "provider", "url")
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
            provider=provider, url=url, topics=tuple(topics[pk]))
        for pk, slug, title, kind, cost, level, hours, provider, url in rows
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


def topic_results_for_user(user) -> list[recommending.TopicResult]:
    """The learner's latest ability in every measured topic."""
    rows = AbilityEstimate.objects.filter(user=user, topic__isnull=False).select_related(
        "topic__area")
    return [
        recommending.TopicResult(
            area=a.topic.area.slug, topic=f"{a.topic.area.slug}/{a.topic.slug}",
            topic_title=a.topic.title, theta=a.theta, se=a.se, correct=a.correct,
            answered=a.answered)
        for a in rows
    ]


def topic_results_for_attempt(attempt: Attempt) -> list[recommending.TopicResult]:
    return [
        recommending.TopicResult(area=ref.split("/")[0], topic=ref, topic_title=t["title"],
                                 theta=t["theta"], se=t["se"], correct=t["credit"],
                                 answered=t["total"])
        for ref, t in (attempt.topic_results or {}).items()
    ]


def for_attempt(*, user, attempt: Attempt, limit: int = 4) -> list[recommending.Recommendation]:
    done, not_useful = marks(user)
    return recommending.recommend(topic_results_for_attempt(attempt), catalogue(),
                                  preferences(user), done=done, not_useful=not_useful,
                                  limit=limit)


def for_user(*, user, limit: int = 8):
    """Ranked recommendations and the plan (one span of weeks per resource) from all the
    learner's results."""
    done, not_useful = marks(user)
    prefs = preferences(user)
    recs = recommending.recommend(topic_results_for_user(user), catalogue(), prefs,
                                  done=done, not_useful=not_useful, limit=limit)
    return recs, recommending.plan_spans(recommending.study_plan(recs, prefs.weekly_hours))


@transaction.atomic
def resource_mark(*, user, resource: Resource, status: str | None) -> None:
    """Mark a resource done / not useful, or clear the mark (status None)."""
    if status is None:
        ResourceMark.objects.filter(user=user, resource=resource).delete()
        return
    ResourceMark.objects.update_or_create(user=user, resource=resource,
                                          defaults={"status": status})
