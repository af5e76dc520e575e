"""Pure: the readiness check's result, one reading per area (never one mixed level).

In: the per-area snapshot an attempt stored at grading (``services.readiness``), the
counts of other learners below / tied per area (``standing_counts.per_area``) and the
learner's target. Out: per area a ``reporting.Reading`` (level, 95% range, scaled score,
and the verdict of ``standing.decide(scope="area")``, or "not enough answers yet"), this
attempt's own share, and the percentile once enough other learners have a result in the
area. No ORM.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import reporting
from .levels import JOB_READY, Level
from .measurement import Standing, percentile_of


@dataclass(frozen=True)
class AreaReading:
    slug: str
    title: str
    asked: int           # questions of this area in the attempt
    answered: int        # of them answered (not left blank)
    credit: float        # credit earned on them
    evidence: int        # answered questions behind the area estimate (all that count)
    reading: reporting.Reading
    percentile: float | None
    others: int          # other learners with a result in the area

    @property
    def blank(self) -> int:
        return self.asked - self.answered


def area_readings(area_results: dict[str, dict], percentiles: dict[int, dict], *,
                  target: Level = JOB_READY) -> list[AreaReading]:
    readings = []
    for slug, r in area_results.items():
        counts = percentiles.get(r["area_id"], {"others": 0, "below": 0, "ties": 0})
        reading = reporting.read(r["theta"], r["se"], r["evidence"], scope="area",
                                 target=target)
        readings.append(AreaReading(
            slug=slug, title=r["title"], asked=r["asked"], answered=r["answered"],
            credit=r["credit"], evidence=r["evidence"], reading=reading,
            # No percentile for an estimate too thin for a level: it would claim too much.
            percentile=percentile_of(Standing(total=counts["others"], below=counts["below"],
                                              ties=counts["ties"])) if reading.has_level
            else None,
            others=counts["others"]))
    return readings
