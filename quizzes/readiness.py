"""Pure: the readiness check's result, one reading per area (never one mixed level).

In: the per-area snapshot an attempt stored at grading (``services.readiness``) and the
counts of other learners below / tied per area (``selectors.area_percentiles``). Out: per
area the estimate with its 95% band, the verdict of ``standing.decide(scope="area")`` and
the percentile once enough other learners have a result in that area. No ORM.
"""

from __future__ import annotations

from dataclasses import dataclass

from .measurement import PERCENTILE_MINIMUM, Estimate
from .standing import MIN_ANSWERED_AREA, Verdict, decide, has_evidence


@dataclass(frozen=True)
class AreaReading:
    slug: str
    title: str
    asked: int           # questions of this area in the attempt
    answered: int        # of them answered (not left blank)
    credit: float        # credit earned on them
    evidence: int        # answers behind the area estimate (all attempts that count)
    estimate: Estimate
    verdict: Verdict
    has_level: bool      # enough answers to name a level and a band
    percentile: float | None
    others: int          # other learners with a result in the area
    needed: int = MIN_ANSWERED_AREA  # answers before an area gets a level

    @property
    def blank(self) -> int:
        return self.asked - self.answered


def percentile_from_counts(below: int, ties: int, others: int,
                           minimum: int = PERCENTILE_MINIMUM) -> float | None:
    """Percent of other learners below θ, ties counting half (as
    ``measurement.percentile``); None until ``minimum`` others have a result."""
    if others < minimum:
        return None
    return 100.0 * (below + 0.5 * ties) / others


def area_readings(area_results: dict[str, dict],
                  percentiles: dict[int, dict]) -> list[AreaReading]:
    readings = []
    for slug, r in area_results.items():
        counts = percentiles.get(r["area_id"], {"others": 0, "below": 0, "ties": 0})
        estimate = Estimate(theta=r["theta"], se=r["se"], n=r["evidence"])
        evidence = has_evidence(r["evidence"], scope="area")
        readings.append(AreaReading(
            slug=slug, title=r["title"], asked=r["asked"], answered=r["answered"],
            credit=r["credit"], evidence=r["evidence"], estimate=estimate,
            verdict=decide(r["theta"], r["se"], r["evidence"], scope="area"),
            has_level=evidence,
            # A percentile of an estimate too thin for a level would claim too much.
            percentile=percentile_from_counts(counts["below"], counts["ties"],
                                              counts["others"]) if evidence else None,
            others=counts["others"]))
    return readings
