"""Server-drawn charts (pure: no database)."""

import re

from quizzes.charts import RadarPoint, Series, progress_svg, radar_svg


def test_progress_labels_of_areas_at_the_same_ability_do_not_overlap():
    svg = str(progress_svg([Series("Mathematics", (("1 Nov", -0.8),)),
                            Series("Cloud systems", (("1 Nov", -0.8),))]))
    ys = sorted(float(y) for y in re.findall(r'class="series-label[^"]*" x="[^"]+" y="([^"]+)"',
                                             svg))
    assert len(ys) == 2 and ys[1] - ys[0] >= 14


def test_progress_point_titles_have_no_negative_zero():
    svg = str(progress_svg([Series("Git", (("1 Nov", -0.001), ("8 Nov", -0.5)))]))
    assert "θ 0.00" in svg and "θ \u22120.50" in svg and "-0.0" not in svg


def test_radar_says_uncertainty_in_words_not_plus_minus():
    points = [RadarPoint("Mathematics", -1.0, 0.4, caption="Novice to Competent"),
              RadarPoint("Git", None, None, caption="not enough answers yet"),
              RadarPoint("Cloud systems", None)]
    svg = str(radar_svg(points))
    assert "±" not in svg
    assert "Novice to Competent" in svg and "not measured" in svg
    # A long caption wraps instead of running off the chart.
    assert ">not enough answers</tspan>" in svg and ">yet</tspan>" in svg
