"""Recommendations and the study plan. Pure: plain dataclasses, no database."""

import pytest

from quizzes.levels import Level
from quizzes.recommending import (
    MAX_WEEKS,
    Preferences,
    ResourceItem,
    TopicResult,
    gap,
    plan_spans,
    recommend,
    study_plan,
)


def result(topic="maths/probability", title="Probability", theta=-1.0, se=0.4, correct=2,
           answered=6):
    return TopicResult(area=topic.split("/")[0], topic=topic, topic_title=title, theta=theta,
                       se=se, correct=correct, answered=answered)


def resource(slug, topics=("maths/probability",), kind="course", cost="free",
             level="beginner", hours=10):
    return ResourceItem(slug=slug, title=slug.title(), kind=kind, cost=cost, level=level,
                        hours=hours, provider="P", url=f"https://example.org/{slug}",
                        topics=tuple(topics))


PREFS = Preferences()


def slugs(recs):
    return [r.resource.slug for r in recs]


def test_gap_allows_for_the_uncertainty():
    # Proficient starts at 0.5: θ 0.3 with SE 0.4 reads optimistically as 0.5: no gap.
    assert gap(result(theta=0.3, se=0.4), Level.PROFICIENT) == pytest.approx(0.0)
    assert gap(result(theta=-1.0, se=0.4), Level.PROFICIENT) == pytest.approx(1.3)


def test_topic_at_target_gets_nothing():
    recs = recommend([result(theta=1.2, se=0.3)], [resource("a")], PREFS)
    assert recs == []


def test_larger_gap_ranks_first():
    results = [result("maths/probability", "Probability", theta=-0.2),
               result("maths/statistics", "Statistics", theta=-1.8)]
    catalogue = [resource("prob", ["maths/probability"]), resource("stats", ["maths/statistics"])]
    assert slugs(recommend(results, catalogue, PREFS)) == ["stats", "prob"]


def test_free_only_drops_paid_keeps_freemium():
    catalogue = [resource("paid", cost="paid"), resource("freemium", cost="freemium"),
                 resource("free")]
    recs = recommend([result()], catalogue, Preferences(free_only=True))
    assert set(slugs(recs)) == {"free", "freemium"}
    assert "paid" in slugs(recommend([result()], catalogue, PREFS))


def test_done_and_not_useful_are_excluded():
    catalogue = [resource("a"), resource("b"), resource("c")]
    recs = recommend([result()], catalogue, PREFS, done=frozenset({"a"}),
                     not_useful=frozenset({"b"}))
    assert slugs(recs) == ["c"]


def test_level_fit_prefers_beginner_for_novice_and_advanced_for_proficient():
    catalogue = [resource("intro", level="beginner"), resource("deep", level="advanced")]
    assert slugs(recommend([result(theta=-2.0)], catalogue, PREFS))[0] == "intro"
    expert = Preferences(target=Level.EXPERT)
    assert slugs(recommend([result(theta=0.9, se=0.2)], catalogue, expert))[0] == "deep"


def test_preferred_kind_gets_a_bonus():
    catalogue = [resource("course", kind="course"), resource("book", kind="book")]
    recs = recommend([result()], catalogue, Preferences(preferred_kinds=frozenset({"book"})))
    assert slugs(recs)[0] == "book"


def test_no_more_than_two_of_a_kind_in_the_top_five():
    catalogue = [resource(f"course{i}", hours=1 + i) for i in range(6)] + \
                [resource("book", kind="book", hours=30),
                 resource("site", kind="practice", hours=30),
                 resource("talk", kind="video", hours=30)]
    recs = recommend([result()], catalogue, PREFS, limit=5)
    kinds = [r.resource.kind for r in recs]
    assert kinds.count("course") == 2 and {"book", "practice", "video"} <= set(kinds)


def test_kind_rule_relaxes_when_nothing_else_is_left():
    catalogue = [resource(f"course{i}") for i in range(4)]
    assert len(recommend([result()], catalogue, PREFS, limit=5)) == 4


def test_every_gap_topic_is_served_before_a_third_item_on_one_topic():
    results = [result("maths/probability", "Probability", theta=-2.5),
               result("git/conflicts", "Conflicts", theta=-0.3)]
    catalogue = [resource(f"p{i}", ["maths/probability"], kind=k) for i, k in
                 enumerate(["course", "book", "video", "practice"])] + \
                [resource("g", ["git/conflicts"], kind="documentation")]
    recs = recommend(results, catalogue, PREFS, limit=4)
    assert "g" in slugs(recs)[:3]


def test_resource_serving_several_gap_topics_ranks_higher():
    results = [result("maths/probability", theta=-1.0),
               result("maths/statistics", "Statistics", theta=-1.0)]
    catalogue = [resource("one", ["maths/probability"]),
                 resource("both", ["maths/probability", "maths/statistics"])]
    assert slugs(recommend(results, catalogue, PREFS))[0] == "both"


def test_reason_cites_the_measurement():
    recs = recommend([result(theta=-0.9, se=0.4, correct=2, answered=6)], [resource("a")],
                     PREFS)
    assert recs[0].reason == ("Probability: Emerging (θ −0.9 ± 0.4), 2 of 6 correct — "
                              "a free beginner course, 10 h.")


def test_limit_is_respected():
    catalogue = [resource(f"r{i}", kind=k) for i, k in
                 enumerate(["course", "book", "video", "practice", "tool"] * 3)]
    assert len(recommend([result()], catalogue, PREFS, limit=4)) == 4


def test_study_plan_fills_weeks_and_splits_long_resources():
    recs = recommend([result()], [resource("short", hours=3),
                                  resource("long", kind="book", hours=9)], PREFS)
    plan = study_plan(recs, weekly_hours=5)
    assert [w.hours for w in plan] == [5, 5, 2]
    assert all(w.hours <= 5 for w in plan)
    flat = [(w.number, p.recommendation.resource.slug, p.hours) for w in plan for p in w.items]
    assert sum(h for _, s, h in flat if s == "long") == pytest.approx(9)
    assert flat[0][1] == slugs(recs)[0]


def test_study_plan_is_capped_and_empty_without_hours():
    recs = recommend([result()], [resource("huge", hours=500)], PREFS)
    assert len(study_plan(recs, 5)) == MAX_WEEKS
    assert study_plan(recs, 0) == []


def test_plan_spans_read_the_plan_by_resource():
    recs = recommend([result()], [resource("short", hours=3),
                                  resource("long", kind="book", hours=9)], PREFS)
    spans = plan_spans(study_plan(recs, weekly_hours=5))
    by_slug = {s.recommendation.resource.slug: s for s in spans}
    first, second = slugs(recs)
    assert [s.recommendation.resource.slug for s in spans] == [first, second]
    assert by_slug["long"].hours == pytest.approx(9)
    assert by_slug["short"].hours == pytest.approx(3)
    long_span = by_slug["long"]
    assert long_span.last_week == 3
    assert long_span.weeks_label == f"Weeks {long_span.first_week}–3"
    assert by_slug["short"].weeks_label == "Week 1"
