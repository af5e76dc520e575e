"""Feed the pure recommender (quizzes.recommending) from the database."""

from __future__ import annotations

from django.db import transaction

from .. import recommending
from ..levels import Level
from ..models import AbilityEstimate, Attempt, Resource, ResourceMark


def catalogue() -> list[recommending.ResourceItem]:
    resources = Resource.objects.filter(is_active=True).prefetch_related("topics__area")
    return [
        recommending.ResourceItem(
            slug=r.slug, title=r.title, kind=r.kind, cost=r.cost, level=r.level,
            hours=float(r.hours), provider=r.provider, url=r.url,
            topics=tuple(f"{t.area.slug}/{t.slug}" for t in r.topics.all()))
        for r in resources
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
