"""Plain data a bank file turns into. No ORM: the loader service maps these to models."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

KINDS = ("single", "multiple", "truefalse", "numeric", "text", "ordering")
RESOURCE_KINDS = ("course", "book", "video", "documentation", "certification", "practice", "tool")
COSTS = ("free", "paid", "freemium")
RESOURCE_LEVELS = ("beginner", "intermediate", "advanced")
MODES = ("fixed", "adaptive", "practice")
#: The seed article's paths beyond the basics; a resource on one is a stretch goal.
RESOURCE_PATHS = ("project", "competition", "open-source", "certification")
FEEDBACK = ("deferred", "immediate")


@dataclass(frozen=True)
class ChoiceData:
    text: str
    fraction: float
    feedback: str = ""


@dataclass(frozen=True)
class QuestionData:
    """One question's content: what a version holds. ``data`` has the kind's own keys."""

    slug: str
    topic: str
    kind: str
    difficulty: int
    stem: str
    explanation: str
    choices: tuple[ChoiceData, ...] = ()
    data: dict = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    line: int = 0

    def content_hash(self) -> str:
        """A digest of the versioned content (not slug, topic, tags or line)."""
        payload = {
            "kind": self.kind,
            "difficulty": self.difficulty,
            "stem": self.stem,
            "explanation": self.explanation,
            "choices": [asdict(c) for c in self.choices],
            "data": self.data,
        }
        raw = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True)
class SubtopicData:
    """Something a topic's description promises; questions carry its slug in ``tags``."""

    slug: str
    title: str


@dataclass(frozen=True)
class TopicData:
    slug: str
    title: str
    description: str = ""
    line: int = 0
    subtopics: tuple[SubtopicData, ...] = ()


@dataclass(frozen=True)
class AreaData:
    slug: str
    title: str
    description: str
    topics: tuple[TopicData, ...]
    line: int = 0


@dataclass(frozen=True)
class SectionData:
    """A chapter or module of a long resource and the topics it teaches."""

    title: str
    hours: float
    topics: tuple[str, ...]


@dataclass(frozen=True)
class ResourceData:
    slug: str
    title: str
    provider: str
    url: str
    kind: str
    cost: str
    level: str
    hours: float
    description: str
    topics: tuple[str, ...]
    line: int = 0
    active: bool = True  # false: kept for history, never recommended (e.g. a retired exam)
    sections: tuple[SectionData, ...] = ()
    path: str = ""  # one of RESOURCE_PATHS, or ""


@dataclass(frozen=True)
class AssessmentData:
    slug: str
    title: str
    area: str | None
    description: str
    mode: str
    time_limit_minutes: int | None
    feedback: str
    attempts_allowed: int
    shuffle_choices: bool
    draw: tuple[tuple[str, int], ...]
    line: int = 0
    cooldown_hours: int = 0
    per_area: int = 0


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class BankFile:
    """What one file held: any of an area with questions, resources, assessments."""

    area: AreaData | None = None
    questions: list[QuestionData] = field(default_factory=list)
    resources: list[ResourceData] = field(default_factory=list)
    assessments: list[AssessmentData] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
