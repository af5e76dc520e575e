r"""Moodle's GIFT format <-> plain question data (docs/bank-format.md §4).

Pure. Read the way Moodle's own importer (question/format/gift) reads a file: questions
are separated by blank lines; lines starting with ``//`` are comments; ``\~ \= \# \{ \}
\:`` are the special characters escaped, ``\\`` a backslash and ``\n`` a line break;
``::name::`` names a question and ``[markdown]`` gives its text's format; the answers sit
in ``{…}`` and ``####`` starts the general feedback (our explanation). Moodle's own
comment tokens ``[id:…]`` and ``[tag:…]`` carry the slug and the tags (the tier is a tag
``tier-N``); a ``// skillcheck: {json}`` comment carries what GIFT has no syntax for
(a unit, relative tolerance, case sensitivity, no shuffling, all-or-nothing ordering).

Kinds: ``{=a ~b}`` choice (no ``=`` answer: several may be right, weights ``~%50%``),
``{T}``/``{F}`` true/false, ``{=a =b}`` short answer, ``{#2.5:0.1}`` and ``{#1..5}``
numerical, ``{=x -> 1 =y -> 2}`` matching (GIFT has no ordering question: ours is written
as a matching of each item to its place, and a matching whose right sides are 1…n reads
back as an ordering).
"""

from __future__ import annotations

import re

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

SPECIAL = "~=#{}:"
# Placeholders for escaped characters while the structure is split (as Moodle does).
_HOLD = {c: chr(0xE000 + i) for i, c in enumerate(SPECIAL)}
_HOLD_NL = chr(0xE010)
_RELEASE = {v: k for k, v in _HOLD.items()} | {_HOLD_NL: "\n"}
_WEIGHT_RE = re.compile(r"^%(-?[0-9]+(?:\.[0-9]*)?)%")
_ID_RE = re.compile(r"\[id:((?:\\]|[^\]])+)\]")
_TAG_RE = re.compile(r"\[tag:((?:\\]|[^\]<>])+)\]")
_EXTRAS_RE = re.compile(r"^//\s*skillcheck:\s*(.*)$")
_FORMAT_RE = re.compile(r"^\[(moodle|html|plain|markdown)\]")
_TRUE, _FALSE = ("T", "TRUE"), ("F", "FALSE")

NO_ANSWERS = "no answers in {…}: a description or essay question, which the app does not have"
UNCLOSED = "an opening { without a closing } (escape a literal brace as \\{)"
TEXT_AFTER = ("text after the answers (a missing-word question) is not supported: put the "
              "answers at the end")
NO_CATEGORY = "no $CATEGORY before it: the category's last part names the question's topic"
MATCHING = ("a matching question is read only as an ordering: its right-hand sides must be "
            "the places 1, 2, 3 … of the items")
ESSAY = "an essay question has no answer key; the app does not have it"
NUMERIC_ONE = "a numerical question needs exactly one answer with full credit"
NUMERIC_BAD = "{text!r} is not a number, a number:tolerance or a range low..high"
TEXT_PARTIAL = "short answers all give full credit here; {text!r} has a partial grade"
ORDERING_ARROW = "an ordering item containing '->' cannot be written as a GIFT matching"
TEXT_ARROW = "a short answer containing '->' would read as a matching question in Moodle"
CONTROL = "the text holds a private-use character the GIFT reader uses internally"


def escape(text: str) -> str:
    """Text as GIFT writes it. A line break stays a line break unless the next line would
    end the question (a blank line) or read as a comment (``//``): then it is ``\\n``."""
    out = text.replace("\\", "\\\\")
    for c in SPECIAL:
        out = out.replace(c, "\\" + c)
    lines = out.split("\n")
    joined = lines[0]
    for line in lines[1:]:
        stripped = line.strip()
        joined += ("\\n" if not stripped or stripped.startswith("//") else "\n") + line
    return joined


def _hold(text: str) -> str:
    """Escapes to placeholders, so ``{ } ~ = # :`` split only where they are unescaped."""
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt == "\\":
                out.append("\\")
                i += 2
                continue
            if nxt in _HOLD:
                out.append(_HOLD[nxt])
                i += 2
                continue
            if nxt == "n":
                out.append(_HOLD_NL)
                i += 2
                continue
        out.append(c)
        i += 1
    return "".join(out)


def _release(text: str) -> str:
    return "".join(_RELEASE.get(c, c) for c in text)


def _text(raw: str, default_format: str) -> tuple[str, str]:
    """(text, format) of a piece with an optional ``[format]`` marker, unescaped."""
    raw = raw.strip()
    fmt = default_format
    match = _FORMAT_RE.match(raw)
    if match:
        fmt, raw = match.group(1), raw[match.end():]
    text = _release(raw).strip()
    if fmt == "html" or (fmt == "moodle" and looks_like_html(text)):
        text = html_to_markdown(text)
    return text, fmt


def _blocks(text: str):
    """(first line number, lines) of each blank-line-separated block."""
    block: list[str] = []
    start = 0
    for number_, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            if not block:
                start = number_
            block.append(line)
        elif block:
            yield start, block
            block = []
    if block:
        yield start, block


def parse(text: str) -> ParseResult:
    """Read a GIFT file. Each question is checked like a bank question; problems are
    collected per question (with its number and line), never raised."""
    result = ParseResult()
    if any(c in text for c in _RELEASE):
        result.problems.append(CONTROL)
        return result
    topic = ""
    for line_no, lines in _blocks(text.lstrip("\ufeff")):
        comments = [ln.strip() for ln in lines if ln.strip().startswith("//")]
        body = [ln for ln in lines if not ln.strip().startswith("//")]
        if not body:
            continue
        first = next(i for i, ln in enumerate(lines) if not ln.strip().startswith("//"))
        held = _hold("\n".join(body).strip())
        if held.startswith("$CATEGORY:"):
            path = _release(held[len("$CATEGORY:"):]).strip()
            topic = [p for p in re.split(r"(?<!/)/(?!/)", path) if p][-1].replace("//", "/") \
                if path.strip("/") else ""
            continue
        number_ = len(result.questions) + 1
        result.questions.append(_question(held, comments, topic, number_, line_no + first))
    unique_slugs(result.questions)
    if not result.questions and not result.problems:
        result.problems.append(EMPTY_FILE)
    return result


def _question(held: str, comments: list[str], topic: str, number_: int,
              line: int) -> ParsedQuestion:
    name = ""
    if held.startswith("::") and "::" in held[2:]:
        end = held.index("::", 2)
        name, held = _release(held[2:end]).strip(), held[end + 2:].strip()
    parsed = ParsedQuestion(number=number_, line=line, title=name, kind="", topic=topic)
    errors = parsed.errors
    start, end = held.find("{"), held.rfind("}")
    if start < 0 and end < 0:
        parsed.kind = "description"
        errors.append(NO_ANSWERS)
        return parsed
    if start < 0 or end < start:
        errors.append(UNCLOSED)
        return parsed
    if held[end + 1:].strip():
        errors.append(TEXT_AFTER)
    stem, fmt = _text(held[:start], "moodle")
    parsed.title = parsed.title or stem[:60]
    answers = held[start + 1:end].strip()
    explanation = ""
    if "####" in answers:
        cut = answers.rindex("####")
        explanation = _text(answers[cut + 4:], fmt)[0]
        answers = answers[:cut].strip()
    meta = "\n".join(comments)
    ids = _ID_RE.findall(meta)
    tier, tags = split_tags([t.replace("\\]", "]").strip() for t in _TAG_RE.findall(meta)])
    extras: dict = {}
    for c in comments:
        match = _EXTRAS_RE.match(c)
        if match:
            extras = read_extras(match.group(1), errors)
    slug = ids[0].replace("\\]", "]").strip() if ids else slugify(name or stem[:60],
                                                                  f"question-{number_}")
    if not topic:
        errors.append(NO_CATEGORY)

    def make(kind: str, choices=(), data=None) -> QuestionData:
        parsed.kind = kind
        return QuestionData(slug=slug, topic=topic, kind=kind, difficulty=tier, stem=stem,
                            explanation=explanation, choices=tuple(choices),
                            data=data or {}, tags=tags, line=line)

    return finish(parsed, lambda: _answers(answers, fmt, extras, make, parsed))


def _answers(answers: str, fmt: str, extras: dict, make, parsed: ParsedQuestion):
    errors = parsed.errors
    if not answers:
        parsed.kind = "essay"
        errors.append(ESSAY)
        return None
    if answers.startswith("#"):
        return _numerical(answers[1:], extras, make, errors)
    if "~" in answers:
        return _multichoice(answers, fmt, extras, make, errors)
    if "=" in answers and "->" in answers:
        return _matching(answers, fmt, extras, make, errors)
    head = answers.split("#", 1)[0].strip()
    if head in _TRUE + _FALSE:
        bits = [_text(b, fmt)[0] for b in answers.split("#", 2)[1:]] + ["", ""]
        wrong, right = bits[0], bits[1]
        is_true = head in _TRUE
        return make("truefalse", (ChoiceData("True", 1.0 if is_true else 0.0,
                                             right if is_true else wrong),
                                  ChoiceData("False", 0.0 if is_true else 1.0,
                                             wrong if is_true else right)))
    return _short(answers, fmt, extras, make, errors)


def _split(answers: str) -> list[tuple[str, str]]:
    """Answers as (mark, rest): mark is '=' or '~'."""
    parts = re.split(r"([=~])", answers)
    out = []
    for i in range(1, len(parts), 2):
        out.append((parts[i], parts[i + 1]))
    return out


def _weight(rest: str, errors: list[str]) -> tuple[float | None, str]:
    match = _WEIGHT_RE.match(rest.strip())
    if not match:
        return None, rest
    value = float(match.group(1))
    fraction = snap_fraction(value / 100)
    if fraction is None:
        errors.append(BAD_FRACTION.format(value=value))
    return fraction, rest.strip()[match.end():]


def _multichoice(answers, fmt, extras, make, errors):
    single = "=" in answers
    choices = []
    for mark, rest in _split(answers):
        fraction = 1.0 if mark == "=" else 0.0
        if mark == "~":
            weight, rest = _weight(rest, errors)
            fraction = weight if weight is not None else 0.0
        text, _, feedback = rest.partition("#")
        choices.append(ChoiceData(_text(text, fmt)[0], fraction, _text(feedback, fmt)[0]))
    data = {"shuffle": bool(extras.get("shuffle", True))}
    return make("single" if single else "multiple", choices, data)


def _short(answers, fmt, extras, make, errors):
    accepted = []
    for _mark, rest in _split(answers):
        weight, rest = _weight(rest, errors)
        text = _text(rest.partition("#")[0], "plain")[0]
        if weight is not None and weight != 1.0:
            errors.append(TEXT_PARTIAL.format(text=text))
        accepted.append(text)
    return make("text", data={"accepted": accepted,
                              "case_sensitive": bool(extras.get("case_sensitive", False))})


def _matching(answers, fmt, extras, make, errors):
    pairs = []
    for _mark, rest in _split(answers):
        left, _, right = rest.partition("->")
        pairs.append((_text(left, fmt)[0], _release(right).strip()))
    places = [right for _, right in pairs]
    if sorted(places, key=lambda p: (len(p), p)) != [str(i) for i in range(1, len(pairs) + 1)]:
        errors.append(MATCHING)
        return None
    items = [left for left, _ in sorted(pairs, key=lambda p: int(p[1]))]
    return make("ordering", (ChoiceData(t, 0.0) for t in items),
                {"partial_credit": bool(extras.get("partial_credit", True))})


def _numerical(answers, extras, make, errors):
    parts = _split(answers) if answers.lstrip().startswith("=") else [("=", answers)]
    full = []
    for _mark, rest in parts:
        weight, rest = _weight(rest, errors)
        if weight in (None, 1.0):
            full.append(_release(rest.partition("#")[0]).strip())
    if len(parts) != 1 or len(full) != 1:
        errors.append(NUMERIC_ONE)
        return None
    raw = full[0]
    try:
        if ".." in raw:
            low, high = (float(x) for x in raw.split("..", 1))
            answer, tolerance = (low + high) / 2, abs(high - low) / 2
        else:
            value, _, tol = raw.partition(":")
            answer, tolerance = float(value), float(tol or 0)
    except ValueError:
        errors.append(NUMERIC_BAD.format(text=raw))
        return None
    mode = extras.get("tolerance_mode", "absolute")
    if mode == "relative" and "tolerance" in extras:
        tolerance = extras["tolerance"]
    return make("numeric", data={"answer": answer, "tolerance": tolerance,
                                 "tolerance_mode": mode, "unit": str(extras.get("unit", ""))})


def dump(items: list[tuple[str, QuestionData]]) -> ExportResult:
    """Write (area slug, question) pairs as GIFT, a ``$CATEGORY`` before each new topic.
    Questions GIFT cannot hold faithfully are left out and named in ``skipped``."""
    out, skipped, category = [], [], None
    for area, q in items:
        problems = export_problems(q) + _gift_problems(q)
        if problems:
            skipped += [f"{q.slug}: {p}" for p in problems]
            continue
        path = f"$course$/top/{area}/{q.topic}"
        if path != category:
            out.append(f"$CATEGORY: {path}\n")
            category = path
        out.append(_question_text(q))
    # Whoever opens the file learns what is missing from it, and why.
    head = [f"// Left out: {line}\n" for line in skipped]
    return ExportResult("\n".join(head + out), skipped)


def _gift_problems(q: QuestionData) -> list[str]:
    if q.kind == "ordering" and any("->" in c.text for c in q.choices):
        return [ORDERING_ARROW]
    if q.kind == "text" and any("->" in a for a in q.data.get("accepted", ())):
        return [TEXT_ARROW]
    return []


def _question_text(q: QuestionData) -> str:
    tokens = [f"[id:{q.slug}]"] + [f"[tag:{t}]" for t in export_tags(q)]
    lines = ["// " + " ".join(tokens)]
    extras = _extras(q)
    if extras:
        lines.append(f"// skillcheck: {extras_json(extras)}")
    answers = _answer_text(q)
    if q.explanation:
        answers += "\n####" + escape(q.explanation)
    lines.append(f"::{escape(q.slug)}::[markdown]{escape(q.stem)}\n{{\n{answers}\n}}")
    return "\n".join(lines) + "\n"


def _extras(q: QuestionData) -> dict:
    d, extras = q.data, {}
    if q.kind == "numeric":
        if d.get("unit"):
            extras["unit"] = d["unit"]
        if d.get("tolerance_mode") == "relative":
            extras.update(tolerance_mode="relative", tolerance=d["tolerance"])
    elif q.kind == "text" and d.get("case_sensitive"):
        extras["case_sensitive"] = True
    elif q.kind in ("single", "multiple") and d.get("shuffle") is False:
        extras["shuffle"] = False
    elif q.kind == "ordering" and d.get("partial_credit") is False:
        extras["partial_credit"] = False
    return extras


def _feedback(text: str) -> str:
    return f" #{escape(text)}" if text else ""


def _answer_text(q: QuestionData) -> str:
    if q.kind in ("single", "multiple"):
        rows = []
        for c in q.choices:
            if q.kind == "single" and c.fraction == 1.0:
                mark = "="
            elif c.fraction == 0.0 and not c.text.startswith("%"):
                mark = "~"
            else:
                mark = f"~%{percent(c.fraction)}%"
            rows.append(f"\t{mark}{escape(c.text)}{_feedback(c.feedback)}")
        return "\n".join(rows)
    if q.kind == "truefalse":
        by_text = {c.text: c for c in q.choices}
        is_true = by_text["True"].fraction == 1.0
        right = by_text["True" if is_true else "False"].feedback
        wrong = by_text["False" if is_true else "True"].feedback
        feedback = f"#{escape(wrong)}#{escape(right)}" if (wrong or right) else ""
        return f"\t{'TRUE' if is_true else 'FALSE'}{feedback}"
    if q.kind == "numeric":
        d = q.data
        tolerance = d["tolerance"] * abs(d["answer"]) if d.get("tolerance_mode") == "relative" \
            else d["tolerance"]
        return f"\t#{number(d['answer'])}:{number(tolerance)}"
    if q.kind == "text":
        return "\n".join(f"\t={escape(a)}" for a in q.data["accepted"])
    # ordering: a matching of each item to its place
    return "\n".join(f"\t={escape(c.text)} -> {i}" for i, c in enumerate(q.choices, start=1))
