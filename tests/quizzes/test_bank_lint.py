"""The bank linter flags what it promises to flag, and passes clean questions."""

from quizzes.formats.bank_lint import (
    absolute_word_findings,
    answer_leak_findings,
    answer_needles,
    bank_findings,
    correct_listed_first,
    depth_findings,
    key_position,
    main,
    near_duplicate_stems,
    ordering_findings,
    question_findings,
    select_all_findings,
    subtopic_findings,
    true_false_findings,
)
from quizzes.formats.data import ChoiceData, QuestionData, SubtopicData, TopicData

GOOD_EXPLANATION = "Because the dot product of the two vectors is zero, they are orthogonal; " \
    "the other options give non-zero products."


def single(slug, key_at=0, texts=("aa", "bb", "cc", "dd"), **kw):
    choices = tuple(ChoiceData(t, 1.0 if i == key_at else 0.0) for i, t in enumerate(texts))
    fields = {"slug": slug, "topic": "t", "kind": "single", "difficulty": 2,
              "stem": f"Stem {slug}?", "explanation": GOOD_EXPLANATION, "choices": choices}
    return QuestionData(**(fields | kw))


def test_clean_question_has_no_findings():
    assert question_findings(single("ok")) == []


def test_short_explanation_bad_latex_bare_fence_and_of_the_above_are_flagged():
    q = single("bad", explanation="Too short.",
               stem="Compute $\\frac{1}{$ here\n\n```\nx = 1\n```\n",
               texts=("aa", "bb", "cc", "All of the above"))
    found = " | ".join(question_findings(q))
    assert "explanation shorter" in found
    assert "LaTeX" in found
    assert "code fence without a language" in found
    assert "of the above" in found


def test_keys_piled_on_one_position_are_flagged_and_an_even_spread_passes():
    piled = [single(f"p{i}", key_at=0) for i in range(8)]
    assert any("key positions" in f for f in bank_findings(piled))
    spread = [single(f"s{i}", key_at=i % 4) for i in range(8)]
    assert bank_findings(spread) == []
    assert [key_position(q) for q in spread[:4]] == [0, 1, 2, 3]


def test_key_that_is_usually_the_longest_option_is_flagged():
    giveaway = [single(f"g{i}", key_at=i % 4,
                       texts=tuple("a much longer, careful answer" if j == i % 4 else "x"
                                   for j in range(4))) for i in range(8)]
    assert any("longest option" in f for f in bank_findings(giveaway))


def test_duplicate_stems_and_slugs_are_flagged():
    twins = [single("a", key_at=0, stem="Same?"), single("a", key_at=1, stem="same?")]
    found = " | ".join(bank_findings(twins))
    assert "duplicate stem" in found and "duplicate slug" in found


def test_near_duplicate_stems_are_flagged_but_different_questions_pass():
    a = single("a", stem="Which vector is orthogonal to $u = (1, 2)$ in the plane?")
    b = single("b", key_at=1, stem="Which vector is orthogonal to $u = (1, 3)$ in the plane?")
    c = single("c", key_at=2, stem="What does `git fetch` change in your repository?")
    assert near_duplicate_stems([a, b, c]) == [("a", "b")]
    assert any("near-duplicate stems: a ~ b" in f for f in bank_findings([a, b, c]))


# ---- area-wide rules (issue 10) ---------------------------------------------------------

def tf(slug, answer, stem=None, topic="t", difficulty=2):
    choices = (ChoiceData("True", 1.0 if answer else 0.0),
               ChoiceData("False", 0.0 if answer else 1.0))
    return QuestionData(slug=slug, topic=topic, kind="truefalse", difficulty=difficulty,
                        stem=stem or f"Statement {slug}.", explanation=GOOD_EXPLANATION,
                        choices=choices, line=10)


def multi(slug, correct=(0, 1, 2), n=5, texts=None, topic="t"):
    k = len(correct)
    texts = texts or [f"option {slug} {i}" for i in range(n)]
    choices = tuple(ChoiceData(texts[i], 1 / k if i in correct else -1 / (n - k))
                    for i in range(n))
    return QuestionData(slug=slug, topic=topic, kind="multiple", difficulty=3,
                        stem=f"Select all {slug}.", explanation=GOOD_EXPLANATION,
                        choices=choices, line=20)


def order(slug, partial=True):
    return QuestionData(slug=slug, topic="t", kind="ordering", difficulty=2, stem="Order.",
                        explanation=GOOD_EXPLANATION,
                        choices=tuple(ChoiceData(x, 0.0) for x in "abc"),
                        data={"partial_credit": partial}, line=33)


def test_true_false_balance_flags_mostly_false_and_passes_40_to_60_percent():
    skewed = [tf("a", False), tf("b", False), tf("c", False), tf("d", True), tf("e", False)]
    found = true_false_findings("git", skewed, line=1)
    assert [f.rule for f in found] == ["true-false-balance"]
    assert found[0].slug == "git" and "1 of 5" in found[0].message and "20%" in found[0].message
    balanced = [*skewed[:3], tf("d", True), tf("e", True)]  # 2 of 5 = 40%
    assert true_false_findings("git", balanced) == []
    # The nearest achievable split passes: 1 of 3 (33%) is as close to half as 3 allows.
    assert true_false_findings("git", [tf("a", True), tf("b", False), tf("c", False)]) == []
    assert true_false_findings("git", [tf("a", False), tf("b", False), tf("c", False)]) != []


def test_select_all_items_must_vary_their_count_of_correct_options():
    same = [multi(f"m{i}", correct=(1, 2, 4)) for i in range(5)]
    found = select_all_findings("dsa", same)
    assert [f.rule for f in found] == ["select-all-count"]
    assert "5 of 5 select-all items have exactly 3 correct options" in found[0].message
    # Varying the number of options but not of keys is no variety: "tick three" still pays.
    padded = [multi("a", (1, 2, 4), n=5), multi("b", (0, 2, 3), n=4), multi("c", (1, 3, 5), n=6)]
    assert [f.rule for f in select_all_findings("dsa", padded)] == ["select-all-count"]
    varied = [multi("a", (1, 2, 4)), multi("b", (0, 3)), multi("c", (2,)),
              multi("d", (0, 1, 3, 4)), multi("e", (1, 2, 4))]
    assert select_all_findings("dsa", varied) == []


def test_select_all_items_must_not_list_correct_options_first():
    first = [multi("a", (0, 1, 2)), multi("b", (0, 1)), multi("c", (0,)),
             multi("d", (0, 1, 2, 3)), multi("e", (1, 3))]
    found = select_all_findings("dsa", first)
    assert [f.rule for f in found] == ["select-all-order"]
    assert "4 of 5" in found[0].message
    assert correct_listed_first(multi("x", (0, 1))) and not correct_listed_first(multi("y", (0, 2)))


def test_ordering_items_that_opt_out_of_partial_credit_are_flagged():
    found = ordering_findings([order("ok"), order("all-or-nothing", partial=False)])
    assert [(f.slug, f.line, f.rule) for f in found] == [("all-or-nothing", 33, "ordering-credit")]


def test_depth_is_a_warning_per_topic_and_an_error_when_strict():
    tiers = [1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 3, 2]
    deep = [single(f"d{i}", topic="deep", difficulty=t) for i, t in enumerate(tiers)]
    thin = [single(f"t{i}", topic="thin", difficulty=t) for i, t in enumerate([1, 1, 2, 3, 4, 5])]
    found = depth_findings(["deep", "thin", "empty"], deep + thin)
    assert [(f.slug, f.level) for f in found] == [("thin", "warning"), ("empty", "warning")]
    assert "6 of 15 questions" in found[0].message and "tier 2: 1 of 3" in found[0].message
    assert "tier 1" not in found[0].message
    assert {f.level for f in depth_findings(["thin"], thin, strict=True)} == {"error"}
    assert depth_findings(["deep"], deep) == []


def test_absolute_words_in_distractors_but_not_keys_are_flagged():
    marked = [single(f"s{i}", key_at=0, texts=("it depends on the load", "it always fails",
                                                "bb", "cc")) for i in range(3)]
    marked.append(tf("f", False, stem="A heap is never a sorted list."))
    found = absolute_word_findings("cloud", marked, line=2)
    assert [(f.rule, f.slug, f.line) for f in found] == [("absolute-words", "cloud", 2)]
    assert "4 of 10 distractors" in found[0].message and "0 of 3 keys" in found[0].message
    assert "s0, s1, s2, f" in found[0].message
    # The same words in keys as often: no tell, nothing reported.
    fair = marked + [single(f"k{i}", texts=("always so", "x", "y", "z")) for i in range(3)]
    fair.append(tf("g", True, stem="All ids are unique here."))
    assert absolute_word_findings("cloud", fair) == []
    # Code is not a claim: `None` and `all()` in backticks do not count.
    assert absolute_word_findings("cloud", [single(f"c{i}", texts=("a", "returns `None`",
                                                                   "`all(xs)`", "c"))
                                            for i in range(5)]) == []
    # Words inside other words ("install", "fallen") do not count.
    assert absolute_word_findings("cloud", [single(f"w{i}", texts=("a", "install it", "b", "c"))
                                            for i in range(5)]) == []


def test_subtopics_every_listed_one_is_tagged_and_every_tag_is_listed():
    heaps = TopicData("heaps", "Heaps", "Binary heaps, heapq, top-k with a heap.", line=7,
                      subtopics=(SubtopicData("binary-heaps", "Binary heaps"),
                                 SubtopicData("heapq", "heapq"),
                                 SubtopicData("top-k", "top-k"),
                                 SubtopicData("median", "Running median")))
    bare = TopicData("bare", "Bare", "Nothing listed.", line=12)
    qs = [single("h1", topic="heaps", tags=("binary-heaps", "heapq"), line=40),
          single("h2", topic="heaps", tags=("top-k", "sorting"), line=60),
          single("h3", topic="heaps", line=80),
          single("b1", topic="bare", tags=("anything",), line=90)]
    found = [(f.slug, f.line, f.message) for f in subtopic_findings([heaps, bare], qs)]
    assert ("h2", 60, "tag 'sorting' is not a subtopic of topic 'heaps'") in found
    assert any(s == "h3" and line == 80 and "no subtopic tag" in m and "binary-heaps" in m
               for s, line, m in found)
    assert ("b1", 90, "tag 'anything' is not a subtopic of topic 'bare'") in found
    assert any(s == "bare" and line == 12 and "lists no subtopics" in m for s, line, m in found)
    assert any(s == "heaps" and line == 7 and "'median' (Running median) has no question" in m
               for s, line, m in found)
    assert any(s == "heaps" and "'Running median' is not in the topic's description" in m
               for s, line, m in found)
    assert len(found) == 6
    # All tagged, all listed, titles in the description: clean.
    heaps_ok = TopicData("heaps", "Heaps", "Binary heaps, heapq, top-k with a heap.",
                         subtopics=heaps.subtopics[:3])
    ok = [single("h1", topic="heaps", tags=("binary-heaps", "heapq")),
          single("h2", topic="heaps", tags=("top-k",))]
    assert subtopic_findings([heaps_ok], ok) == []


def text_q(slug, accepted, stem="Which module?", topic="t", line=0):
    return QuestionData(slug=slug, topic=topic, kind="text", difficulty=2, stem=stem,
                        explanation=GOOD_EXPLANATION, data={"accepted": list(accepted)},
                        line=line)


def numeric_q(slug, answer, stem="How many?", topic="t", line=0):
    return QuestionData(slug=slug, topic=topic, kind="numeric", difficulty=2, stem=stem,
                        explanation=GOOD_EXPLANATION,
                        data={"answer": answer, "tolerance": 0}, line=line)


def test_answer_leak_text_answer_in_another_stem_of_the_topic_is_flagged_with_both_lines():
    module = text_q("heapq-module", ["heapq", "import heapq"], line=5)
    other = single("parent-index", stem="With `heapq.heappush(h, 0)`, where is the parent?",
                   line=30)
    elsewhere = single("other-topic", topic="u", stem="Use heapq here?")
    found = answer_leak_findings([module, other, elsewhere])
    assert [(f.rule, f.slug, f.line) for f in found] == [("answer-leak", "parent-index", 30)]
    assert found[0].message == ("stem gives away the answer of heapq-module (line 5): "
                                "'heapq'")


def test_answer_leak_reports_options_feedback_and_explanation_fields():
    term = text_q("term", ["amortised", "amortized"], stem="What is the word?")
    q = QuestionData(slug="resize", topic="t", kind="single", difficulty=3, stem="Cost?",
                     explanation="Appends are O(1) amortized because capacity doubles, so "
                                 "the copies average out to a constant per append overall.",
                     choices=(ChoiceData("Constant amortised", 1.0, "It is amortised."),
                              ChoiceData("Linear", 0.0), ChoiceData("Log", 0.0),
                              ChoiceData("Quadratic", 0.0)))
    wheres = [f.message.split(" gives")[0] for f in answer_leak_findings([term, q])]
    assert wheres == ["explanation", "choice 1", "feedback of choice 1"]


def test_answer_leak_needles_are_distinctive_only():
    # Short text answers, option texts and numbers with few significant digits don't count;
    # nor does what the question's own stem or wrong options also show.
    assert answer_needles(text_q("a", ["yes", "git"])) == []
    assert answer_needles(numeric_q("n", 1000)) == []
    assert answer_needles(numeric_q("n", 12)) == []
    assert answer_needles(numeric_q("n", 2448)) == ["2,448", "2448"]
    assert answer_needles(numeric_q("n", 0.693)) == ["0.693"]
    assert answer_needles(single("s", texts=("$\\Theta(n \\log n)$", "b", "c", "d"))) == []
    assert answer_needles(single("s", texts=("`side_effect`", "`return_value`", "c", "d"))) \
        == ["side_effect"]
    assert answer_needles(single("s", texts=("It raises `TypeError` at runtime here",
                                             "b", "c", "d"))) \
        == ["It raises `TypeError` at runtime here"]
    # `list` is in a wrong option too: it is not what distinguishes the key.
    assert answer_needles(single("s", texts=("`list`", "`list` of `dict`", "c", "d"))) == []
    assert answer_needles(text_q("t", ["heapq"], stem="What does `heapq` stand for?")) == []


def test_answer_leak_matches_whole_words_and_numbers_only():
    key = numeric_q("count", 2448, line=3)
    assert answer_leak_findings([key, single("x", stem="About 12448 rows?")]) == []
    assert answer_leak_findings([key, single("x", stem="About 2448.5 rows?")]) == []
    assert len(answer_leak_findings([key, single("x", stem="It had 2,448 rows.")])) == 1
    mod = text_q("mod", ["heapq"])
    assert answer_leak_findings([mod, single("x", stem="Is heapqueue a word?")]) == []
    assert len(answer_leak_findings([text_q("se", ["side_effect"]),
                                     single("x", stem="Set `m.side_effect = [1]`.")])) == 1


THIN_BANK = """\
area:
  slug: tiny
  title: Tiny
  topics:
    - slug: t
      title: T
      description: Sums.
      subtopics:
        - {slug: sums, title: Sums}
questions:
  - slug: only-one
    topic: t
    kind: single
    difficulty: 2
    tags: [sums]
    stem: |
      What is $1 + 1$?
    explanation: |
      One plus one is two: adding one to one moves one step along the number line from one.
    choices:
      - text: "2"
        correct: true
      - text: "3"
"""


def test_command_line_warns_on_depth_and_fails_only_when_strict(tmp_path, capsys):
    path = tmp_path / "tiny.yaml"
    path.write_text(THIN_BANK)
    assert main([str(path)]) == 0
    out = capsys.readouterr().out
    assert "WARNING line 5: t: topic has 1 of 15 questions" in out and "PROBLEM" not in out
    assert main(["--strict", str(path)]) == 1
    assert "PROBLEM line 5: t: topic has 1 of 15 questions" in capsys.readouterr().out
    path.write_text(THIN_BANK.replace("tags: [sums]", "tags: [products]"))
    assert main([str(path)]) == 1
    assert "PROBLEM line 11: only-one: tag 'products' is not a subtopic of topic 't'" \
        in capsys.readouterr().out
