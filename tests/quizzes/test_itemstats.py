"""Item statistics (quizzes.itemstats) against small matrices worked out by hand.

Pure: no database. Every expected figure below is derived in the comments with Moodle's
formulas (variances and covariances over s - 1)."""

from __future__ import annotations

import math

import pytest

from quizzes import itemstats
from quizzes.itemstats import AttemptScores, ItemResponse, Option, QuestionInfo

approx = pytest.approx


def attempt(key, *cells):
    """cells: (question, credit) or (question, credit, chosen) in position order."""
    rs = []
    for cell in cells:
        q, credit, *rest = cell
        chosen = rest[0] if rest else ()
        rs.append(ItemResponse(question=q, credit=credit, version=1, chosen=chosen or (),
                               answered=chosen is not None))
    return AttemptScores(key=key, responses=tuple(rs))


# Fixed form: 6 attempts x 3 questions (1, 2, 3), always in that order.
#        q1 q2 q3  T
# A1      1  1  1  3
# A2      1  1  0  2
# A3      1  0  1  2
# A4      0  1  0  1
# A5      1  0  0  1
# A6      0  0  0  0   (A6 left q1 blank)
# q1 is single choice: option 11 right, 12 and 13 wrong; A4 chose 12, the others 11.
FIXED = [
    attempt(1, (1, 1.0, (11,)), (2, 1.0), (3, 1.0)),
    attempt(2, (1, 1.0, (11,)), (2, 1.0), (3, 0.0)),
    attempt(3, (1, 1.0, (11,)), (2, 0.0), (3, 1.0)),
    attempt(4, (1, 0.0, (12,)), (2, 1.0), (3, 0.0)),
    attempt(5, (1, 1.0, (11,)), (2, 0.0), (3, 0.0)),
    attempt(6, (1, 0.0, None), (2, 0.0), (3, 0.0)),
]
FIXED_QUESTIONS = [
    QuestionInfo(1, "single", (Option(11, 1, 1.0), Option(12, 1, 0.0), Option(13, 1, 0.0))),
    QuestionInfo(2, "numeric"),
    QuestionInfo(3, "multiple"),
]


@pytest.fixture
def fixed():
    result = itemstats.analyse(FIXED, FIXED_QUESTIONS, min_responses=5)
    return result.test, {q.question: q for q in result.questions}


def test_analyse_fixed_form_facility_and_sd(fixed):
    _, q = fixed
    # q1: mean 4/6; variance (4·(1/3)² + 2·(2/3)²)/5 = (12/9)/5 = 4/15.
    assert q[1].facility == approx(4 / 6)
    assert q[1].sd == approx(math.sqrt(4 / 15))
    # q2: mean 1/2; variance 6·(1/4)/5 = 0.3.
    assert q[2].facility == approx(0.5)
    assert q[2].sd == approx(math.sqrt(0.3))
    assert q[3].facility == approx(1 / 3)
    assert [q[k].n for k in (1, 2, 3)] == [6, 6, 6]


def test_analyse_fixed_form_discrimination_uses_the_rest_of_the_test(fixed):
    _, q = fixed
    # q1: rest = T - x = [2,1,1,1,0,0], mean 5/6. C(x, rest) = (Σxr - s·x̄·r̄)/5
    # = (4 - 10/3)/5 = 2/15; V(rest) = (7 - 25/6)/5 = 17/30; V(x) = 4/15.
    # D = (2/15)/sqrt(4/15 · 17/30) = 0.34300.
    assert q[1].discrimination == approx((2 / 15) / math.sqrt(4 / 15 * 17 / 30))
    assert q[1].discrimination == approx(0.34300, abs=1e-5)
    # q2: rest = [2,1,2,0,1,0], mean 1: Σxr = 3 = s·x̄·r̄, so C = 0 and D = 0.
    assert q[2].discrimination == approx(0.0)
    # q3 mirrors q1: rest = [2,2,1,1,1,0], C = (3 - 7/3)/5 = 2/15, V(rest) = 17/30.
    assert q[3].discrimination == approx(q[1].discrimination)


def test_analyse_fixed_form_discriminative_efficiency(fixed):
    _, q = fixed
    # q1: sorted x [0,0,1,1,1,1] with sorted rest [0,0,1,1,1,2]: Σ = 5,
    # Cmax = (5 - 10/3)/5 = 1/3; DE = (2/15)/(1/3) = 0.4.
    assert q[1].discriminative_efficiency == approx(0.4)
    assert q[2].discriminative_efficiency == approx(0.0)
    assert q[3].discriminative_efficiency == approx(0.4)


def test_analyse_fixed_form_test_level_figures(fixed):
    test, _ = fixed
    # T = [3,2,2,1,1,0]: V(T) = (19 - 13.5)/5 = 1.1; ΣV(x_p) = 4/15 + 3/10 + 4/15 = 5/6.
    # alpha = 3/2 · (1 - (5/6)/1.1) = 4/11; error ratio = sqrt(7/11).
    assert test.n_attempts == 6 and test.length == 3
    assert test.alpha == approx(4 / 11)
    assert test.error_ratio == approx(math.sqrt(7 / 11))
    # Scores are T/3: mean 0.5, median (1+2)/2/3 = 0.5, SD sqrt(1.1)/3; SEM = ER · SD.
    assert test.mean == approx(0.5)
    assert test.median == approx(0.5)
    assert test.sd == approx(math.sqrt(1.1) / 3)
    assert test.standard_error == approx(math.sqrt(7 / 11) * math.sqrt(1.1) / 3)
    # Deviations of T from 1.5 are symmetric: skewness 0. m2 = 5.5/6, m4 = 10.375/6,
    # k2 = 1.1, k4 = 36·(7·m4 - 15·m2²)/60 = -0.3, kurtosis = -0.3/1.21.
    assert test.skewness == approx(0.0, abs=1e-12)
    assert test.kurtosis == approx(-0.3 / 1.21)
    assert test.note == ""


def test_analyse_fixed_form_effective_weights(fixed):
    _, q = fixed
    # C(x_p, T): q1 (8 - 6)/5 = 0.4, q2 (6 - 4.5)/5 = 0.3, q3 (5 - 3)/5 = 0.4 (they sum
    # to V(T) = 1.1). EW = sqrt(C)/Σ sqrt(C).
    total = 2 * math.sqrt(0.4) + math.sqrt(0.3)
    assert q[1].effective_weight == approx(math.sqrt(0.4) / total)
    assert q[2].effective_weight == approx(math.sqrt(0.3) / total)
    assert sum(q[k].effective_weight for k in (1, 2, 3)) == approx(1.0)


def test_analyse_random_guess_score_by_kind(fixed):
    _, q = fixed
    assert q[1].random_guess == approx(1 / 3)  # one right option in three
    assert q[2].random_guess == 0.0  # typed: a guess scores nothing
    assert q[3].random_guess is None  # select-all: Moodle leaves it blank


def test_analyse_distractors_by_thirds(fixed):
    _, q = fixed
    # Ranked by (score, key): A6 0, A4 1/3, A5 1/3, A2 2/3, A3 2/3, A1 1.
    # Bottom third {A6, A4}, top third {A3, A1}.
    right, wrong, unused = q[1].options
    assert (right.count, right.rate, right.top_rate, right.bottom_rate) == (
        4, approx(4 / 6), 1.0, 0.0)
    assert (wrong.count, wrong.rate, wrong.top_rate, wrong.bottom_rate) == (
        1, approx(1 / 6), 0.0, 0.5)
    assert (unused.count, unused.rate) == (0, 0.0)
    assert q[1].omitted == 1


# Random draws: 5 attempts of 2 positions from a pool of questions a, b, c.
#        pos1     pos2      T
# B1     a=1      b=1       2
# B2     c=1      a=0       1
# B3     b=0      c=0       0
# B4     a=1      c=0       1
# B5     c=1      b=1       2
A, B, C = 101, 102, 103
DRAWN = [
    attempt(1, (A, 1.0), (B, 1.0)),
    attempt(2, (C, 1.0), (A, 0.0)),
    attempt(3, (B, 0.0), (C, 0.0)),
    attempt(4, (A, 1.0), (C, 0.0)),
    attempt(5, (C, 1.0), (B, 1.0)),
]


def test_analyse_random_draws_use_only_attempts_containing_the_question():
    result = itemstats.analyse(DRAWN, [QuestionInfo(A, "numeric")], min_responses=2)
    (a,) = result.questions
    # a is in B1, B2, B4: x = [1,0,1], rest = [1,1,0]. C = (1 - 4/3)/2 = -1/6,
    # V(x) = V(rest) = 1/3, so D = -0.5; Cmax = (2 - 4/3)/2 = 1/3, DE = -0.5.
    # (Against the whole total [2,1,1], own credit included, it would look positive.)
    assert a.n == 3
    assert a.facility == approx(2 / 3)
    assert a.discrimination == approx(-0.5)
    assert a.discriminative_efficiency == approx(-0.5)
    assert a.flags == (itemstats.LOW_DISCRIMINATION.format(d=-0.5, min=0.2),)


def test_analyse_random_draws_alpha_over_positions():
    result = itemstats.analyse(DRAWN, [QuestionInfo(A, "numeric")], min_responses=2)
    # pos1 = [1,1,0,1,1]: V = (4 - 3.2)/4 = 0.2; pos2 = [1,0,0,0,1]: V = (2 - 0.8)/4 = 0.3;
    # T = [2,1,0,1,2]: V = (10 - 7.2)/4 = 0.7. alpha = 2 · (1 - 0.5/0.7) = 4/7.
    assert result.test.alpha == approx(4 / 7)
    # Effective weight of a: C(x_a, T) over its attempts ([1,0,1] with [2,1,1]) = 1/6;
    # positions: C(pos1, T) = (6 - 4.8)/4 = 0.3, C(pos2, T) = (4 - 2.4)/4 = 0.4.
    (a,) = result.questions
    assert a.effective_weight == approx(math.sqrt(1 / 6) / (math.sqrt(0.3) + math.sqrt(0.4)))


def test_analyse_unequal_lengths_leave_alpha_and_weights_out():
    adaptive = [attempt(1, (A, 1.0), (B, 1.0), (C, 0.0)), attempt(2, (A, 0.0), (B, 1.0)),
                attempt(3, (A, 1.0), (C, 0.0))]
    result = itemstats.analyse(adaptive, [QuestionInfo(A, "numeric")], min_responses=2)
    assert result.test.length is None
    assert result.test.alpha is None and result.test.standard_error is None
    assert result.test.note == itemstats.UNEQUAL_LENGTHS
    assert result.questions[0].effective_weight is None
    assert result.test.mean == approx((2 / 3 + 1 / 2 + 1 / 2) / 3)


def test_analyse_question_nobody_saw_has_no_figures():
    result = itemstats.analyse(DRAWN, [QuestionInfo(999, "single")])
    (q,) = result.questions
    assert (q.n, q.facility, q.sd, q.discrimination) == (0, None, None, None)
    assert q.flags == (itemstats.NOT_ENOUGH.format(n=0, min=itemstats.MIN_RESPONSES),)


def test_analyse_no_attempts_gives_empty_test_figures():
    result = itemstats.analyse([], [])
    assert result.test.n_attempts == 0 and result.test.alpha is None


@pytest.mark.parametrize(("n", "facility", "disc", "expected"), [
    (29, 0.5, 0.5, (itemstats.NOT_ENOUGH.format(n=29, min=30),)),
    (30, 0.5, 0.2, ()),
    (30, 0.05, 0.1, (itemstats.TOO_HARD.format(f=0.05, min=0.1),
                     itemstats.LOW_DISCRIMINATION.format(d=0.1, min=0.2))),
    (30, 0.97, 0.3, (itemstats.TOO_EASY.format(f=0.97, max=0.95),)),
    (30, 0.95, 0.3, ()),
    (30, 1.0, None, (itemstats.TOO_EASY.format(f=1.0, max=0.95), itemstats.NO_DISCRIMINATION)),
])
def test_flags_for_thresholds(n, facility, disc, expected):
    assert itemstats.flags_for(n, facility, disc) == expected


def test_flag_message_reads_as_percent_and_two_decimals():
    assert itemstats.TOO_HARD.format(f=0.05, min=0.1) == "facility 5% below 10%"
    assert itemstats.LOW_DISCRIMINATION.format(d=0.1, min=0.2) == \
        "discrimination index 10% below 20%"


@pytest.mark.parametrize(("kind", "fractions", "expected"), [
    ("single", [1.0, 0.0, 0.0, 0.0], 0.25),
    ("single", [1.0, 0.5, 0.0, -0.5], 0.375),  # negative credit is clamped to 0 by grading
    ("truefalse", [1.0, 0.0], 0.5),
    ("text", [], 0.0),
    ("multiple", [0.5, 0.5, -1.0], None),
    ("ordering", [], None),
])
def test_random_guess_score(kind, fractions, expected):
    assert itemstats.random_guess_score(kind, fractions) == expected


def test_analyse_option_rates_count_only_attempts_shown_that_version():
    # Question 7 was edited: attempts 1-3 saw version 1 (options 71 right, 72 wrong),
    # attempt 4 saw version 2 (true/false: 81 right, 82 wrong), the newest.
    def one(key, version, chosen, credit):
        return AttemptScores(key, (ItemResponse(7, credit, version, chosen),))

    attempts = [one(1, 1, (71,), 1.0), one(2, 1, (72,), 0.0), one(3, 1, (72,), 0.0),
                one(4, 2, (81,), 1.0)]
    info = QuestionInfo(7, "truefalse", (Option(71, 1, 1.0), Option(72, 1, 0.0),
                                         Option(81, 2, 1.0), Option(82, 2, 0.0)))
    (q,) = itemstats.analyse(attempts, [info]).questions
    rates = {o.key: (o.count, o.rate) for o in q.options}
    assert rates == {71: (1, approx(1 / 3)), 72: (2, approx(2 / 3)), 81: (1, 1.0),
                     82: (0, 0.0)}
    # One attempt per third (4 // 3 = 1): top = attempt 4 (v2), bottom = attempt 2 (v1).
    top = {o.key: o.top_rate for o in q.options}
    assert top == {71: None, 72: None, 81: 1.0, 82: 0.0}
    assert q.random_guess == 0.5  # from the newest version's two options
