"""The standing among other learners (others, below, tied), counted from the learners per
band of θ that database triggers keep (``AbilityBucket``, migration 0013), on SQLite and
PostgreSQL: the bands follow every write to an area estimate, the counts equal counting
every learner one by one, and on PostgreSQL they read a band's learners, not the area's."""

import json
import math
import random
from collections import Counter

import pytest
from django.db import connection
from django.utils import timezone

from quizzes import selectors, standing_counts
from quizzes.models import AbilityBucket, AbilityEstimate
from quizzes.services.abilities import _store
from tests.factories import AbilityEstimateFactory, AreaFactory, TopicFactory, UserFactory
from tests.quizzes.test_views_labels import craft

pytestmark = pytest.mark.django_db

#: θ that floating point puts below a band's edge (0.01 + 0.09 = 0.09999999999999999,
#: × 20 = 1.9999999999999998: band 1, where 0.1 is in band 2), into a band whose edge it
#: is below (-1.9000000000000001 × 20 = -38.0: band -38, edge -1.9), exactly on an edge,
#: and exactly tied.
AWKWARD = [0.01 + 0.09, 0.1, 0.02 + 0.18, -(0.02 + 0.18), math.nextafter(-1.9, -2), -1.9,
           0.02 + 0.28, 0.3, 0.3, 0.0, 0.07, -0.05, 1.0, -1.0, 1.15]


def bands() -> Counter:
    """The triggers' counts, without the bands emptied to 0."""
    return Counter({(b.area_id, b.bucket): b.learners
                    for b in AbilityBucket.objects.all() if b.learners})


def counted_one_by_one() -> Counter:
    return Counter((e.area_id, math.floor(e.theta * AbilityBucket.PER_UNIT))
                   for e in AbilityEstimate.objects.filter(topic__isnull=True))


def test_the_bands_follow_every_write_to_an_area_estimate():
    a1, a2 = AreaFactory(), AreaFactory()
    topic = TopicFactory(area=a1)
    learners = [UserFactory() for _ in range(6)]
    rows = [AbilityEstimateFactory(user=u, area=a1, theta=t)
            for u, t in zip(learners, AWKWARD, strict=False)]
    AbilityEstimateFactory(user=learners[0], area=a1, topic=topic, theta=2.0)  # a topic's
    assert bands() == counted_one_by_one() != Counter()
    assert bands()[(a1.pk, 1)] == bands()[(a1.pk, 2)] == 1  # 0.01 + 0.09 and 0.1

    # Grading: existing rows updated (one crossing into another band, one staying in its
    # own), a new area inserted, all in one bulk update and one bulk insert.
    now = timezone.now()
    _store(user_id=learners[1].pk, rows={
        (a1.pk, None): {"theta": -2.345, "se": 0.3, "answered": 3, "measured_at": now},
        (a2.pk, None): {"theta": 0.5, "se": 0.4, "answered": 2, "measured_at": now}})
    _store(user_id=learners[2].pk, rows={
        (a1.pk, None): {"theta": -0.2901, "se": 0.3, "answered": 3, "measured_at": now}})
    assert bands() == counted_one_by_one()

    # The admin and the ORM: a save, a move to another area, a move to a topic and back,
    # a queryset update of every row, a deletion of one row and of a learner (cascade).
    rows[3].theta = 3.99
    rows[3].save()
    AbilityEstimate.objects.filter(pk=rows[4].pk).update(area=a2)
    AbilityEstimate.objects.filter(pk=rows[5].pk).update(topic=topic)
    assert bands() == counted_one_by_one()
    AbilityEstimate.objects.filter(pk=rows[5].pk).update(topic=None)
    AbilityEstimate.objects.filter(topic__isnull=True).update(theta=0.123)
    assert bands() == counted_one_by_one()
    rows[0].delete()
    learners[1].delete()
    assert bands() == counted_one_by_one()


def brute(user, area, theta) -> dict:
    others = [e.theta for e in AbilityEstimate.objects.filter(area=area, topic__isnull=True)
              .exclude(user=user)]
    return {"others": len(others), "below": sum(t < theta for t in others),
            "ties": sum(t == theta for t in others)}


@pytest.mark.parametrize("mine", [None, -0.291, 0.01 + 0.09, 0.1, 0.3, 2.0])
def test_the_counts_equal_counting_every_other_learner(mine):
    """Whether the learner's own estimate is absent, below, in, or above the compared
    θ's band: it is never counted, and the others' counts are exact at band edges."""
    me = UserFactory()
    area, elsewhere = AreaFactory(), AreaFactory()
    rng = random.Random(7)
    for theta in AWKWARD + [round(rng.gauss(0, 1), rng.choice([1, 2, 3, 6]))
                            for _ in range(60)]:
        AbilityEstimateFactory(area=area, theta=theta)
    AbilityEstimateFactory(area=elsewhere, theta=0.0)
    if mine is not None:
        AbilityEstimateFactory(user=me, area=area, theta=mine)
    for compared in [*AWKWARD, -9.0, 9.0, 0.095, 0.0999, 0.1001, 0.2, 0.19999999999999998]:
        got = standing_counts.per_area(user=me, thetas={area.pk: compared,
                                                        elsewhere.pk: compared})
        assert got[area.pk] == brute(me, area, compared), compared
        assert got[elsewhere.pk] == brute(me, elsewhere, compared), compared


def test_the_result_page_counts_equal_counting_every_other_learner(graded, user):
    attempt = graded(6)
    area = attempt.assessment.area
    for theta in [*AWKWARD, 0.1, -3.0]:
        AbilityEstimateFactory(area=area, theta=theta)
    for theta in (0.1, 0.01 + 0.09, 0.3, -0.2, 5.0):
        craft(attempt, theta=theta, se=0.3)
        standing = selectors.result_state(user=user, pk=attempt.pk).standing()
        want = brute(user, area, theta)
        assert (standing.total, standing.below, standing.ties) == \
            (want["others"], want["below"], want["ties"]), theta


def test_per_area_compiles_its_statement_once_for_each_number_of_areas(django_assert_num_queries):
    me = UserFactory()
    areas = [AreaFactory() for _ in range(3)]
    for i, area in enumerate(areas):
        AbilityEstimateFactory(area=area, theta=float(i))
    standing_counts._per_area_sql.cache_clear()
    for n in (1, 3, 3, 1):
        with django_assert_num_queries(1):
            got = standing_counts.per_area(user=me, thetas={a.pk: 1.0 for a in areas[:n]})
        assert got == {a.pk: brute(me, a, 1.0) for a in areas[:n]}
    assert standing_counts._per_area_sql.cache_info().misses == 2


def estimate_rows_read(sql: str, params) -> int:
    """Index entries and rows PostgreSQL read from ``quizzes_abilityestimate`` running the
    statement (kept or filtered out)."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan

    def walk(node):
        here = 0
        if node.get("Relation Name") == "quizzes_abilityestimate":
            here = node["Actual Rows"] * node["Actual Loops"] + node.get(
                "Rows Removed by Filter", 0) + node.get("Rows Removed by Index Recheck", 0)
        return here + sum(walk(child) for child in node.get("Plans", []))

    return walk(plan[0]["Plan"])


def test_the_result_page_reads_one_band_of_learners_not_the_area(graded, user):
    """3,000 learners spread over θ in [-3, 3): the standing reads the learner's own
    estimate and a band and a half of learners (25 to a band here), where counting read
    one index entry per learner below θ (1,507) plus every learner for the total."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's plan")
    attempt = craft(graded(6), theta=0.0123, se=0.3)
    area = attempt.assessment.area
    users = UserFactory.create_batch(3000)
    AbilityEstimate.objects.bulk_create(
        AbilityEstimate(user=u, area=area, theta=-3 + 6 * i / 3000, se=0.3,
                        measured_at=attempt.submitted_at) for i, u in enumerate(users))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE quizzes_abilityestimate")
        cursor.execute("ANALYZE quizzes_abilitybucket")
    sql, params, attempt_at, user_at = selectors._result_state_sql("default")
    params = list(params)
    params[attempt_at], params[user_at] = attempt.pk, user.pk
    assert estimate_rows_read(sql, params) <= 60
    standing = selectors.result_state(user=user, pk=attempt.pk).standing()
    want = brute(user, area, 0.0123)
    assert (standing.total, standing.below) == (want["others"], want["below"]) == (3000, 1507)
