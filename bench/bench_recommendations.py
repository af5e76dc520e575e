"""Does the study plan target the learner's true gaps, and only those?

    .venv/bin/python bench/bench_recommendations.py [--learners 300] [--seed 5]
        [--draws random|app] [--practice draws|info] [--rounds 2] [--extra 0]
        [--study-answered 5] [--study-doubt 0.05]

Simulated learners with known true abilities per topic take every shipped per-area
diagnostic (`quizzes/banks/assessments.yaml`: the same draw per topic, questions picked at
random from the YAML banks). They answer by the 2PL model with each question's tier prior
(the parameters the app uses before calibration); the app's estimators give each topic
(`quizzes.measurement.estimate_topics`: the two-level model, a topic's prior centred on
the learner's other topics) and area (`quizzes.measurement.estimate_area`) an estimate
from every latest answer, as `quizzes.services.scoring` does, and
`quizzes.recommending.advise` builds the advice with the default preferences (target
Proficient, 5 hours a week). Then each learner does the practice sets
the plan asks for first (at most two rounds) and the advice is rebuilt. Pure Python, no
database.

Variants (docs/recommendations.md §8, "More answers or better-chosen questions"):
``--draws app`` draws as the app does (unseen first, over tier bands; the default keeps
the earlier uniform draw so the earlier tables reproduce), ``--practice info`` asks a
practice set's most informative unseen questions at the decision point, ``--rounds 0``
practises until nothing is left to confirm or the topic's pool is all answered,
``--extra K`` adds K questions per topic to the DSA, Git and production-code diagnostics,
``--study-answered``/``--study-doubt`` set the study rule (`quizzes.standing`).

True abilities: per learner and area θ_A ~ N(0.3, 0.9); each topic θ_A + N(0, 0.6).
A true gap, read two ways: the true level is below the target's level, or the true θ is
at least one level's width (1.0) below the target's floor. Reported (docs/recommendations.md):
- precision: of the plan's first three study items, the share serving a true gap;
- recall: of the true gaps, the share served by some study item (and, a second row, by a
  study item or a practice step that confirms the topic first);
- false alarms: study items whose every topic is truly ≥ 0.5 above the target's floor,
  and study items in an area truly ≥ 0.5 above it for a topic not truly below it.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quizzes import measurement, recommending, standing
from quizzes.formats.yaml_bank import parse_bank
from quizzes.levels import level_floor
from quizzes.recommending.gaps import PRACTICE_QUESTIONS
from quizzes.sampling import stratified_sample

BANKS = Path(__file__).resolve().parents[1] / "quizzes" / "banks"
AREAS = ("maths", "dsa", "git", "cloud", "production-code", "command-line")
LEVEL_WIDTH = 1.0
MEASURE_ROUNDS = 2
#: Where the study decision is made for the default target: between the floor (below
#: it, a gap) and the floor + STUDY_MARGIN (at or over it, a false alarm).
DECISION_THETA = level_floor(recommending.Preferences().target) + standing.STUDY_MARGIN / 2
#: The diagnostics that ask 3 questions per topic (``--extra`` adds to each topic's draw).
THIN_DIAGNOSTICS = ("dsa-diagnostic", "git-diagnostic", "production-code-diagnostic")
#: ``--rounds 0``: practice until nothing is left to confirm, at most this many rounds.
ROUNDS_CAP = 12


def load():
    questions: dict[str, list] = defaultdict(list)  # topic ref -> tier list
    areas = []
    for slug in AREAS:
        bank = parse_bank((BANKS / f"{slug}.yaml").read_text())
        areas.append(recommending.AreaResult(
            area=slug, title=bank.area.title,
            topics=tuple((f"{slug}/{t.slug}", t.title) for t in bank.area.topics)))
        for q in bank.questions:
            questions[f"{slug}/{q.topic}"].append(q.difficulty)
    cat = parse_bank((BANKS / "resources.yaml").read_text())
    catalogue = [
        recommending.ResourceItem(
            slug=r.slug, title=r.title, kind=r.kind, cost=r.cost, level=r.level,
            hours=r.hours, provider=r.provider, url=r.url, topics=r.topics, path=r.path,
            sections=tuple(recommending.Section(s.title, s.hours, s.topics) for s in r.sections))
        for r in cat.resources if r.active]
    shipped = parse_bank((BANKS / "assessments.yaml").read_text()).assessments
    assessments = [
        recommending.AssessmentInfo(
            slug=a.slug, title=a.title, area=a.area, mode=a.mode,
            questions=sum(n for _, n in a.draw), minutes=a.time_limit_minutes,
            topics=tuple(ref for ref, _ in a.draw))
        for a in shipped if a.area and a.mode in ("fixed", "adaptive")]
    draws = {a.slug: list(a.draw) for a in shipped}
    return areas, dict(questions), catalogue, assessments, draws


def draw(rng, questions, answers, ref, n, how):
    """Which ``n`` questions of topic ``ref`` are asked (indices into its pool).

    - ``random``: at random from the whole pool, seen ones included (the bench before);
    - ``app``: as the app draws a diagnostic's or a practice set's topic
      (`quizzes.services.attempts._take`): questions not answered before first, spread
      over tier bands (`sampling.stratified_sample`), seen ones only to fill;
    - ``info``: a practice set of the unseen questions with the most Fisher information
      at the target's decision point (``DECISION_THETA``; ties at random), seen ones
      only to fill (tried here, not what the app does: docs/recommendations.md §8)."""
    pool = range(len(questions[ref]))
    if how == "random":
        return rng.sample(pool, min(n, len(pool)))
    seen = {i for (r, i) in answers if r == ref}
    fresh = [i for i in pool if i not in seen]
    old = [i for i in pool if i in seen]
    if how == "info":
        params = {i: measurement.prior_params(questions[ref][i]) for i in pool}
        picked = most_informative(fresh, params.__getitem__, DECISION_THETA, n, rng)
        return picked + most_informative(old, params.__getitem__, DECISION_THETA,
                                         n - len(picked), rng)

    def tiers(ids):
        out: dict[int, list[int]] = defaultdict(list)
        for i in ids:
            out[questions[ref][i]].append(i)
        return out
    picked = stratified_sample(tiers(fresh), n, rng)
    return picked + stratified_sample(tiers(old), n - len(picked), rng,
                                      taken_tiers=[questions[ref][i] for i in picked])


def most_informative(items, params_of, theta, k, rng):
    """The ``k`` items with the most information at ``theta``, ties in random order."""
    keyed = sorted((-measurement.item_information(params_of(i), theta), rng.random(), i)
                   for i in items)
    return [i for _, _, i in keyed[:max(k, 0)]]


def answer(rng, questions, truth, answers, ref, n, how="random"):
    """Ask ``n`` questions of topic ``ref`` (drawn as ``draw`` says) and answer them by
    the 2PL model; a later answer to the same question replaces the earlier (as the app
    counts them). Returns how many were asked."""
    picked = draw(rng, questions, answers, ref, n, how)
    for i in picked:
        p = measurement.prior_params(questions[ref][i])
        correct = rng.random() < 1 / (1 + math.exp(-p.a * (truth[ref] - p.b)))
        answers[(ref, i)] = measurement.Observation(p, 1.0 if correct else 0.0)
    return len(picked)


def results(areas, answers):
    """The learner's topic and area results from every latest answer."""
    topic_results, area_results = [], []
    for area in areas:
        titles = dict(area.topics)
        by_topic = defaultdict(list)
        for (ref, _), obs in answers.items():
            if ref.startswith(area.area + "/"):
                by_topic[ref].append(obs)
        if not by_topic:
            area_results.append(area)
            continue
        all_obs = [o for obs in by_topic.values() for o in obs]
        est = measurement.estimate_area(by_topic)
        topic_estimates = measurement.estimate_topics(by_topic)
        for ref, obs in sorted(by_topic.items()):
            t = topic_estimates[ref]
            topic_results.append(recommending.TopicResult(
                area=area.area, topic=ref, topic_title=titles[ref], theta=t.theta, se=t.se,
                correct=sum(o.credit for o in obs), answered=len(obs)))
        area_results.append(recommending.AreaResult(
            area=area.area, title=area.title, theta=est.theta, se=est.se,
            answered=len(all_obs), topics=area.topics))
    return area_results, topic_results


def score(advice, truth, centres, floor, tally, width):
    """Tally one learner's advice; a true gap is a topic whose true θ is at least
    ``width`` below the target's floor (0: any level below the target's level)."""
    true_gaps = {ref for ref, th in truth.items() if th < floor - width}
    served = {t for r in advice.recommendations for t in r.serves}
    tally["gaps"] += len(true_gaps)
    tally["served"] += len(true_gaps & served)
    firsts = []
    for week in advice.weeks:
        for item in week.items:
            if item.kind == "study" and item.recommendation not in firsts:
                firsts.append(item.recommendation)
    for rec in firsts[:3]:
        tally["top3"] += 1
        tally["top3_hits"] += bool(set(rec.serves) & true_gaps)
    for rec in advice.recommendations:
        tally["items"] += 1
        false_alarm = all(truth[t] >= floor + 0.5 for t in rec.serves)
        tally["false_alarms"] += false_alarm
        if false_alarm:  # the evidence behind it: answers in the topic it was picked for
            tally[f"fa_answered_{min(rec.topic.answered, 9)}"] += 1
        tally["area_false_alarms"] += all(centres[t.split("/")[0]] >= floor + 0.5
                                          and truth[t] >= floor for t in rec.serves)
    # Topic practice to confirm a thin result is a plan item too (the issue counts the
    # app's practice as plan items): the same two measures with those steps counted.
    confirms = {s.topic for s in advice.measure if s.topic}
    tally["served_or_confirmed"] += len(true_gaps & (served | confirms))
    tally["confirm_steps"] += len(confirms)
    tally["confirm_false_alarms"] += sum(truth[t] >= floor + 0.5 for t in confirms)
    tally["measure_first"] += bool(advice.measure)
    tally["hours"] += advice.total_hours


def report(title, tallies, n):
    print(f"\n{title}")
    print("| measure | true level below the target's | θ a level's width (1.0) below its floor |")
    print("|---|---:|---:|")
    rows = [
        ("precision: first three study items on a true gap", "top3_hits", "top3"),
        ("recall: true gaps with a study item", "served", "gaps"),
    ]
    rows.append(("recall: true gaps with a study item or a practice step to confirm them",
                 "served_or_confirmed", "gaps"))
    for label, hit, total in rows:
        cells = [f"{t[hit] / max(t[total], 1):.3f} ({t[hit]}/{t[total]})" for t in tallies]
        print(f"| {label} | " + " | ".join(cells) + " |")
    t = tallies[0]
    print(f"| false-alarm items: every topic truly ≥ 0.5 above the target's floor | "
          f"{t['false_alarms']} of {t['items']} | |")
    print(f"| false-alarm items: the area truly ≥ 0.5 above the target's floor, the topic "
          "not truly below it | "
          f"{t['area_false_alarms']} of {t['items']} | |")
    print(f"| practice steps to confirm a topic, truly ≥ 0.5 above the target's floor | "
          f"{t['confirm_false_alarms']} of {t['confirm_steps']} | |")
    behind = ", ".join(f"{k}{'+' if k == 9 else ''}: {t[f'fa_answered_{k}']}"
                       for k in range(2, 10) if t[f"fa_answered_{k}"])
    print(f"| false-alarm items by answers behind their topic | {behind or 'none'} | |")
    print(f"| learners told to measure something first | {t['measure_first'] / n:.2f} | |")
    print(f"| mean planned hours | {t['hours'] / n:.1f} | |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=300)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--draws", choices=("random", "app"), default="random",
                        help="diagnostics' and practice sets' draw: at random from the "
                             "pool (the bench before) or as the app draws (unseen first, "
                             "over tier bands)")
    parser.add_argument("--practice", choices=("draws", "info"), default="draws",
                        help="a practice set's draw: as --draws, or the unseen questions "
                             "most informative at the target's decision point")
    parser.add_argument("--rounds", type=int, default=MEASURE_ROUNDS,
                        help="practice rounds after the diagnostics (0: until no topic is "
                             "left to practise or its pool is all answered)")
    parser.add_argument("--extra", type=int, default=0,
                        help="questions added to each topic's draw in the DSA, Git and "
                             "production-code diagnostics")
    parser.add_argument("--study-answered", type=int, default=standing.STUDY_ANSWERED,
                        help="standing.STUDY_ANSWERED: answers after which the verdict "
                             "alone is enough for study items (99: never)")
    parser.add_argument("--study-doubt", type=float, default=standing.STUDY_DOUBT,
                        help="standing.STUDY_DOUBT")
    args = parser.parse_args()
    standing.STUDY_ANSWERED, standing.STUDY_DOUBT = args.study_answered, args.study_doubt
    truth_rng = random.Random(args.seed)
    areas, questions, catalogue, assessments, draws = load()
    if args.extra:
        for slug in THIN_DIAGNOSTICS:
            draws[slug] = [(ref, n + args.extra) for ref, n in draws[slug]]
        assessments = [
            dataclasses.replace(a, questions=sum(n for _, n in draws[a.slug]))
            if a.slug in THIN_DIAGNOSTICS else a for a in assessments]
    practice_how = "info" if args.practice == "info" else args.draws
    prefs = recommending.Preferences()
    floor = level_floor(prefs.target)
    taken = frozenset(a.slug for a in assessments if a.mode == "fixed")
    first = [Counter(), Counter()]
    second = [Counter(), Counter()]
    practised = rounds_done = 0
    for _ in range(args.learners):
        truth, centres = {}, {}
        for area in areas:
            centres[area.area] = centre = truth_rng.gauss(0.3, 0.9)
            for ref, _ in area.topics:
                truth[ref] = centre + truth_rng.gauss(0, 0.6)
        # Each learner's answers come from their own stream: variants of the recommender
        # see the same learners answering the same way.
        rng = random.Random(truth_rng.random())
        answers: dict = {}
        for a in assessments:
            if a.slug in taken:
                for ref, n in draws[a.slug]:
                    answer(rng, questions, truth, answers, ref, n, args.draws)
        advice = recommending.advise(*results(areas, answers), catalogue, prefs, assessments,
                                     taken=taken)
        for tally, width in zip(first, (0.0, LEVEL_WIDTH), strict=True):
            score(advice, truth, centres, floor, tally, width)
        # The learner does what the plan asks first (the practice sets under "Measure
        # first"), and the plan moves; ``--rounds`` times at most (0: until nothing is
        # left to practise, or every question of the topics left has been answered).
        for _round in range(args.rounds or ROUNDS_CAP):
            steps = [s for s in advice.measure if s.topic]
            if not args.rounds:
                steps = [s for s in steps if any((s.topic, i) not in answers
                                                 for i in range(len(questions[s.topic])))]
            if not steps:
                break
            rounds_done += 1
            for step in steps:
                practised += answer(rng, questions, truth, answers, step.topic,
                                    PRACTICE_QUESTIONS, practice_how)
            advice = recommending.advise(*results(areas, answers), catalogue, prefs,
                                         assessments, taken=taken)
        for tally, width in zip(second, (0.0, LEVEL_WIDTH), strict=True):
            score(advice, truth, centres, floor, tally, width)
    lengths = ", ".join(f"{a.slug.removesuffix('-diagnostic')} {a.questions}"
                        for a in assessments if a.slug in taken)
    print(f"learners: {args.learners}, seed {args.seed}, target {prefs.target.label}, "
          f"{prefs.weekly_hours:g} h/week; draws {args.draws}, practice "
          f"{practice_how}, rounds {args.rounds or 'until decided'}; study on P(θ ≥ floor + "
          f"{standing.STUDY_MARGIN:g}) ≤ {standing.STUDY_DOUBT:g} or "
          f"{standing.STUDY_ANSWERED} answers")
    print(f"diagnostics (questions): {lengths}")
    print(f"practice questions per learner: {practised / args.learners:.1f} "
          f"({rounds_done / args.learners:.2f} rounds)")
    rounds = f"{args.rounds} rounds at most" if args.rounds else "until decided"
    report("After the six diagnostics", first, args.learners)
    report(f"After also the practice sets the plan asks for first ({rounds})", second,
           args.learners)


if __name__ == "__main__":
    main()
