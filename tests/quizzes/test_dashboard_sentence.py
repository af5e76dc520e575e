"""The dashboard's first sentence (pure): every clause is one of standing.decide's verdicts."""

from quizzes import reporting
from quizzes.levels import Level
from quizzes.reporting import dashboard_sentence, read

P = Level.PROFICIENT
AT = read(1.5, 0.2, 20, scope="area", target=P)  # P(θ ≥ 0.5) ≈ 1
BELOW = read(-1.0, 0.2, 20, scope="area", target=P)
UNSURE = read(0.5, 0.4, 20, scope="area", target=P)  # P = 0.5
FEW = read(0.0, 0.8, 3, scope="area", target=P)  # answered, but fewer than a level needs
NONE = read(None, None, 0, scope="area", target=P)


def test_readings_used_here_have_the_verdicts_their_names_say():
    assert [r.standing.value for r in (AT, BELOW, UNSURE, FEW, NONE)] == [
        "at", "below", "unsure", "not-enough", "not-enough"]


def test_dashboard_sentence_with_nothing_measured_says_so():
    assert dashboard_sentence([("Git", NONE), ("Maths", NONE)], P) == reporting.NOTHING_MEASURED


def test_dashboard_sentence_names_every_verdict_group():
    parts = [("Mathematics", BELOW), ("Git", AT), ("Cloud systems", UNSURE),
             ("Command line", FEW), ("Production code", NONE), ("DSA", NONE)]
    assert dashboard_sentence(parts, P) == (
        "At your target (Proficient) in 1 of 6 areas; below it in Mathematics; "
        "not sure yet in Cloud systems; Command line needs more answers; "
        "2 areas not measured yet.")


def test_dashboard_sentence_never_claims_a_target_that_is_only_unsure():
    sentence = dashboard_sentence([("Git", UNSURE), ("Maths", BELOW), ("DSA", BELOW)], P)
    assert sentence == ("No area confirmed at your target (Proficient) yet; below it in Maths "
                        "and DSA; not sure yet in Git.")


def test_dashboard_sentence_all_at_target_is_job_ready():
    assert dashboard_sentence([("Git", AT), ("Maths", AT)], P) == (
        "Job-ready by your target: at Proficient or above in all 2 areas.")


def test_dashboard_sentence_only_too_few_answers_claims_no_level():
    sentence = dashboard_sentence([("Git", FEW), ("Maths", NONE)], P)
    assert sentence == ("No area confirmed at your target (Proficient) yet; Git needs more "
                        "answers; 1 area not measured yet.")
    assert "Competent" not in sentence and "Novice" not in sentence
