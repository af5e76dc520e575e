"""Moodle XML <-> plain question data (docs/bank-format.md §4).

Pure. ``<quiz>`` holds ``<question type="…">`` elements: ``category`` (its path's last
part is the topic of the questions after it), ``multichoice`` (``<single>`` true: one
answer; false: several may be right), ``truefalse``, ``numerical`` (``<tolerance>``,
``<units>``), ``shortanswer`` (``<usecase>``) and ``ordering`` (the qtype_ordering
plugin: answers in the right order, ``fraction`` their place, ``<gradingtype>``). Slug,
tags and tier ride in Moodle's own ``<idnumber>`` and ``<tags>`` (tier as ``tier-N``);
a relative tolerance, which Moodle's numerical question lacks, in a ``<skillcheck>``
element Moodle ignores. Text is written with ``format="markdown"``; HTML text is
converted on import (``html_text``).

The file is read with defusedxml: a DTD, entity declarations and external references are
refused, so an entity-expansion bomb or an external entity cannot run.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from .data import ChoiceData, QuestionData
from .html_text import html_to_markdown, looks_like_html
from .interchange import (
    BAD_FRACTION,
    EMPTY_FILE,
    ExportResult,
    ParsedQuestion,
    ParseResult,
    export_problems,
    export_tags,
    extras_json,
    finish,
    number,
    percent,
    read_extras,
    slugify,
    snap_fraction,
    split_tags,
    unique_slugs,
)

NOT_XML = "not well-formed XML: {error}"
UNSAFE = "the file declares a DTD or entities, which are refused (they can expand " \
         "without bound or read other files)"
NOT_QUIZ = "the root element must be <quiz> (a Moodle XML question file)"
UNSUPPORTED = "Moodle question type {qtype!r} has no equivalent here"
NO_CATEGORY = ("no category before it: a <question type=\"category\"> whose path's last part "
               "names the question's topic")
NUMERIC_ONE = "a numerical question needs exactly one answer, with full credit"
NUMERIC_BAD = "{text!r} is not a number"
TEXT_PARTIAL = "short answers all give full credit here; {text!r} has grade {value:g}%"
TRUEFALSE_SHAPE = "a true/false question needs a 'true' and a 'false' answer"
ORDERING_GRADING = ("ordering grading type {value!r} has no equivalent: use "
                    "RELATIVE_NEXT_EXCLUDE_LAST (credit by adjacent pairs) or ALL_OR_NOTHING")
ORDERING_SELECT = "an ordering question must show all its items (selecttype ALL)"

GRADING = {"RELATIVE_NEXT_EXCLUDE_LAST": True, "ALL_OR_NOTHING": False}
TYPES = {"multichoice", "truefalse", "numerical", "shortanswer", "ordering"}
_QUESTION_TAG = re.compile(r"<question[\s>]")


def parse(text: str) -> ParseResult:
    """Read a Moodle XML file. Each question is checked like a bank question; problems are
    collected per question (with its number and line), never raised."""
    result = ParseResult()
    try:
        root = fromstring(text.lstrip("\ufeff").encode("utf-8"), forbid_dtd=True)
    except DefusedXmlException:
        result.problems.append(UNSAFE)
        return result
    except ET.ParseError as exc:
        result.problems.append(NOT_XML.format(error=exc))
        return result
    if root.tag != "quiz":
        result.problems.append(NOT_QUIZ)
        return result
    lines = [text.count("\n", 0, m.start()) + 1 for m in _QUESTION_TAG.finditer(text)]
    topic = ""
    for i, element in enumerate(root.iter("question")):
        qtype = element.get("type", "")
        if qtype == "category":
            path = _path(element, "category") or ""
            parts = [p for p in re.split(r"(?<!/)/(?!/)", path) if p]
            topic = parts[-1].replace("//", "/") if parts else ""
            continue
        number_ = len(result.questions) + 1
        line = lines[i] if i < len(lines) else 0
        result.questions.append(_question(element, qtype, topic, number_, line))
    unique_slugs(result.questions)
    if not result.questions and not result.problems:
        result.problems.append(EMPTY_FILE)
    return result


def _path(element: ET.Element, *steps: str) -> str | None:
    node = element
    for step in steps:
        node = node.find(step)
        if node is None:
            return None
    text = node.findtext("text") if node.find("text") is not None else node.text
    return (text or "").strip()


def _rich(element: ET.Element | None) -> str:
    """A ``<… format="…"><text>…</text>`` element's text as Markdown."""
    if element is None:
        return ""
    text = (element.findtext("text") or "").strip()
    fmt = element.get("format", "html")
    if fmt == "html" or (fmt == "moodle_auto_format" and looks_like_html(text)):
        return html_to_markdown(text)
    return text


def _flag(element: ET.Element, name: str, default: bool) -> bool:
    value = (element.findtext(name) or "").strip().lower()
    return default if not value else value in ("1", "true")


def _question(element: ET.Element, qtype: str, topic: str, number_: int,
              line: int) -> ParsedQuestion:
    name = _path(element, "name") or ""
    stem = _rich(element.find("questiontext"))
    parsed = ParsedQuestion(number=number_, line=line, title=name or stem[:60], kind=qtype,
                            topic=topic)
    errors = parsed.errors
    if qtype not in TYPES:
        errors.append(UNSUPPORTED.format(qtype=qtype))
        return parsed
    if not topic:
        errors.append(NO_CATEGORY)
    idnumber = (element.findtext("idnumber") or "").strip()
    slug = idnumber or slugify(name or stem[:60], f"question-{number_}")
    tier, tags = split_tags([(t.findtext("text") or "").strip()
                             for t in element.findall("tags/tag")])
    extras_raw = element.findtext("skillcheck")
    extras = read_extras(extras_raw, errors) if extras_raw else {}
    answers = element.findall("answer")

    def make(kind: str, choices=(), data=None) -> QuestionData:
        parsed.kind = kind
        return QuestionData(slug=slug, topic=topic, kind=kind, difficulty=tier, stem=stem,
                            explanation=_rich(element.find("generalfeedback")),
                            choices=tuple(choices), data=data or {}, tags=tags, line=line)

    builders = {"multichoice": _multichoice, "truefalse": _truefalse,
                "numerical": _numerical, "shortanswer": _short, "ordering": _ordering}
    return finish(parsed, lambda: builders[qtype](element, answers, extras, make, errors))


def _fraction(answer: ET.Element, errors: list[str]) -> float:
    raw = answer.get("fraction", "0")
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    fraction = snap_fraction(value / 100) if value == value else None
    if fraction is None:
        errors.append(BAD_FRACTION.format(value=value))
        return 0.0
    return fraction


def _multichoice(element, answers, extras, make, errors):
    choices = [ChoiceData(_rich(a), _fraction(a, errors), _rich(a.find("feedback")))
               for a in answers]
    single = _flag(element, "single", True)
    return make("single" if single else "multiple", choices,
                {"shuffle": _flag(element, "shuffleanswers", True)})


def _truefalse(element, answers, extras, make, errors):
    by_text = {(a.findtext("text") or "").strip().lower(): a for a in answers}
    if set(by_text) != {"true", "false"}:
        errors.append(TRUEFALSE_SHAPE)
        return None
    true, false = by_text["true"], by_text["false"]
    return make("truefalse", (
        ChoiceData("True", _fraction(true, errors), _rich(true.find("feedback"))),
        ChoiceData("False", _fraction(false, errors), _rich(false.find("feedback")))))


def _numerical(element, answers, extras, make, errors):
    # A catch-all "*" answer with no credit changes nothing here.
    real = [a for a in answers
            if not ((a.findtext("text") or "").strip() == "*" and a.get("fraction") in ("0", None))]
    if len(real) != 1 or _fraction(real[0], errors) != 1.0:
        errors.append(NUMERIC_ONE)
        return None
    raw = (real[0].findtext("text") or "").strip()
    try:
        answer = float(raw)
        tolerance = float((real[0].findtext("tolerance") or "0").strip() or 0)
    except ValueError:
        errors.append(NUMERIC_BAD.format(text=raw))
        return None
    mode = extras.get("tolerance_mode", "absolute")
    if mode == "relative" and "tolerance" in extras:
        tolerance = extras["tolerance"]
    unit = ""
    for u in element.findall("units/unit"):
        if (u.findtext("multiplier") or "1").strip() in ("1", "1.0", "1.0000000"):
            unit = (u.findtext("unit_name") or "").strip()
            break
    return make("numeric", data={"answer": answer, "tolerance": tolerance,
                                 "tolerance_mode": mode, "unit": unit})


def _short(element, answers, extras, make, errors):
    accepted = []
    for a in answers:
        text = (a.findtext("text") or "").strip()
        fraction = _fraction(a, errors)
        if fraction == 1.0:
            accepted.append(text)
        elif not (text == "*" and fraction == 0.0):
            errors.append(TEXT_PARTIAL.format(text=text, value=fraction * 100))
    return make("text", data={"accepted": accepted,
                              "case_sensitive": _flag(element, "usecase", False)})


def _ordering(element, answers, extras, make, errors):
    grading = (element.findtext("gradingtype") or "RELATIVE_NEXT_EXCLUDE_LAST").strip().upper()
    if grading not in GRADING:
        errors.append(ORDERING_GRADING.format(value=grading))
        return None
    if (element.findtext("selecttype") or "ALL").strip().upper() not in ("ALL", "0"):
        errors.append(ORDERING_SELECT)
        return None

    def place(indexed):
        i, a = indexed
        try:
            return (float(a.get("fraction", i + 1)), i)
        except ValueError:
            return (float(i + 1), i)

    ordered = [a for _, a in sorted(enumerate(answers), key=place)]
    return make("ordering", (ChoiceData(_rich(a), 0.0) for a in ordered),
                {"partial_credit": GRADING[grading]})


def dump(items: list[tuple[str, QuestionData]]) -> ExportResult:
    """Write (area slug, question) pairs as Moodle XML, a category before each new topic."""
    root = ET.Element("quiz")
    skipped, category = [], None
    for area, q in items:
        problems = export_problems(q)
        if problems:
            skipped += [f"{q.slug}: {p}" for p in problems]
            continue
        path = f"$course$/top/{area}/{q.topic}"
        if path != category:
            cat = ET.SubElement(root, "question", type="category")
            _text(ET.SubElement(cat, "category"), path)
            ET.SubElement(cat, "idnumber").text = q.topic
            category = path
        root.append(_element(q))
    for i, line in enumerate(skipped):
        # Whoever opens the file learns what is missing from it, and why.
        root.insert(i, ET.Comment(f" Left out: {line.replace('--', '- -')} "))
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return ExportResult('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n", skipped)


def _text(parent: ET.Element, value: str, fmt: str | None = None) -> ET.Element:
    if fmt:
        parent.set("format", fmt)
    ET.SubElement(parent, "text").text = value
    return parent


def _rich_child(parent: ET.Element, name: str, value: str) -> None:
    _text(ET.SubElement(parent, name), value, "markdown")


def _answer(parent: ET.Element, fraction: str, text: str, feedback: str = "",
            fmt: str = "markdown") -> ET.Element:
    answer = _text(ET.SubElement(parent, "answer", fraction=fraction), text, fmt)
    _rich_child(answer, "feedback", feedback)
    return answer


_QTYPE = {"single": "multichoice", "multiple": "multichoice", "truefalse": "truefalse",
          "numeric": "numerical", "text": "shortanswer", "ordering": "ordering"}


def _element(q: QuestionData) -> ET.Element:
    el = ET.Element("question", type=_QTYPE[q.kind])
    _text(ET.SubElement(el, "name"), q.slug)
    _rich_child(el, "questiontext", q.stem)
    _rich_child(el, "generalfeedback", q.explanation)
    ET.SubElement(el, "defaultgrade").text = "1"
    ET.SubElement(el, "penalty").text = "0.3333333"
    ET.SubElement(el, "hidden").text = "0"
    ET.SubElement(el, "idnumber").text = q.slug
    d = q.data
    if q.kind in ("single", "multiple"):
        ET.SubElement(el, "single").text = "true" if q.kind == "single" else "false"
        ET.SubElement(el, "shuffleanswers").text = "true" if d.get("shuffle", True) else "false"
        ET.SubElement(el, "answernumbering").text = "abc"
        for c in q.choices:
            _answer(el, percent(c.fraction), c.text, c.feedback)
    elif q.kind == "truefalse":
        for c in q.choices:
            _answer(el, percent(c.fraction), c.text.lower(), c.feedback, "moodle_auto_format")
    elif q.kind == "numeric":
        tolerance = d["tolerance"] * abs(d["answer"]) if d.get("tolerance_mode") == "relative" \
            else d["tolerance"]
        answer = _answer(el, "100", number(d["answer"]), fmt="moodle_auto_format")
        ET.SubElement(answer, "tolerance").text = number(tolerance)
        if d.get("unit"):
            ET.SubElement(el, "unitgradingtype").text = "0"
            ET.SubElement(el, "showunits").text = "0"
            ET.SubElement(el, "unitsleft").text = "0"
            unit = ET.SubElement(ET.SubElement(el, "units"), "unit")
            ET.SubElement(unit, "multiplier").text = "1"
            ET.SubElement(unit, "unit_name").text = d["unit"]
        if d.get("tolerance_mode") == "relative":
            ET.SubElement(el, "skillcheck").text = extras_json(
                {"tolerance_mode": "relative", "tolerance": d["tolerance"]})
    elif q.kind == "text":
        ET.SubElement(el, "usecase").text = "1" if d.get("case_sensitive") else "0"
        for accepted in d["accepted"]:
            _answer(el, "100", accepted, fmt="moodle_auto_format")
    else:
        for name, value in (("layouttype", "VERTICAL"), ("selecttype", "ALL"),
                            ("selectcount", "0"),
                            ("gradingtype", "RELATIVE_NEXT_EXCLUDE_LAST"
                             if d.get("partial_credit", True) else "ALL_OR_NOTHING"),
                            ("showgrading", "SHOW"), ("numberingstyle", "none")):
            ET.SubElement(el, name).text = value
        for i, c in enumerate(q.choices, start=1):
            _text(ET.SubElement(el, "answer", fraction=f"{i}.0000000"), c.text, "markdown")
    tags = ET.SubElement(el, "tags")
    for tag in export_tags(q):
        _text(ET.SubElement(tags, "tag"), tag)
    return el
