"""Proficiency levels: named bands of IRT ability (theta, standard-normal scale).

Pure module. The cut-points are documented in docs/measurement.md; a learner's level is
the band their EAP estimate falls in, shown together with the uncertainty band.
"""

from __future__ import annotations

from enum import IntEnum


class Level(IntEnum):
    NOVICE = 0
    EMERGING = 1
    COMPETENT = 2
    PROFICIENT = 3
    EXPERT = 4

    @property
    def label(self) -> str:
        return self.name.title()


# Lower bounds of each band above Novice, on the theta scale.
EMERGING_FROM = -1.5
COMPETENT_FROM = -0.5
PROFICIENT_FROM = 0.5
EXPERT_FROM = 1.5

#: The default target: "job-ready" means Proficient in every area.
JOB_READY = Level.PROFICIENT


def level_for(theta: float) -> Level:
    """Map an ability estimate to its named band."""
    if theta >= EXPERT_FROM:
        return Level.EXPERT
    elif theta >= PROFICIENT_FROM:
        return Level.PROFICIENT
    elif theta >= COMPETENT_FROM:
        return Level.COMPETENT
    elif theta >= EMERGING_FROM:
        return Level.EMERGING
    return Level.NOVICE


def level_floor(level: Level) -> float:
    """The lowest theta that counts as ``level`` (-inf for Novice)."""
    return {
        Level.NOVICE: float("-inf"),
        Level.EMERGING: EMERGING_FROM,
        Level.COMPETENT: COMPETENT_FROM,
        Level.PROFICIENT: PROFICIENT_FROM,
        Level.EXPERT: EXPERT_FROM,
    }[level]
