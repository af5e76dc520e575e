"""Server-drawn charts (pure: no database): readable text, a ring per level, bars under three
measured areas, dated progress, and an accessible name and description on every chart."""

import html
import itertools
import re
from datetime import date
from types import SimpleNamespace

import pytest

from quizzes import charts
from quizzes.charts import RadarPoint, Series, areas_svg, band_svg, progress_svg, radar_svg
from quizzes.levels import Level

SIX = ["Mathematics", "Data structures & algorithms", "Git", "Cloud systems",
       "Production code", "Command line"]


def _six(measured: int) -> list[RadarPoint]:
    return [RadarPoint(title, -0.5 + 0.3 * i if i < measured else None,
                       0.4 if i < measured else None,
                       caption="Emerging to Proficient" if i < measured else "")
            for i, title in enumerate(SIX)]


def _reading(theta=0.1, se=0.3):
    return SimpleNamespace(theta=theta, se=se, has_level=True, level=Level.COMPETENT,
                           range_label="Emerging to Proficient")


def _all_charts() -> list[str]:
    two_days = [Series("Git", ((date(2026, 11, 1), -0.5, "Competent"),
                               (date(2026, 11, 20), 0.7, "Proficient")))]
    return [str(areas_svg(_six(6), "Proficient")), str(areas_svg(_six(1), "Proficient")),
            str(band_svg(_reading())), str(progress_svg(two_days))]


def test_chart_text_renders_at_least_12_px_at_the_narrowest_drawn_width():
    # The arithmetic the module promises: FONT units in a WIDTH-unit box drawn
    # NARROWEST_PX wide.
    assert charts.FONT * charts.NARROWEST_PX / charts.WIDTH >= 12
    for svg in _all_charts():
        box_width = float(re.search(r'viewBox="\S+ \S+ (\S+) \S+"', svg).group(1))
        assert box_width == charts.WIDTH
        sizes = re.findall(r'<text [^>]*font-size="([^"]+)"', svg)
        assert sizes and all(float(s) == charts.FONT for s in sizes)
        assert svg.count("<text ") == len(sizes)  # no text without its size


def test_every_chart_has_a_title_and_a_description_it_is_labelled_by():
    for svg in _all_charts():
        ids = re.search(r'role="img" aria-labelledby="(\S+) (\S+)"', svg).groups()
        assert f'<title id="{ids[0]}">' in svg and f'<desc id="{ids[1]}">' in svg


def test_radar_draws_a_ring_for_every_level_including_novice():
    svg = str(radar_svg(_six(6), "Proficient"))
    rings = re.findall(r'class="ring band-(\w+)"', svg)
    assert sorted(rings) == sorted(level.name.lower() for level in Level)


def test_areas_with_fewer_than_three_measured_are_bars_not_a_radar():
    one = str(areas_svg(_six(1), "Proficient"))
    assert 'class="chart bars"' in one and "radar" not in one
    # Every area has a row and says why it has no dot.
    texts = re.findall(r"<text [^>]*>([^<]+)<", one)
    assert sum("not measured" in t for t in texts) == 5 and one.count('class="point"') == 1
    assert 'class="chart radar"' in str(areas_svg(_six(3), "Proficient"))
    assert 'class="chart bars"' in str(areas_svg(_six(2), "Proficient"))


def test_radar_says_uncertainty_in_words_not_plus_minus():
    points = [RadarPoint("Mathematics", -1.0, 0.4, caption="Novice to Competent"),
              RadarPoint("Git", 0.2, 0.3, caption="Competent to Proficient"),
              RadarPoint("Cloud systems", 0.4, 0.5, caption="not enough answers yet")]
    svg = str(radar_svg(points))
    assert "±" not in svg
    assert "Novice to" in svg and "Competent" in svg
    # A long caption wraps on whole words instead of running off the chart.
    assert ">not enough</text>" in svg and ">answers yet</text>" in svg
    assert "Target" not in svg.split("<desc")[0]


def test_radar_labels_stay_inside_the_box_horizontally():
    svg = str(radar_svg(_six(6)))
    for x, anchor, text in re.findall(r'<text class="[^"]+" x="([^"]+)" y="[^"]+" '
                                      r'font-size="\d+" text-anchor="(\w+)">([^<]*)<', svg):
        width = len(html.unescape(text)) * charts.CHAR
        left = {"start": float(x), "middle": float(x) - width / 2, "end": float(x) - width}[anchor]
        assert left >= 0 and left + width <= charts.WIDTH, text


def test_progress_has_a_dated_axis_and_levels_not_theta():
    svg = str(progress_svg([Series("Git", ((date(2026, 11, 1), -0.001, "Competent"),
                                           (date(2026, 11, 20), -0.5, "Competent")))]))
    ticks = re.findall(r'class="tick-label"[^>]*>([^<]+)<', svg)
    assert ticks[:2] == ["1 Nov", "20 Nov"]
    assert "Git, 1 Nov 2026: Competent" in svg and "θ" not in svg and "-0.0" not in svg
    assert "<polyline" in svg


def test_progress_across_years_names_the_year():
    svg = str(progress_svg([Series("Git", ((date(2025, 12, 30), 0.0, "Competent"),
                                           (date(2026, 1, 5), 0.2, "Competent")))]))
    assert re.findall(r'class="tick-label"[^>]*>([^<]+)<', svg) == ["30 Dec 2025", "5 Jan 2026"]


def test_progress_single_result_is_a_dated_point_with_a_sentence():
    one = [Series("Mathematics", ((date(2026, 11, 12), -0.8, "Emerging"),))]
    svg = str(progress_svg(one))
    assert "<polyline" not in svg and 'class="dot line-0"' in svg
    assert re.findall(r'class="tick-label"[^>]*>([^<]+)<', svg) == ["12 Nov"]
    sentence = charts.single_result_sentence(one)
    assert sentence.startswith("One result so far (Mathematics, Emerging on 12 Nov 2026)")


def test_progress_series_differ_by_marker_shape_and_each_has_a_key_row():
    series = [Series(title, ((date(2026, 11, 1), 0.0, "Competent"),)) for title in SIX]
    svg = str(progress_svg(series))
    keys = re.findall(r'class="series-label" x="[^"]+" y="([^"]+)"[^>]*>([^<]+)<', svg)
    assert [k[1] for k in keys] == [t.replace("&", "&amp;") for t in SIX]
    ys = [float(k[0]) for k in keys]
    assert all(b - a >= charts.FONT for a, b in itertools.pairwise(ys))
    shapes = {m.split()[0] for m in re.findall(r'<(circle|polygon) class="dot', svg)}
    assert shapes == {"circle", "polygon"}
    assert len(set(re.findall(r'class="dot line-(\d)"', svg))) == 6


@pytest.mark.parametrize("with_level", [True, False])
def test_band_chart_draws_the_estimate_only_when_there_is_a_level(with_level):
    reading = _reading() if with_level else SimpleNamespace(
        theta=None, se=None, has_level=False, level=None, range_label="")
    svg = str(band_svg(reading, chart_id="band-git"))
    assert ('class="point"' in svg) is with_level
    assert 'id="band-git-title"' in svg
    assert re.findall(r'class="band-label"[^>]*>(\w+)<', svg) == [lv.label for lv in Level]
