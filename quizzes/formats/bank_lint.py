"""Writing rules for question banks that a machine can check (docs/bank-format.md).

Pure: parsed ``QuestionData`` in, a list of human-readable findings out. The bank tests
assert there are none; authors run it on a file while writing:
``python -m quizzes.formats.bank_lint [--strict] FILE...``. Per question and across a set of
questions (``bank_findings``: strings), and across an area's file (``area_findings``:
``Finding``s with rule, slug, line and level; ``--strict`` turns the depth warnings into
errors).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..rendering import render_problems
from .data import BankFile, QuestionData, TopicData
from .yaml_bank import parse_bank

MIN_EXPLANATION = 80
MAX_KEY_SHARE_PER_POSITION = 0.4
MAX_LONGEST_IS_KEY_SHARE = 0.4
NEAR_DUPLICATE_RATIO = 0.85
#: True/false statements of an area: the share that are true must lie in this range.
TRUE_SHARE = (0.4, 0.6)
#: Select-all items of an area: no one count of correct options on more than this share,
#: nor the correct options listed first on more than this share.
MAX_SAME_CORRECT_COUNT_SHARE = 0.6
MAX_CORRECT_FIRST_SHARE = 0.6
#: Depth of a topic (issue 10): live questions in all, and at least so many per tier.
MIN_TOPIC_QUESTIONS = 15
MIN_PER_TIER = {1: 2, 2: 3, 3: 3, 4: 3, 5: 2}
#: Absolute words mark distractors when their rate among distractors exceeds this multiple
#: of their rate among keys (and at least MIN_ABSOLUTE_DISTRACTORS distractors carry one).
ABSOLUTE_WORDS = ("always", "never", "all", "none")
ABSOLUTE_RATE_RATIO = 1.5
MIN_ABSOLUTE_DISTRACTORS = 3
#: An answer counts as distinctive (so it must not appear in the other questions of its
#: topic) from this many characters (a code span, or a text answer), or from
#: MIN_OPTION_ANSWER_CHARS for a correct option's whole text; a numeric key from this many
#: significant digits.
MIN_ANSWER_CHARS = 4
MIN_OPTION_ANSWER_CHARS = 12
MIN_NUMERIC_SIGNIFICANT_DIGITS = 3
_CODE_SPAN_RE = re.compile(r"`([^`\n]+)`")
_ABSOLUTE_RE = re.compile(r"\b(" + "|".join(ABSOLUTE_WORDS) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """One problem an area-wide rule found: which rule, where (slug and line), what.
    A warning is reported but does not fail the file (unless ``--strict`` makes it)."""

    rule: str
    slug: str
    line: int
    message: str
    level: str = "error"  # error | warning

    def __str__(self) -> str:
        return f"line {self.line}: {self.slug}: {self.message} [{self.rule}]"


def question_findings(q: QuestionData) -> list[str]:
    """Problems with one question on its own."""
    found = [f"{q.slug}: {where}: {problem}" for where, problem in render_findings(q)]
    if len(q.explanation.strip()) < MIN_EXPLANATION:
        found.append(f"{q.slug}: explanation shorter than {MIN_EXPLANATION} characters")
    if any("of the above" in c.text.lower() for c in q.choices):
        found.append(f"{q.slug}: 'all/none of the above' option")
    return found


def text_fields(q: QuestionData) -> list[tuple[str, str]]:
    """Every piece of authored text of a question, named as an author would look for it:
    the stem, the explanation, each choice (ordering: item) and its feedback."""
    option = "item" if q.kind == "ordering" else "choice"
    fields = [("stem", q.stem), ("explanation", q.explanation)]
    for i, c in enumerate(q.choices, start=1):
        fields.append((f"{option} {i}", c.text))
        if c.feedback:
            fields.append((f"feedback of {option} {i}", c.feedback))
    return fields


def render_findings(q: QuestionData) -> list[tuple[str, str]]:
    """(field, problem) for each piece of text that does not render cleanly
    (``rendering.render_problems``). The loader refuses such a question; so does the admin."""
    return [(where, problem) for where, text in text_fields(q)
            for problem in render_problems(text)]


def key_position(q: QuestionData) -> int | None:
    """0-based position of the full-credit option of a 4-option single-choice question."""
    if q.kind != "single" or len(q.choices) != 4:
        return None
    return [c.fraction for c in q.choices].index(1.0)


def longest_is_key(q: QuestionData) -> bool:
    return q.kind == "single" and len(q.choices) >= 3 and \
        max(q.choices, key=lambda c: len(c.text)).fraction == 1.0


def near_duplicate_stems(questions: Iterable[QuestionData],
                         ratio: float = NEAR_DUPLICATE_RATIO) -> list[tuple[str, str]]:
    """Pairs of questions whose stems are nearly, but not exactly, the same text (difflib's
    ratio; exact duplicates are reported on their own)."""
    stems = [(q.slug, q.stem.lower().split()) for q in questions]  # compared word by word
    pairs = []
    for i, (slug_a, a) in enumerate(stems):
        for slug_b, b in stems[i + 1:]:
            if a == b:
                continue
            m = SequenceMatcher(None, a, b, autojunk=False)
            if m.real_quick_ratio() >= ratio and m.quick_ratio() >= ratio and m.ratio() >= ratio:
                pairs.append((slug_a, slug_b))
    return pairs


def bank_findings(questions: Iterable[QuestionData], *, min_spread: int = 8) -> list[str]:
    """Problems across a set of questions: duplicates, key positions, give-away lengths."""
    qs = list(questions)
    found = [f for q in qs for f in question_findings(q)]
    stems = Counter(" ".join(q.stem.lower().split()) for q in qs)
    found += [f"duplicate stem: {s[:60]!r}" for s, n in stems.items() if n > 1]
    found += [f"near-duplicate stems: {a} ~ {b}" for a, b in near_duplicate_stems(qs)]
    slugs = Counter(q.slug for q in qs)
    found += [f"duplicate slug: {s}" for s, n in slugs.items() if n > 1]
    positions = Counter(p for q in qs if (p := key_position(q)) is not None)
    total = sum(positions.values())
    if total >= min_spread:
        counts = [positions.get(i, 0) for i in range(4)]
        if max(counts) > MAX_KEY_SHARE_PER_POSITION * total or min(counts) == 0:
            found.append(f"key positions A-D {counts}: spread them evenly")
    singles = [q for q in qs if q.kind == "single" and len(q.choices) >= 3]
    longest = sum(longest_is_key(q) for q in singles)
    if singles and longest > MAX_LONGEST_IS_KEY_SHARE * len(singles) + 1:
        found.append(f"the key is the longest option in {longest} of {len(singles)} "
                     "single-choice questions: lengthen distractors")
    return found


def is_true_statement(q: QuestionData) -> bool:
    return q.kind == "truefalse" and q.choices[0].fraction == 1.0


def true_false_findings(area: str, questions: Iterable[QuestionData],
                        line: int = 0) -> list[Finding]:
    """True/false statements of one area: 40-60% of them true (the nearest achievable
    split counts, so 1 of 3 or 2 of 3 passes); otherwise "always answer False" pays."""
    tf = [q for q in questions if q.kind == "truefalse"]
    n, trues = len(tf), sum(is_true_statement(q) for q in tf)
    low, high = TRUE_SHARE
    if n and not low * n - 0.5 <= trues <= high * n + 0.5:
        return [Finding("true-false-balance", area, line,
                        f"{trues} of {n} true/false statements are true ({trues / n:.0%}); "
                        f"keep {low:.0%}-{high:.0%} true")]
    return []


def correct_count(q: QuestionData) -> int:
    return sum(1 for c in q.choices if c.fraction > 0)


def correct_listed_first(q: QuestionData) -> bool:
    """The correct options of a select-all item are exactly its first ones in the file."""
    k = correct_count(q)
    return all(c.fraction > 0 for c in q.choices[:k])


def select_all_findings(area: str, questions: Iterable[QuestionData],
                        line: int = 0) -> list[Finding]:
    """Select-all items of one area vary how many options are correct, and do not list
    the correct ones first; otherwise "tick three" or "tick the top ones" pays."""
    multi = [q for q in questions if q.kind == "multiple"]
    if len(multi) < 3:
        return []
    found = []
    # By k alone: "tick three" pays whether an item has 4 options or 6.
    counts = Counter(correct_count(q) for q in multi)
    k, most = counts.most_common(1)[0]
    if most > MAX_SAME_CORRECT_COUNT_SHARE * len(multi):
        found.append(Finding("select-all-count", area, line,
                             f"{most} of {len(multi)} select-all items have exactly {k} correct "
                             f"options; vary how many (at most "
                             f"{MAX_SAME_CORRECT_COUNT_SHARE:.0%} alike)"))
    first = [q for q in multi if correct_listed_first(q)]
    if len(first) > MAX_CORRECT_FIRST_SHARE * len(multi):
        found.append(Finding("select-all-order", area, line,
                             f"{len(first)} of {len(multi)} select-all items list their correct "
                             "options first in the file; mix them in"))
    return found


def ordering_findings(questions: Iterable[QuestionData]) -> list[Finding]:
    """One partial-credit rule for ordering everywhere: credit by adjacent pairs (the
    loader's default). An item that opts out is reported."""
    return [Finding("ordering-credit", q.slug, q.line,
                    "ordering items all give partial credit by adjacent pairs; "
                    "remove 'partial_credit: false'")
            for q in questions if q.kind == "ordering" and not q.data.get("partial_credit", True)]


def depth_findings(topics: Iterable[str], questions: Iterable[QuestionData], *,
                   strict: bool = False, line: int = 0) -> list[Finding]:
    """Every topic has MIN_TOPIC_QUESTIONS live questions and MIN_PER_TIER per tier.
    A warning until the banks are deep enough; an error with ``strict``."""
    per_topic: dict[str, Counter] = {t: Counter() for t in topics}
    for q in questions:
        per_topic.setdefault(q.topic, Counter())[q.difficulty] += 1
    found = []
    for topic, tiers in per_topic.items():
        total = sum(tiers.values())
        short = [f"tier {t}: {tiers[t]} of {need}" for t, need in MIN_PER_TIER.items()
                 if tiers[t] < need]
        if total < MIN_TOPIC_QUESTIONS or short:
            message = f"topic has {total} of {MIN_TOPIC_QUESTIONS} questions"
            if short:
                message += "; short of " + ", ".join(short)
            found.append(Finding("depth", topic, line, message,
                                 "error" if strict else "warning"))
    return found


def _options_for_absolutes(q: QuestionData) -> list[tuple[str, bool]]:
    """(text, is_key) for each option of a question where a word can mark the key: the
    options of single and multiple choice, and a true/false statement (true: a key)."""
    if q.kind in ("single", "multiple"):
        return [(c.text, c.fraction > 0) for c in q.choices]
    if q.kind == "truefalse":
        return [(q.stem, is_true_statement(q))]
    return []


def absolute_word_findings(area: str, questions: Iterable[QuestionData],
                           line: int = 0) -> list[Finding]:
    """Absolute words ("always", "never", "all", "none") must not mark distractors: the
    share of distractors carrying one must not be far above the share of keys."""
    keys = distractors = keys_with = 0
    marked: list[str] = []
    for q in questions:
        for text, is_key in _options_for_absolutes(q):
            # Code is not a claim: `None`, `all()` and fenced examples do not count.
            prose = _CODE_SPAN_RE.sub(" ", re.sub(r"```.*?```", " ", text, flags=re.DOTALL))
            has = bool(_ABSOLUTE_RE.search(prose))
            if is_key:
                keys, keys_with = keys + 1, keys_with + has
            else:
                distractors += 1
                if has:
                    marked.append(q.slug)
    if not distractors or len(marked) < MIN_ABSOLUTE_DISTRACTORS:
        return []
    d_rate, k_rate = len(marked) / distractors, (keys_with / keys if keys else 0.0)
    if d_rate <= ABSOLUTE_RATE_RATIO * k_rate:
        return []
    slugs = ", ".join(dict.fromkeys(marked))
    return [Finding("absolute-words", area, line,
                    f"absolute words ({', '.join(ABSOLUTE_WORDS)}) are in {len(marked)} of "
                    f"{distractors} distractors ({d_rate:.0%}) but {keys_with} of {keys} keys "
                    f"({k_rate:.0%}): use them in keys too or avoid them; distractors in: "
                    f"{slugs}")]


def subtopic_findings(topics: Iterable[TopicData],
                      questions: Iterable[QuestionData]) -> list[Finding]:
    """What a topic promises is tested: each topic lists its ``subtopics``; each question
    carries at least one subtopic tag of its own topic and no other tag; each subtopic is
    tagged by at least one question; each subtopic's title is found in the topic's
    description (the description says what is tested, in the subtopics' words)."""
    topics = list(topics)
    listed = {t.slug: {s.slug for s in t.subtopics} for t in topics}
    tagged: Counter = Counter()
    found = []
    for q in questions:
        own = listed.get(q.topic, set())
        if not q.tags:
            found.append(Finding("subtopics", q.slug, q.line,
                                 f"no subtopic tag: add tags from topic {q.topic!r} "
                                 f"({', '.join(sorted(own)) or 'which lists none yet'})"))
        for tag in q.tags:
            if tag in own:
                tagged[(q.topic, tag)] += 1
            else:
                found.append(Finding("subtopics", q.slug, q.line,
                                     f"tag {tag!r} is not a subtopic of topic {q.topic!r}"))
    for t in topics:
        if not t.subtopics:
            found.append(Finding("subtopics", t.slug, t.line,
                                 "the topic lists no subtopics: list what its questions test"))
        description = " ".join(t.description.lower().split())
        for s in t.subtopics:
            if not tagged[(t.slug, s.slug)]:
                found.append(Finding("subtopics", t.slug, t.line,
                                     f"subtopic {s.slug!r} ({s.title}) has no question: "
                                     "write one or drop it from the topic and its description"))
            if " ".join(s.title.lower().split()) not in description:
                found.append(Finding("subtopics", t.slug, t.line,
                                     f"subtopic title {s.title!r} is not in the topic's "
                                     "description: say in the description what is tested"))
    return found


def _significant_digits(x: float) -> int:
    digits = f"{abs(x):.12g}".split("e")[0].replace(".", "").lstrip("0")
    if "." not in f"{abs(x):.12g}":
        digits = digits.rstrip("0")  # 1000 has one significant digit, 1000.5 five
    return len(digits)


def _number_forms(x: float) -> list[str]:
    forms = [f"{x:.12g}"]
    if x == int(x) and abs(x) >= 1000:
        forms.append(f"{int(x):,}")
    return forms


def answer_needles(q: QuestionData) -> list[str]:
    """The distinctive answers of a question: what must not be printed in another question
    of its topic. Text answers and code spans (backticks) in correct options of at least
    MIN_ANSWER_CHARS; a correct option's whole text of at least MIN_OPTION_ANSWER_CHARS;
    a numeric key with at least MIN_NUMERIC_SIGNIFICANT_DIGITS significant digits. A
    candidate that the question's own stem or wrong options also show is not what
    distinguishes the key, so it does not count (``list`` in every option; the stem's
    own code)."""
    candidates: list[str] = []
    if q.kind == "text":
        candidates += [a for a in q.data.get("accepted", []) if len(a) >= MIN_ANSWER_CHARS]
    elif q.kind == "numeric":
        answer = q.data.get("answer")
        if answer is not None and _significant_digits(answer) >= MIN_NUMERIC_SIGNIFICANT_DIGITS:
            candidates += _number_forms(answer)
    elif q.kind in ("single", "multiple"):
        for c in q.choices:
            if c.fraction <= 0:
                continue
            text = c.text.strip()
            spans = [sp.strip() for sp in _CODE_SPAN_RE.findall(text)]
            # A code span is the answer when it is most of the option ("`heapq`",
            # "`m.return_value`"), not a word in a sentence ("... raises `TypeError`").
            candidates += [sp for sp in spans
                           if len(sp) >= MIN_ANSWER_CHARS and 2 * len(sp) >= len(text)]
            if len(_visible(text)) >= MIN_OPTION_ANSWER_CHARS and text.strip("`") not in spans:
                candidates.append(text)
    own = [q.stem] + [c.text for c in q.choices if c.fraction <= 0 and q.kind != "truefalse"]
    needles = [n for n in dict.fromkeys(candidates)
               if not any(_contains(text, n) for text in own)]
    return sorted(needles, key=len, reverse=True)  # report "IAM role" rather than "role"


def _visible(text: str) -> str:
    """Text as a reader sees its letters: LaTeX commands, $ and backticks removed, so a
    short formula ("$\\Theta(n \\log n)$") is not mistaken for a distinctive answer."""
    return " ".join(re.sub(r"\\[A-Za-z]+|[$`{}\\^_]", " ", text).split())


def _contains(text: str, needle: str) -> bool:
    """Whether ``needle`` appears in ``text`` as a whole (not inside a longer word or
    number), ignoring case and runs of spaces."""
    words = [re.escape(w) for w in needle.split()]
    if not words:
        return False
    pattern = r"\s+".join(words)
    if re.fullmatch(r"-?[\d,]*\.?\d+", needle):  # a number: not part of a longer one
        pattern = r"(?<![\d.,])" + pattern + r"(?![\d]|[.,]\d)"
    else:  # a word or code: not part of a longer word (a dot before is fine: m.side_effect)
        if needle[0].isalnum() or needle[0] == "_":
            pattern = r"(?<!\w)" + pattern
        if needle[-1].isalnum() or needle[-1] == "_":
            pattern += r"(?!\w)"
    return re.search(pattern, text, re.IGNORECASE) is not None


def answer_leak_findings(questions: Iterable[QuestionData]) -> list[Finding]:
    """No answer of one question appears in the stem, options or explanation of another
    question of the same topic (a learner who meets both gets one free). One finding per
    pair and field, on the question that gives the answer away."""
    by_topic: dict[str, list[QuestionData]] = {}
    for q in questions:
        by_topic.setdefault(q.topic, []).append(q)
    found = []
    for qs in by_topic.values():
        needles = {q.slug: answer_needles(q) for q in qs}
        for a in qs:
            for b in qs:
                if a is b or not needles[a.slug]:
                    continue
                for where, text in text_fields(b):
                    hit = next((n for n in needles[a.slug] if _contains(text, n)), None)
                    if hit is not None:
                        found.append(Finding(
                            "answer-leak", b.slug, b.line,
                            f"{where} gives away the answer of {a.slug} (line {a.line}): "
                            f"{hit!r}"))
    return found


def area_findings(bank: BankFile, *, strict: bool = False) -> list[Finding]:
    """The rules across an area's bank file (issue 10). Depth is a warning unless strict."""
    if bank.area is None:
        return []
    area, qs, line = bank.area.slug, bank.questions, bank.area.line
    topic_lines = {t.slug: t.line for t in bank.area.topics}
    depth = [Finding(f.rule, f.slug, topic_lines.get(f.slug, line), f.message, f.level)
             for f in depth_findings(topic_lines, qs, strict=strict)]
    return (answer_leak_findings(qs)
            + true_false_findings(area, qs, line)
            + select_all_findings(area, qs, line)
            + ordering_findings(qs)
            + absolute_word_findings(area, qs, line)
            + subtopic_findings(bank.area.topics, qs)
            + depth)


def main(argv: list[str]) -> int:
    strict = "--strict" in argv
    status = 0
    for path in [a for a in argv if a != "--strict"]:
        with open(path, encoding="utf-8") as fh:
            bank = parse_bank(fh.read())
        findings = [str(p) for p in bank.problems] + bank_findings(bank.questions)
        rules = area_findings(bank, strict=strict)
        findings += [str(f) for f in rules if f.level == "error"]
        warnings = [str(f) for f in rules if f.level == "warning"]
        kinds = Counter(q.kind for q in bank.questions)
        tiers = Counter(q.difficulty for q in bank.questions)
        topics = Counter(q.topic for q in bank.questions)
        positions = Counter(p for q in bank.questions if (p := key_position(q)) is not None)
        print(f"{path}: {len(bank.questions)} questions")
        print(f"  topics {dict(sorted(topics.items()))}")
        print(f"  kinds {dict(sorted(kinds.items()))}  tiers {dict(sorted(tiers.items()))}")
        print(f"  key positions A-D {[positions.get(i, 0) for i in range(4)]}")
        for f in findings:
            print(f"  PROBLEM {f}")
        for w in warnings:
            print(f"  WARNING {w}")
        status = status or bool(findings)
    return int(status)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
