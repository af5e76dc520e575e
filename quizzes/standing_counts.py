"""How many other learners stand below, level with, and in all beside a θ in an area:
the counts behind the result page's and the readiness check's percentile.

The database counts them from the learners per band of θ (``AbilityBucket``, kept by
triggers), adding only the learners in the band that holds θ: the cost does not grow with
the number of learners in the area, where counting their estimates read one index entry
per learner below (28 ms at 100,000 learners; ``docs/performance.md``). The counts are
exact, not interpolated: a band's own learners are counted one by one.

"Other" learners: the learner's own area estimate is left out of every count, whatever θ
is compared (an attempt's θ need not be the learner's latest).
"""

from __future__ import annotations

from functools import cache

from django.db import connections
from django.db.models import (
    Case,
    Count,
    Expression,
    F,
    FloatField,
    OuterRef,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Floor

from config.compiled_sql import Slots, find_slots

from .models import AbilityBucket, AbilityEstimate, Area

_PER_UNIT = float(AbilityBucket.PER_UNIT)


def _summed(queryset, field: str) -> Expression:
    return Coalesce(Subquery(queryset.annotate(n=Sum(field)).values("n")), 0)


def _counted(queryset) -> Expression:
    # COUNT(*): every column read is in the index ``ability_area_theta``.
    return Coalesce(Subquery(queryset.annotate(n=Count("*")).values("n")), 0)


def counts(*, area, theta, user) -> dict[str, Expression]:
    """Expressions for ``others``, ``below`` and ``ties`` (others at exactly ``theta``)
    in ``area`` beside ``user``; each argument is an expression (``OuterRef``, ``Value``)
    of the query they annotate."""
    band = Floor(theta * Value(_PER_UNIT))
    bands = AbilityBucket.objects.filter(area=area).order_by().values("area")
    estimates = (AbilityEstimate.objects.filter(area=area, topic__isnull=True)
                 .order_by().values("area"))
    own = estimates.filter(user=user)
    # θ's own band below θ. The index is read from just under the band's edge: a band is
    # floor(θ × 20) of floating-point θ, and θ × 20 may round up across the edge (band
    # -38 holds -1.9000000000000001), by far less than a millionth of a band.
    in_band_below = (estimates
                     .filter(theta__lt=theta,
                             theta__gte=(band - Value(1e-6)) / Value(_PER_UNIT))
                     .alias(band=Floor(F("theta") * Value(_PER_UNIT)))
                     .filter(band__gte=band))
    return {
        "others": _summed(bands, "learners") - _counted(own),
        "below": (_summed(bands.filter(bucket__lt=band), "learners")
                  + _counted(in_band_below) - _counted(own.filter(theta__lt=theta))),
        "ties": _counted(estimates.filter(theta=theta).exclude(user=user)),
    }


#: Stand-ins for the learner, the areas and the θ compared in each (values no request
#: uses), swapped for the request's in the statement compiled once (``_per_area_sql``).
_ANY_USER = -7_357_115
_ANY_AREA = -32_100  # an area id is a small integer
_ANY_THETA = -7_357_200.5


@cache
def _per_area_sql(alias: str, n_areas: int) -> tuple[str, Slots]:
    """``per_area``'s statement for ``n_areas`` areas, compiled once per process: its ORM
    compilation (six subqueries) cost 8 ms, eight times what PostgreSQL takes to run it."""
    areas = [_ANY_AREA - i for i in range(n_areas)]
    thetas = [_ANY_THETA - i for i in range(n_areas)]
    query = (Area.objects.filter(pk__in=areas).order_by()
             .annotate(compared=Case(*(When(pk=a, then=Value(t))
                                       for a, t in zip(areas, thetas, strict=True)),
                                     output_field=FloatField()))
             .annotate(**counts(area=OuterRef("pk"), theta=OuterRef("compared"),
                                user=Value(_ANY_USER)))
             .values_list("pk", "others", "below", "ties")).query
    sql, params = query.get_compiler(using=alias).as_sql()
    return sql, find_slots(params, [_ANY_USER, *areas, *thetas],
                           where="standing_counts.per_area", repeated=True)


def per_area(*, user, thetas: dict[int, float],
             using: str = "default") -> dict[int, dict[str, int]]:
    """``counts`` for each area id in ``thetas`` against its θ, in one query:
    ``{area_id: {"others", "below", "ties"}}``."""
    if not thetas:
        return {}
    sql, slots = _per_area_sql(using, len(thetas))
    values: dict[object, object] = {_ANY_USER: user.pk}
    for i, (area_id, theta) in enumerate(thetas.items()):
        values[_ANY_AREA - i], values[_ANY_THETA - i] = int(area_id), float(theta)
    with connections[using].cursor() as cursor:
        cursor.execute(sql, slots.bind(values))
        found = {pk: {"others": o, "below": b, "ties": t}
                 for pk, o, b, t in cursor.fetchall()}
    return {a: found.get(a, {"others": 0, "below": 0, "ties": 0}) for a in thetas}
