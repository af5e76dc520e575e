"""Parse the project's YAML bank files (docs/bank-format.md) into plain data.

Pure: text in, a ``BankFile`` out, with every problem reported by line number. Nothing
here touches the database; ``quizzes.services.banks`` writes what this returns.

Run as a script to validate files: ``python -m quizzes.formats.yaml_bank FILE...``.
"""

from __future__ import annotations

import math
import re
import sys
from typing import Any

import yaml

from .data import (
    COSTS,
    FEEDBACK,
    KINDS,
    MODES,
    RESOURCE_KINDS,
    RESOURCE_LEVELS,
    RESOURCE_PATHS,
    AreaData,
    AssessmentData,
    BankFile,
    ChoiceData,
    Problem,
    QuestionData,
    ResourceData,
    SectionData,
    SubtopicData,
    TopicData,
)

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TOPIC_REF_RE = re.compile(r"^[a-z0-9-]+/[a-z0-9-]+$")
URL_RE = re.compile(r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?:[/?#][^\s]*)?$")

COMMON_KEYS = {"slug", "topic", "kind", "difficulty", "stem", "explanation", "tags"}
KIND_KEYS: dict[str, tuple[set[str], set[str]]] = {
    # kind: (required, optional)
    "single": ({"choices"}, {"shuffle"}),
    "multiple": ({"choices"}, {"shuffle"}),
    "truefalse": ({"answer"}, {"feedback_true", "feedback_false"}),
    "numeric": ({"answer", "tolerance"}, {"tolerance_mode", "unit"}),
    "text": ({"accepted"}, {"case_sensitive"}),
    "ordering": ({"items"}, {"partial_credit"}),
}
CHOICE_KEYS = {"text", "correct", "fraction", "feedback"}
MIN_CHOICES, MAX_CHOICES = 2, 8
MIN_ITEMS, MAX_ITEMS = 3, 8
EPS = 1e-6


class _LineDict(dict):
    line = 0


class _LineLoader(yaml.SafeLoader):
    """A SafeLoader whose mappings remember the (1-based) line they start on."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _LineDict:
    mapping = _LineDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _line(obj: Any, default: int = 0) -> int:
    return getattr(obj, "line", default)


def parse_bank(text: str) -> BankFile:
    """Parse one bank file's text. Problems are collected, never raised."""
    bank = BankFile()
    try:
        doc = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        bank.problems.append(Problem(line, f"not valid YAML: {getattr(exc, 'problem', exc)}"))
        return bank
    if not isinstance(doc, dict):
        bank.problems.append(Problem(1, "the file must be a mapping with area/questions, "
                                        "resources or assessments"))
        return bank
    unknown = set(doc) - {"area", "questions", "resources", "assessments"}
    for key in sorted(unknown):
        bank.problems.append(Problem(1, f"unknown top-level key {key!r}"))
    if "area" in doc:
        bank.area = _parse_area(doc["area"], bank.problems)
    if "questions" in doc:
        if bank.area is None:
            bank.problems.append(Problem(1, "questions need an 'area' in the same file"))
        topics = {t.slug for t in bank.area.topics} if bank.area else set()
        bank.questions = _parse_list(doc["questions"], "questions", bank.problems,
                                     lambda item, p: _parse_question(item, topics, p))
        _check_unique([(q.slug, q.line) for q in bank.questions], "question slug", bank.problems)
    if "resources" in doc:
        bank.resources = _parse_list(doc["resources"], "resources", bank.problems,
                                     _parse_resource)
        _check_unique([(r.slug, r.line) for r in bank.resources], "resource slug", bank.problems)
    if "assessments" in doc:
        bank.assessments = _parse_list(doc["assessments"], "assessments", bank.problems,
                                       _parse_assessment)
        _check_unique([(a.slug, a.line) for a in bank.assessments], "assessment slug",
                      bank.problems)
    return bank


def _parse_list(value, name, problems, parse_one):
    if not isinstance(value, list):
        problems.append(Problem(_line(value, 1), f"'{name}' must be a list"))
        return []
    parsed = []
    for item in value:
        if not isinstance(item, dict):
            problems.append(Problem(_line(item, 1), f"each entry of '{name}' must be a mapping"))
            continue
        before = len(problems)
        result = parse_one(item, problems)
        if result is not None and len(problems) == before:
            parsed.append(result)
    return parsed


def _check_unique(pairs: list[tuple[str, int]], what: str, problems: list[Problem]) -> None:
    seen: dict[str, int] = {}
    for slug, line in pairs:
        if slug in seen:
            problems.append(
                Problem(line, f"duplicate {what} {slug!r} (first on line {seen[slug]})"))
        else:
            seen[slug] = line


def _text(item: dict, key: str, problems: list[Problem], *, required: bool = True) -> str:
    value = item.get(key)
    if value is None:
        if required:
            problems.append(Problem(item.line, f"'{key}' is required"))
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        problems.append(Problem(item.line, f"'{key}' must be text"))
        return ""
    value = str(value).strip()
    if required and not value:
        problems.append(Problem(item.line, f"'{key}' must not be empty"))
    return value


def _slug(item: dict, key: str, problems: list[Problem]) -> str:
    value = _text(item, key, problems)
    if value and not SLUG_RE.match(value):
        problems.append(Problem(item.line, f"{key} {value!r} must be lowercase words joined by "
                                           "hyphens"))
    return value


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _parse_area(item: Any, problems: list[Problem]) -> AreaData | None:
    if not isinstance(item, dict):
        problems.append(Problem(1, "'area' must be a mapping"))
        return None
    slug = _slug(item, "slug", problems)
    title = _text(item, "title", problems)
    description = _text(item, "description", problems, required=False)
    topics = []
    raw_topics = item.get("topics")
    if not isinstance(raw_topics, list) or not raw_topics:
        problems.append(Problem(item.line, "'topics' must be a non-empty list"))
        raw_topics = []
    for t in raw_topics:
        if not isinstance(t, dict):
            problems.append(Problem(item.line, "each topic must be a mapping"))
            continue
        for key in sorted(set(t) - {"slug", "title", "description", "subtopics"}):
            problems.append(Problem(t.line, f"unknown topic key {key!r}"))
        topics.append(TopicData(
            slug=_slug(t, "slug", problems),
            title=_text(t, "title", problems),
            description=_text(t, "description", problems, required=False),
            line=t.line,
            subtopics=_parse_subtopics(t, problems),
        ))
    _check_unique([(t.slug, t.line) for t in topics], "topic slug", problems)
    return AreaData(slug=slug, title=title, description=description, topics=tuple(topics),
                    line=item.line)


def _parse_subtopics(topic: dict, problems: list[Problem]) -> tuple[SubtopicData, ...]:
    """A topic's ``subtopics``: a list of {slug, title}, slugs unique within the topic."""
    raw = topic.get("subtopics")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problems.append(Problem(topic.line, "subtopics must be a list of {slug, title}"))
        return ()
    out = []
    for sub in raw:
        if not isinstance(sub, dict) or set(sub) != {"slug", "title"}:
            problems.append(Problem(_line(sub, topic.line),
                                    "each subtopic must be a mapping with slug and title only"))
            continue
        before = len(problems)
        slug, title = _slug(sub, "slug", problems), _text(sub, "title", problems)
        if len(problems) == before:
            out.append((SubtopicData(slug=slug, title=title), sub.line))
    _check_unique([(s.slug, line) for s, line in out], "subtopic slug", problems)
    return tuple(s for s, _ in out)


def _parse_question(item: dict, topics: set[str], problems: list[Problem]) -> QuestionData | None:
    line = item.line
    slug = _slug(item, "slug", problems)
    where = f"question {slug!r}: " if slug else ""

    def bad(message: str, at: int | None = None) -> None:
        problems.append(Problem(at or line, where + message))

    kind = item.get("kind")
    if kind not in KINDS:
        bad(f"kind must be one of {', '.join(KINDS)} (got {kind!r})")
        return None
    required, optional = KIND_KEYS[kind]
    for key in sorted(required - set(item)):
        bad(f"a {kind} question needs '{key}'")
    for key in sorted(set(item) - COMMON_KEYS - required - optional):
        bad(f"'{key}' does not belong in a {kind} question")
    topic = _text(item, "topic", problems)
    if topic and topic not in topics:
        bad(f"topic {topic!r} is not a topic of this area")
    difficulty = item.get("difficulty")
    if isinstance(difficulty, bool) or not isinstance(difficulty, int) or not 1 <= difficulty <= 5:
        bad("difficulty must be a whole number from 1 to 5")
        difficulty = 0
    stem = _text(item, "stem", problems)
    explanation = _text(item, "explanation", problems)
    tags = item.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        bad("tags must be a list of strings")
        tags = []

    choices: tuple[ChoiceData, ...] = ()
    data: dict[str, Any] = {}
    if kind in ("single", "multiple") and "choices" in item:
        choices = _parse_choices(kind, item["choices"], bad)
        data["shuffle"] = _bool(item, "shuffle", True, bad)
    elif kind == "truefalse" and "answer" in item:
        answer = item["answer"]
        if not isinstance(answer, bool):
            bad("answer must be true or false")
            answer = True
        choices = (
            ChoiceData("True", 1.0 if answer else 0.0, str(item.get("feedback_true", "")).strip()),
            ChoiceData("False", 0.0 if answer else 1.0,
                       str(item.get("feedback_false", "")).strip()),
        )
    elif kind == "numeric" and "answer" in item:
        answer = _number(item["answer"])
        tolerance = _number(item.get("tolerance"))
        if answer is None:
            bad("answer must be a finite number")
        if tolerance is None or tolerance < 0:
            bad("tolerance must be a number >= 0")
        mode = item.get("tolerance_mode", "absolute")
        if mode not in ("absolute", "relative"):
            bad("tolerance_mode must be absolute or relative")
        data = {"answer": answer, "tolerance": tolerance, "tolerance_mode": mode,
                "unit": str(item.get("unit", "")).strip()}
    elif kind == "text" and "accepted" in item:
        accepted = item["accepted"]
        if (not isinstance(accepted, list) or not accepted
                or not all(isinstance(a, str | int | float) and str(a).strip() for a in accepted)):
            bad("accepted must be a non-empty list of non-empty answers")
            accepted = []
        data = {"accepted": [str(a).strip() for a in accepted],
                "case_sensitive": _bool(item, "case_sensitive", False, bad)}
    elif kind == "ordering" and "items" in item:
        items = item["items"]
        if (not isinstance(items, list) or not MIN_ITEMS <= len(items) <= MAX_ITEMS
                or not all(isinstance(i, str | int | float) and str(i).strip() for i in items)):
            bad(f"items must be a list of {MIN_ITEMS} to {MAX_ITEMS} non-empty strings")
            items = []
        texts = [str(i).strip() for i in items]
        if len(set(texts)) != len(texts):
            bad("items must all differ")
        # Each item's fraction is its 1-based position in the key.
        choices = tuple(ChoiceData(t, 0.0) for t in texts)
        # One rule everywhere (docs/bank-format.md): credit by adjacent pairs.
        data = {"partial_credit": _bool(item, "partial_credit", True, bad)}
    return QuestionData(slug=slug, topic=topic, kind=kind, difficulty=difficulty, stem=stem,
                        explanation=explanation, choices=choices, data=data,
                        tags=tuple(tags), line=line)


def _bool(item: dict, key: str, default: bool, bad) -> bool:
    value = item.get(key, default)
    if not isinstance(value, bool):
        bad(f"{key} must be true or false")
        return default
    return value


def _parse_choices(kind: str, raw: Any, bad) -> tuple[ChoiceData, ...]:
    if not isinstance(raw, list) or not MIN_CHOICES <= len(raw) <= MAX_CHOICES:
        bad(f"choices must be a list of {MIN_CHOICES} to {MAX_CHOICES} options")
        return ()
    rows: list[tuple[str, float | None, bool, str]] = []
    for c in raw:
        if not isinstance(c, dict):
            bad("each choice must be a mapping with 'text'")
            return ()
        for key in sorted(set(c) - CHOICE_KEYS):
            bad(f"'{key}' does not belong in a choice", _line(c))
        text = c.get("text")
        if text is None or not str(text).strip():
            bad("each choice needs a non-empty 'text'", _line(c))
            return ()
        if "fraction" in c and "correct" in c:
            bad("give a choice 'correct' or 'fraction', not both", _line(c))
        fraction = None
        if "fraction" in c:
            fraction = _number(c["fraction"])
            if fraction is None or not -1 <= fraction <= 1:
                bad("fraction must be a number from -1 to 1", _line(c))
                return ()
        correct = c.get("correct", False)
        if not isinstance(correct, bool):
            bad("correct must be true or false", _line(c))
            return ()
        rows.append((str(text).strip(), fraction, correct, str(c.get("feedback", "")).strip()))
    if len({r[0] for r in rows}) != len(rows):
        bad("two choices have the same text")
    n = len(rows)
    k = sum(1 for _, f, correct, _ in rows if correct or (f is not None and f > 0))
    choices = []
    for text, fraction, correct, feedback in rows:
        if fraction is None:
            if kind == "single":
                fraction = 1.0 if correct else 0.0
            elif correct:
                fraction = 1.0 / k
            else:
                fraction = -1.0 / (n - k) if n > k else 0.0
        choices.append(ChoiceData(text, round(fraction, 7), feedback))
    fractions = [c.fraction for c in choices]
    if kind == "single":
        full = sum(1 for f in fractions if abs(f - 1) < EPS)
        if full != 1:
            bad(f"a single-choice question needs exactly one full-credit choice (has {full})")
        if any(f < 0 for f in fractions):
            bad("single-choice fractions must be from 0 to 1")
    else:
        positive = sum(f for f in fractions if f > 0)
        if k == 0:
            bad("a multiple-choice question needs at least one correct choice")
        elif abs(positive - 1) > 1e-4:
            bad(f"the positive fractions must add up to 1 (they add up to {positive:g})")
    return tuple(choices)


def _parse_resource(item: dict, problems: list[Problem]) -> ResourceData | None:
    line = item.line
    slug = _slug(item, "slug", problems)
    allowed = {"slug", "title", "provider", "url", "kind", "cost", "level", "hours",
               "description", "topics", "active", "sections", "path"}
    for key in sorted(set(item) - allowed):
        problems.append(Problem(line, f"resource {slug!r}: unknown key {key!r}"))
    url = _text(item, "url", problems)
    if url and not URL_RE.match(url):
        problems.append(Problem(line, f"resource {slug!r}: url must be a well-formed https URL"))
    values = {}
    for key, options in (("kind", RESOURCE_KINDS), ("cost", COSTS), ("level", RESOURCE_LEVELS)):
        values[key] = item.get(key)
        if values[key] not in options:
            problems.append(Problem(line, f"resource {slug!r}: {key} must be one of "
                                          f"{', '.join(options)}"))
    hours = _number(item.get("hours"))
    if hours is None or hours <= 0:
        problems.append(Problem(line, f"resource {slug!r}: hours must be a positive number"))
    topics = item.get("topics")
    if (not isinstance(topics, list) or not topics
            or not all(isinstance(t, str) and TOPIC_REF_RE.match(t) for t in topics)):
        problems.append(Problem(line, f"resource {slug!r}: topics must be a non-empty list of "
                                      "'area/topic' references"))
        topics = []
    active = item.get("active", True)
    if not isinstance(active, bool):
        problems.append(Problem(line, f"resource {slug!r}: active must be true or false"))
        active = True
    path = item.get("path", "")
    if path not in ("", *RESOURCE_PATHS):
        problems.append(Problem(line, f"resource {slug!r}: path must be one of "
                                      f"{', '.join(RESOURCE_PATHS)}"))
        path = ""
    sections = _parse_sections(item.get("sections"), slug, line, tuple(topics), hours,
                               problems)
    return ResourceData(slug=slug, title=_text(item, "title", problems),
                        provider=_text(item, "provider", problems), url=url,
                        kind=values["kind"], cost=values["cost"], level=values["level"],
                        hours=hours or 0.0, description=_text(item, "description", problems),
                        topics=tuple(topics), line=line, active=active, sections=sections,
                        path=path)


def _parse_sections(raw, slug: str, line: int, topics: tuple[str, ...], hours: float | None,
                    problems: list[Problem]) -> tuple[SectionData, ...]:
    """A resource's sections: each has a title, positive hours and topics that are among
    the resource's own; together they take no longer than the resource."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not raw:
        problems.append(Problem(line, f"resource {slug!r}: sections must be a non-empty list"))
        return ()
    out = []
    for i, sec in enumerate(raw, start=1):
        where = f"resource {slug!r} section {i}"
        if not isinstance(sec, dict) or set(sec) - {"title", "hours", "topics"}:
            problems.append(Problem(line, f"{where}: give title, hours and topics only"))
            continue
        title = sec.get("title")
        h = _number(sec.get("hours"))
        refs = sec.get("topics")
        if not isinstance(title, str) or not title.strip():
            problems.append(Problem(line, f"{where}: title is required"))
            continue
        if h is None or h <= 0:
            problems.append(Problem(line, f"{where}: hours must be a positive number"))
            continue
        if (not isinstance(refs, list) or not refs
                or not all(isinstance(t, str) and t in topics for t in refs)):
            problems.append(Problem(line, f"{where}: topics must be a non-empty list of the "
                                          "resource's own topics"))
            continue
        out.append(SectionData(title=title.strip(), hours=h, topics=tuple(refs)))
    if hours and sum(s.hours for s in out) > hours + 1e-9:
        problems.append(Problem(line, f"resource {slug!r}: its sections add up to more hours "
                                      f"than the resource ({hours:g})"))
    return tuple(out)


# The question count and time limit a learner sees are computed from the draw and the
# time limit; a description that states them goes stale when either changes.
_STATED_COUNT_RE = re.compile(
    r"\b(\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty)(-\w+)?\s+(questions?|minutes?|hours?)\b", re.IGNORECASE)
STATED_COUNT = ("its description states {what!r}: the page shows the computed question "
                "count and the time limit, so leave numbers out of the description")


def _parse_assessment(item: dict, problems: list[Problem]) -> AssessmentData | None:
    line = item.line
    slug = _slug(item, "slug", problems)
    allowed = {"slug", "title", "area", "description", "mode", "time_limit_minutes", "feedback",
               "attempts_allowed", "cooldown_hours", "per_area", "shuffle_choices", "draw"}
    for key in sorted(set(item) - allowed):
        problems.append(Problem(line, f"assessment {slug!r}: unknown key {key!r}"))

    def bad(message: str) -> None:
        problems.append(Problem(line, f"assessment {slug!r}: {message}"))

    mode = item.get("mode", "fixed")
    if mode not in MODES:
        bad(f"mode must be one of {', '.join(MODES)}")
    feedback = item.get("feedback", "deferred")
    if feedback not in FEEDBACK:
        bad(f"feedback must be one of {', '.join(FEEDBACK)}")
    limit = item.get("time_limit_minutes")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit <= 0):
        bad("time_limit_minutes must be a positive whole number or omitted")
    allowed_attempts = item.get("attempts_allowed", 0)
    if isinstance(allowed_attempts, bool) or not isinstance(allowed_attempts, int) \
            or allowed_attempts < 0:
        bad("attempts_allowed must be a whole number >= 0 (0 = unlimited)")
    cooldown = item.get("cooldown_hours", 0)
    if isinstance(cooldown, bool) or not isinstance(cooldown, int) or cooldown < 0:
        bad("cooldown_hours must be a whole number >= 0 (0 = no wait between attempts)")
        cooldown = 0
    per_area = item.get("per_area", 0)
    if isinstance(per_area, bool) or not isinstance(per_area, int) or not 0 <= per_area <= 50:
        bad("per_area must be a whole number from 0 to 50 (0 = each topic's own count)")
        per_area = 0
    draw = item.get("draw")
    pairs: list[tuple[str, int]] = []
    if not isinstance(draw, dict) or not draw:
        bad("draw must map 'area/topic' (or 'area': each of its topics) to a number of "
            "questions")
    else:
        for ref, count in draw.items():
            if not isinstance(ref, str) or not (TOPIC_REF_RE.match(ref) or SLUG_RE.match(ref)):
                bad(f"draw key {ref!r} must be 'area/topic' or an area slug")
            elif isinstance(count, bool) or not isinstance(count, int) or count <= 0:
                bad(f"draw count for {ref} must be a positive whole number")
            else:
                pairs.append((ref, count))
    area = item.get("area")
    if area is not None and not (isinstance(area, str) and SLUG_RE.match(area)):
        bad("area must be an area slug or omitted")
    stated = _STATED_COUNT_RE.search(str(item.get("description") or ""))
    if stated:
        bad(STATED_COUNT.format(what=stated.group(0)))
    return AssessmentData(slug=slug, title=_text(item, "title", problems), area=area,
                          description=_text(item, "description", problems, required=False),
                          mode=mode, time_limit_minutes=limit, feedback=feedback,
                          attempts_allowed=allowed_attempts, cooldown_hours=cooldown,
                          per_area=per_area,
                          shuffle_choices=_bool(item, "shuffle_choices", True, bad),
                          draw=tuple(pairs), line=line)


def main(argv: list[str]) -> int:
    status = 0
    for path in argv:
        with open(path, encoding="utf-8") as fh:
            bank = parse_bank(fh.read())
        for problem in bank.problems:
            print(f"{path}:{problem}")
        if bank.problems:
            status = 1
        else:
            print(f"{path}: OK ({len(bank.questions)} questions, {len(bank.resources)} resources,"
                  f" {len(bank.assessments)} assessments)")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
