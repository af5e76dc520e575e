"""Six learner profiles through the real app (shipped banks, real attempts, the
dashboard): what their study plan must say, and what it must not (issue 8).

Each learner takes shipped assessments through the services, answering right or wrong
by a rule per topic; the dashboard is then read as a learner sees it.
"""

from __future__ import annotations

import os
import random
import re
from datetime import timedelta
from decimal import Decimal
from html import unescape

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from quizzes.models import Assessment, AssessmentMode, AssessmentTopic, Response, Topic
from quizzes.recommending.text import plan_text
from quizzes.services import recommendations
from quizzes.services.attempts import attempt_start, attempt_submit, response_save
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

AREAS = ("maths", "dsa", "git", "cloud", "production-code", "command-line")


@pytest.fixture
def banks(db):
    call_command("load_banks", verbosity=0)


def _answer(response: Response, right: bool) -> dict:
    v = response.version
    choices = sorted(v.choices.all(), key=lambda c: c.order)
    if v.kind in ("single", "truefalse"):
        return {"choices": [next(c.pk for c in choices if (c.fraction == 1) == right)]}
    if v.kind == "multiple":
        picks = [c.pk for c in choices if (c.fraction > 0) == right]
        return {"choices": picks or [choices[0].pk]}
    if v.kind == "numeric":
        return {"value": str(v.data["answer"]) if right else "987654321"}
    if v.kind == "text":
        return {"text": v.data["accepted"][0] if right else "zzz not it"}
    order = [c.pk for c in choices]
    return {"order": order if right else order[::-1]}


def take(user, slug: str, rule, *, when=None):
    """Take a shipped (or given) assessment, answering by ``rule(topic_ref, k)`` where k
    counts the questions seen so far in that topic; returns the graded attempt."""
    assessment = slug if isinstance(slug, Assessment) else Assessment.objects.get(slug=slug)
    now = when or timezone.now()
    attempt = attempt_start(user=user, assessment=assessment, now=now, rng=random.Random(3))
    seen: dict[str, int] = {}
    while True:
        r = (Response.objects.filter(attempt=attempt, answer__isnull=True)
             .select_related("question__topic__area", "version").order_by("position").first())
        if r is None:
            break
        ref = f"{r.question.topic.area.slug}/{r.question.topic.slug}"
        k = seen.get(ref, 0)
        seen[ref] = k + 1
        response_save(attempt=attempt, response=r, answer=_answer(r, rule(ref, k)), now=now)
    attempt.refresh_from_db()
    return attempt_submit(attempt=attempt, now=now + timedelta(minutes=5))


def all_right(ref, k):
    return True


def page(client, user) -> str:
    client.force_login(user)
    html = client.get(reverse("quizzes:dashboard")).content.decode()
    section = html[html.index('id="study-plan"'):]
    text = re.sub(r"<[^>]+>", " ", section)
    return re.sub(r"\s+", " ", unescape(text))


def weeks_of(advice):
    return [(w.number, w.hours, [i.kind for i in w.items]) for w in advice.weeks]


def test_profile_weak_maths_only(banks, client):
    """All diagnostics taken; maths mostly wrong, everything else right."""
    user = UserFactory()
    for area in AREAS:
        take(user, f"{area}-diagnostic",
             (lambda ref, k: k == 0) if area == "maths" else all_right)
    advice = recommendations.advice_for_user(user=user)
    _show(advice)
    text = page(client, user)
    plan = plan_text(advice)
    assert {r.topic.area for r in advice.recommendations} == {"maths"}
    assert plan.startswith("Week 1 (5 h):")
    # every maths topic was 1 right of 5 (the diagnostic draws 5 a topic): whichever the
    # plan takes first, it is practised in the app from week 1
    practised = re.findall(r"\[practice\] Practise (.+?) in the app", plan)
    assert practised and set(practised) <= {"linear algebra", "calculus and optimisation",
                                            "probability", "statistics", "model evaluation"}
    assert "git/" not in " ".join(i.topic for w in advice.weeks for i in w.items)
    assert "Week 1" in text and f"Practise {practised[0]} in the app" in text
    assert "Checkpoint: retake the Mathematics diagnostic" in text
    assert "You got 1 of 5 " in text and "θ" not in text
    for title in ("Git", "Cloud systems", "Production code"):
        assert re.search(rf"{title}[^:]*: \w+: at your target", text), title
    assert "Take the Git diagnostic" not in text and "Nothing to study" not in text
    # practice from the first week, and the weekly hours respected
    assert "practice" in weeks_of(advice)[0][2]
    assert all(w.hours <= 5.0 + 1e-6 for w in advice.weeks)


def test_profile_weak_git_only_three_hours_free(banks, client):
    user = UserFactory(weekly_hours=Decimal("3"), free_only=True)
    for area in AREAS:
        take(user, f"{area}-diagnostic", (lambda ref, k: False) if area == "git" else all_right)
    advice = recommendations.advice_for_user(user=user)
    _show(advice)
    text = page(client, user)
    plan = plan_text(advice)
    assert "Week 1 (3 h):" in plan and "[checkpoint] Checkpoint: retake the Git diagnostic" in plan
    assert {r.topic.area for r in advice.recommendations} == {"git"}
    assert all(r.resource.cost != "paid" for r in advice.recommendations)
    assert all(w.hours <= 3.0 + 1e-6 for w in advice.weeks)
    assert "Within 3 hours a week, free resources only" in text
    # practice in the app from the first week; a hands-on resource beside the reading.
    # (Which Git topic is studied first depends on the items drawn: with every answer wrong
    # and draws spread over tiers, it is commits & staging, which no hands-on resource
    # teaches, so Learn Git Branching comes with the first branching week, not week 1;
    # the week-1 rule itself is test_recommending's.)
    week1 = advice.weeks[0].items
    assert any(i.kind == "practice" for i in week1)
    hands_on = [w for w in advice.weeks
                if any(i.kind == "study" and i.recommendation.resource.kind == "practice"
                       for i in w.items)]
    assert hands_on and any(i.kind == "study" and i.recommendation.resource.kind != "practice"
                            for i in hands_on[0].items)
    # no two learning resources of the same level teach the same topic
    learning = [r for r in advice.recommendations if r.resource.kind != "practice"]
    for i, a in enumerate(learning):
        for b in learning[i + 1:]:
            assert not (a.resource.level == b.resource.level and set(a.serves) & set(b.serves))
    assert "Checkpoint: retake the Git diagnostic" in text
    first_check = next(w.number for w in advice.weeks
                       if any(i.kind == "checkpoint" for i in w.items))
    assert first_check <= 4
    assert "You got 0 of 3 " in text
    assert "Kaggle" not in text.split("Beyond your target")[0]


def test_profile_strong_everywhere(banks, client):
    user = UserFactory()
    for area in AREAS:
        take(user, f"{area}-diagnostic", all_right)
    advice = recommendations.advice_for_user(user=user)
    _show(advice)
    text = page(client, user)
    plan = plan_text(advice)
    assert "Week " not in plan and "Confirmed: Git: " in plan and "Beyond target [" in plan
    assert not advice.recommendations and not advice.weeks
    assert "Confirmed at your target" in text
    assert len(advice.confirmed) == len(AREAS)
    assert "Beyond your target" in text
    paths = {s.path for s in advice.stretch}
    assert {"Competition", "Certification", "Open source", "Project"} <= paths
    assert "Kaggle Competitions" in text
    assert "Take the " not in text  # never an assessment they already took
    assert "Nothing to study yet" not in text


def test_profile_single_dsa_result_one_of_three(banks, client):
    """One short DSA result: 3 graph questions, 1 right. Measure first, no 60-hour course."""
    user = UserFactory()
    graphs = Topic.objects.get(area__slug="dsa", slug="graphs")
    quick = Assessment.objects.create(slug="graphs-quick", title="Graphs quick check",
                                      area=graphs.area, mode=AssessmentMode.FIXED)
    AssessmentTopic.objects.create(assessment=quick, topic=graphs, count=3)
    attempt = take(user, quick, lambda ref, k: k == 0)
    client.force_login(user)
    result = client.get(reverse("quizzes:attempt_result", args=[attempt.pk])).content.decode()
    assert "What to study next" not in result  # three answers plan nothing
    advice = recommendations.advice_for_user(user=user)
    _show(advice)
    text = page(client, user)
    plan = plan_text(advice)
    assert plan.startswith("Measure first:\n  - Take the Data structures & algorithms diagnostic")
    assert "[study]" not in plan
    first = advice.measure[0]
    assert first.assessment is not None and first.assessment.slug == "dsa-diagnostic"
    assert text.index("Measure first") < text.index("Take the Data structures")
    assert "24 questions, 3 from each topic, in 35 minutes" in text
    assert not advice.recommendations
    assert "6.006" not in text and "Introduction to Algorithms" not in text
    assert advice.total_hours <= 5.0
    for title in ("Mathematics diagnostic", "Git diagnostic", "Cloud systems diagnostic"):
        assert f"Take the {title}" in text


def test_profile_one_adaptive_check_only(banks, client):
    """The Git adaptive check, mixed answers, nothing else."""
    user = UserFactory()
    take(user, "git-adaptive", lambda ref, k: k % 2 == 0)
    advice = recommendations.advice_for_user(user=user)
    _show(advice)
    text = page(client, user)
    plan = plan_text(advice)
    assert plan.startswith("Measure first:")
    assert advice.measure, "thin evidence: measure first"
    assert "Take the Git: adaptive check" not in text  # already taken
    assert "Take the Mathematics diagnostic" in text
    git_steps = [m for m in advice.measure if m.area == "git"]
    assert all(m.reason for m in git_steps)
    # 10 of 20 right places Git near the target; which questions the adaptive check drew
    # decides whether its topics come out "not sure yet", confirmed or as study items.
    # Whichever it is, the advice says something about Git, and every line says why.
    said = ([u for u in advice.unsure if u.title == "Git"]
            + [c for c in advice.confirmed if c.title == "Git"]
            + [r for r in advice.recommendations if r.topic.area == "git"]
            + git_steps)
    assert said
    assert all(u.text for u in advice.unsure)
    assert all(r.reason for r in advice.recommendations)
    assert "θ" not in text
    assert advice.total_hours <= 5 * 12


def test_profile_mixed_and_the_plan_moves_after_a_retake(banks, client):
    """Weak probability, weak Git, strong DSA and production code, cloud unmeasured; then
    the Git diagnostic is retaken with everything right."""
    user = UserFactory()
    earlier = timezone.now() - timedelta(days=30)
    take(user, "maths-diagnostic", lambda ref, k: ref != "maths/probability", when=earlier)
    take(user, "dsa-diagnostic", all_right, when=earlier)
    take(user, "production-code-diagnostic", all_right, when=earlier)
    take(user, "git-diagnostic", lambda ref, k: False, when=earlier)
    before = recommendations.advice_for_user(user=user)
    _show(before)
    text = page(client, user)
    assert {r.topic.area for r in before.recommendations} == {"maths", "git"}
    assert "Take the Cloud systems diagnostic" in text
    assert "Since your previous result" not in text  # nothing retaken yet
    take(user, "git-diagnostic", all_right)
    after = recommendations.advice_for_user(user=user)
    _show(after)
    text = page(client, user)
    # Only a question's first answer counts (docs/measurement.md "Retakes"): the retake
    # draws unseen questions first, so Git moves up but 24 earlier misses still weigh.
    assert re.search(r"Git went from Novice to (Emerging|Competent)\.", text)
    assert plan_text(after).startswith("Since your previous result: Git went from Novice to")
    assert {r.topic.area for r in after.recommendations} <= {"maths", "git"}
    # the maths plan uses only the chapters of a long book that serve the gap
    assert any(r.sections for r in after.recommendations)
    assert "ch. 6 Probability and distributions" in text


def _show(advice):
    """PROFILE_SHOW=1 pytest -s prints each profile's plan (quoted in docs)."""
    if os.environ.get("PROFILE_SHOW"):
        print("\n" + plan_text(advice) + "\n")
