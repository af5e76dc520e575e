"""The recommendation bench's variants (docs/recommendations.md §8, "More answers or
better-chosen questions"): its draws model the app's, and its flags do what the doc's
commands say. Pure: no database."""

import random

from bench import bench_recommendations as bench

# One topic, tiers 1-5 as a shipped pool has them (2/4/4/3/2).
TIERS = [1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5]
QUESTIONS = {"dsa/graphs": TIERS}


def test_the_app_draw_asks_unseen_questions_first_spread_over_tiers():
    answers = {("dsa/graphs", i): None for i in range(10)}  # 10 of 15 answered
    for seed in range(10):
        got = bench.draw(random.Random(seed), QUESTIONS, answers, "dsa/graphs", 7, "app")
        assert sorted(got[:5]) == [10, 11, 12, 13, 14]  # the five unseen, then seen ones
        assert len(set(got)) == 7
    first = bench.draw(random.Random(1), QUESTIONS, {}, "dsa/graphs", 3, "app")
    assert sorted(TIERS[i] <= 2 for i in first) == [False, False, True]  # one low band


def test_the_information_draw_takes_the_tiers_that_tell_most_at_the_decision_point():
    assert bench.DECISION_THETA == 0.75  # Proficient's floor 0.5 + half the margin
    for seed in range(10):
        got = bench.draw(random.Random(seed), QUESTIONS, {}, "dsa/graphs", 5, "info")
        assert sorted(TIERS[i] for i in got) == [3, 3, 4, 4, 4]  # 2PL: tier 4, then 3


def test_the_flags_run_and_extra_lengthens_only_the_three_thin_diagnostics(capsys,
                                                                           monkeypatch):
    monkeypatch.setattr("sys.argv", ["bench", "--learners", "2", "--draws", "app",
                                     "--practice", "info", "--rounds", "0", "--extra", "1",
                                     "--study-answered", "99"])
    standing = bench.standing
    monkeypatch.setattr(standing, "STUDY_ANSWERED", standing.STUDY_ANSWERED)
    monkeypatch.setattr(standing, "STUDY_DOUBT", standing.STUDY_DOUBT)
    bench.main()
    out = capsys.readouterr().out
    assert "maths 25, dsa 32, git 34, cloud 24, production-code 34, command-line 24" in out
    assert "rounds until decided" in out and "or 99 answers" in out
    assert "practice questions per learner:" in out
