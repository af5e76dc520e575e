"""The plain data the recommender takes and returns (no ORM)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..formats.data import SectionData as Section  # a chapter or module: the catalogue's own type
from ..levels import JOB_READY, Level, level_for

RESOURCE_LEVELS = ("beginner", "intermediate", "advanced")


@dataclass(frozen=True)
class TopicResult:
    area: str
    topic: str  # "area/topic"
    topic_title: str
    theta: float
    se: float
    correct: float
    answered: int
    #: Live questions of the topic the learner has never been given (None: not known).
    #: A practice set that should settle the topic needs new questions: one made of
    #: questions already seen and explained would not measure anything.
    unseen: int | None = None

    @property
    def level(self) -> Level:
        return level_for(self.theta)


@dataclass(frozen=True)
class AreaResult:
    """The learner's estimate for a whole area (None fields: never measured)."""

    area: str
    title: str
    theta: float | None = None
    se: float | None = None
    answered: int = 0
    topics: tuple[tuple[str, str], ...] = ()  # every (ref, title) the area has

    @property
    def measured(self) -> bool:
        return self.theta is not None

    @property
    def level(self) -> Level | None:
        return level_for(self.theta) if self.theta is not None else None


@dataclass(frozen=True)
class ResourceItem:
    slug: str
    title: str
    kind: str
    cost: str
    level: str
    hours: float
    provider: str
    url: str
    topics: tuple[str, ...]
    sections: tuple[Section, ...] = ()
    #: The seed article's path beyond the basics this resource is ("project",
    #: "competition", "open-source", "certification"), or "".
    path: str = ""


@dataclass(frozen=True)
class AssessmentInfo:
    """A shipped assessment the learner can take to measure an area."""

    slug: str
    title: str
    area: str | None
    mode: str  # fixed | adaptive
    questions: int
    minutes: int | None
    url: str = ""
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class Preferences:
    target: Level = JOB_READY
    weekly_hours: float = 5.0
    free_only: bool = False  # keeps free and freemium, drops paid
    preferred_kinds: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Recommendation:
    """One resource (or the sections of it that serve the gap) for a gap topic."""

    resource: ResourceItem
    topic: TopicResult
    score: float
    reason: str
    sections: tuple[Section, ...] = ()
    serves: tuple[str, ...] = ()  # every gap topic it serves (refs)

    @property
    def hours(self) -> float:
        if self.sections:
            return round(sum(s.hours for s in self.sections), 2)
        return float(self.resource.hours)

    @property
    def hours_label(self) -> str:
        from .wording import hours_text

        return hours_text(self.hours)

    @property
    def title(self) -> str:
        if self.sections:
            return f"{self.resource.title}: " + "; ".join(s.title for s in self.sections)
        return self.resource.title


@dataclass(frozen=True)
class MeasureStep:
    """Measure before studying: which assessment, how long, and why."""

    assessment: AssessmentInfo | None
    area: str
    reason: str
    topic: str | None = None  # practise one topic in the app instead of an assessment
    topic_title: str = ""
    minutes: int = 0

    @property
    def label(self) -> str:
        if self.assessment is not None:
            return f"Take the {self.assessment.title}"
        from .wording import lower_title

        return f"Practise {lower_title(self.topic_title)} in the app"


@dataclass(frozen=True)
class PlanItem:
    """One line of a week: study a resource (or sections), practise a topic in the app,
    work through the review queue, measure, or re-measure at a checkpoint."""

    kind: str  # "measure" | "study" | "practice" | "review" | "checkpoint"
    label: str
    hours: float
    reason: str = ""
    url: str = ""
    recommendation: Recommendation | None = None
    topic: str = ""  # topic ref for practice items
    area: str = ""
    part: str = ""  # "part 2 of 3" when a resource runs over several weeks

    @property
    def hours_label(self) -> str:
        from .wording import hours_text

        return hours_text(self.hours)


@dataclass(frozen=True)
class StudyWeek:
    number: int
    items: tuple[PlanItem, ...]

    @property
    def hours(self) -> float:
        return round(sum(i.hours for i in self.items), 2)


@dataclass(frozen=True)
class Note:
    """What the page says about an area or topic that gets no study items."""

    area: str
    title: str
    text: str


@dataclass(frozen=True)
class Stretch:
    """A goal beyond the target for an area already at it (the seed article's paths)."""

    area: str
    path: str  # "Project" | "Competition" | "Open source" | "Certification" | "Deeper study"
    resource: ResourceItem
    reason: str


@dataclass
class Advice:
    measure: list[MeasureStep] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    weeks: list[StudyWeek] = field(default_factory=list)
    confirmed: list[Note] = field(default_factory=list)
    unsure: list[Note] = field(default_factory=list)
    stretch: list[Stretch] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    unplanned_hours: float = 0.0  # study hours beyond the planned weeks

    @property
    def gap_topics(self) -> set[str]:
        return {t for r in self.recommendations for t in r.serves}

    @property
    def total_hours(self) -> float:
        return round(sum(w.hours for w in self.weeks), 2)
