"""Server-drawn SVG charts (no JavaScript, no inline style: CSP-safe).

Pure: numbers in, an SVG string out; every text is escaped with format_html.

Readable at every width. An inline SVG scales with its box and its text with it, so every
chart is drawn ``WIDTH`` units wide and its text is ``FONT`` units high: the page never
draws a chart narrower than ``NARROWEST_PX`` (its card on a 390 px phone), so text renders
at least ``FONT * NARROWEST_PX / WIDTH`` ≥ 12 px, and the CSS caps each chart's width so
it stays below ~20 px on a desktop. Font sizes are presentation attributes, never CSS, so
that arithmetic lives here alone (tests/quizzes/test_charts.py checks it on the output,
tests/e2e/test_charts_layout.py measures it in Chromium at 390 and 1366 px).

Accessible: each chart is ``role="img"`` with a ``<title>`` and a ``<desc>`` that says its
numbers in words; the pages put the same numbers in a table beside it. Levels are told
apart by position and name as well as colour, and the progress series by marker shape.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from datetime import date

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .levels import COMPETENT_FROM, EMERGING_FROM, EXPERT_FROM, PROFICIENT_FROM, Level

THETA_MIN, THETA_MAX = -3.0, 3.0
WIDTH = 440  # viewBox width of every chart, in SVG units
NARROWEST_PX = 300  # the narrowest a chart is drawn (its card at a 390 px viewport is ~316 px)
FONT = 18  # font size of every chart text, in SVG units: 18 * 300 / 440 = 12.3 px at least
LINE = 22  # line height of chart text, in SVG units
CHAR = 0.6 * FONT  # a generous average character width (DejaVu Sans), for layout only
LABEL_WIDTH = 11  # characters per line of a radar axis label
#: Fewest measured areas the radar is drawn for; below it a bar per area says more.
RADAR_MIN_MEASURED = 3

BANDS = [
    (THETA_MIN, EMERGING_FROM, Level.NOVICE),
    (EMERGING_FROM, COMPETENT_FROM, Level.EMERGING),
    (COMPETENT_FROM, PROFICIENT_FROM, Level.COMPETENT),
    (PROFICIENT_FROM, EXPERT_FROM, Level.PROFICIENT),
    (EXPERT_FROM, THETA_MAX, Level.EXPERT),
]


def _clamp(theta: float) -> float:
    return min(max(theta, THETA_MIN), THETA_MAX)


def _fraction(theta: float) -> float:
    return (_clamp(theta) - THETA_MIN) / (THETA_MAX - THETA_MIN)


def _text(x: float, y: float, text: str, cls: str, anchor: str = "start") -> SafeString:
    return format_html('<text class="{}" x="{}" y="{}" font-size="{}" text-anchor="{}">{}</text>',
                       cls, round(x, 1), round(y, 1), FONT, anchor, text)


def _svg(cls: str, box: tuple[float, float, float, float], title: str, desc: str,
         parts: list[str], chart_id: str) -> SafeString:
    x, y, w, h = (round(v, 1) for v in box)
    return format_html(
        '<svg class="chart {}" viewBox="{} {} {} {}" role="img" aria-labelledby="{}-title {}-desc">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        cls, x, y, w, h, chart_id, chart_id, chart_id, title, chart_id, desc,
        mark_safe("".join(parts)))


# --- The level scale of one estimate (result page) --------------------------------------

def band_svg(estimate, chart_id: str = "band") -> SafeString:
    """A horizontal scale of the five levels with the estimate and its 95% band.
    ``estimate`` is a ``reporting.Reading`` (theta, se, level, range_label)."""
    pad = 10.0

    def x(theta: float) -> float:
        return round(pad + _fraction(theta) * (WIDTH - 2 * pad), 1)

    parts = []
    for k, (lo, hi, level) in enumerate(BANDS):
        x0, x1 = x(lo), x(hi)
        parts.append(format_html(
            '<rect class="band band-{}" x="{}" y="10" width="{}" height="22"/>',
            level.name.lower(), x0, round(x1 - x0, 1)))
        # Neighbouring names alternate between two rows so that none overlaps.
        parts.append(_text((x0 + x1) / 2, 54 + LINE * (k % 2), level.label, "band-label", "middle"))
    if getattr(estimate, "has_level", True) and estimate.theta is not None:
        lo, hi = x(estimate.theta - 1.96 * estimate.se), x(estimate.theta + 1.96 * estimate.se)
        parts.append(format_html(
            '<line class="ci" x1="{}" x2="{}" y1="21" y2="21"/>'
            '<line class="ci-end" x1="{}" x2="{}" y1="14" y2="28"/>'
            '<line class="ci-end" x1="{}" x2="{}" y1="14" y2="28"/>'
            '<circle class="point" cx="{}" cy="21" r="6"/>',
            lo, hi, lo, lo, hi, hi, x(estimate.theta)))
    # The accessible name says what the page says: the level and its 95% range in levels.
    range_label = getattr(estimate, "range_label", "")
    title = f"Level {estimate.level.label}" if range_label else "The five levels"
    desc = (f"95% range {range_label}, on the scale Novice, Emerging, Competent, Proficient, Expert"
            if range_label else "Novice, Emerging, Competent, Proficient, Expert")
    return _svg("band-chart", (0, 0, WIDTH, 54 + LINE + 8), title, desc, parts, chart_id)


# --- The areas: a radar, or bars when fewer than three are measured -----------------------

@dataclass(frozen=True)
class RadarPoint:
    label: str
    theta: float | None  # None: no level (not measured, or not enough answers)
    se: float | None = None
    target: float = PROFICIENT_FROM
    #: Words under the area's name (e.g. its 95% range of levels); the uncertainty is
    #: said in words there, never as "± SE".
    caption: str = ""


def _caption(p: RadarPoint) -> str:
    return p.caption or ("not measured" if p.theta is None else "")


def _areas_desc(points: list[RadarPoint], target_label: str) -> str:
    said = "; ".join(f"{p.label}: {_caption(p) or 'measured'}" for p in points)
    return f"{said}. Target: {target_label}." if target_label else f"{said}."


def areas_as_bars(points: list[RadarPoint]) -> bool:
    """Bars, not a radar: fewer than ``RADAR_MIN_MEASURED`` areas have a level (a radar of
    one or two measured areas is a dot or a line)."""
    return sum(1 for p in points if p.theta is not None) < RADAR_MIN_MEASURED or len(points) < 3


def areas_svg(points: list[RadarPoint], target_label: str = "") -> SafeString:
    """The areas' profile: a radar, or one bar per area (``areas_as_bars``)."""
    if not points:
        return mark_safe("")
    if areas_as_bars(points):
        return bars_svg(points, target_label)
    return radar_svg(points, target_label)


def radar_svg(points: list[RadarPoint], target_label: str = "") -> SafeString:
    """A radar of areas: a filled ring per level (Novice at the centre, Expert outside),
    the target, the measured ability and its upper 95% band."""
    n = len(points)
    if n < 3:
        return mark_safe("")
    cx, cy, radius, gap = WIDTH / 2, 0.0, 94.0, 10.0

    def at(i: int, r: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        return round(cx + r * math.cos(angle), 1), round(cy + r * math.sin(angle), 1)

    def r_of(theta: float) -> float:
        return radius * _fraction(theta)

    def poly(values: list[float], cls: str) -> SafeString:
        pts = " ".join(f"{x:.1f},{y:.1f}"
                       for x, y in (at(i, r_of(v)) for i, v in enumerate(values)))
        return format_html('<polygon class="{}" points="{}"/>', cls, pts)

    # Outermost first, so each inner level paints over the one outside it: five rings.
    parts = [poly([hi] * n, f"ring band-{level.name.lower()}")
             for _lo, hi, level in reversed(BANDS)]
    top, bottom = cy - radius, cy + radius
    for i in range(n):
        x, y = at(i, radius)
        parts.append(format_html('<line class="spoke" x1="{}" y1="{}" x2="{}" y2="{}"/>',
                                 cx, cy, x, y))
        angle = -math.pi / 2 + 2 * math.pi * i / n
        lx, ly = at(i, radius + gap)
        cos, sin = math.cos(angle), math.sin(angle)
        anchor = "middle" if abs(cos) < 0.3 else ("start" if cos > 0 else "end")
        p = points[i]
        # "&" stays with the word before it ("structures &", not a line of its own).
        lines = [(line.replace("\u00a0", " "), "axis-label") for line in textwrap.wrap(
            p.label.replace(" &", "\u00a0&"), LABEL_WIDTH, break_long_words=False)]
        lines += [(line, "axis-sub") for line in textwrap.wrap(_caption(p), LABEL_WIDTH + 2)]
        height = LINE * (len(lines) - 1)
        if sin < -0.5:  # labels above the chart grow upwards, away from it
            first = ly - height - 6
        elif sin > 0.5:  # below: they hang under the spoke's end
            first = ly + FONT
        else:
            first = ly - height / 2 + FONT / 3
        top, bottom = min(top, first - FONT), max(bottom, first + height + 6)
        for k, (line, cls) in enumerate(lines):
            parts.append(_text(lx, first + k * LINE, line, cls, anchor))
    parts.append(poly([p.target for p in points], "target"))
    upper = [min(THETA_MAX, p.theta + 1.96 * (p.se or 0)) if p.theta is not None else THETA_MIN
             for p in points]
    parts.append(poly(upper, "band-area"))
    parts.append(poly([p.theta if p.theta is not None else THETA_MIN for p in points], "ability"))
    for i, p in enumerate(points):
        if p.theta is not None:
            x, y = at(i, r_of(p.theta))
            parts.append(format_html('<circle class="point" cx="{}" cy="{}" r="5"/>', x, y))
    return _svg("radar", (0, top - 4, WIDTH, bottom - top + 8), "Skill profile across areas",
                _areas_desc(points, target_label), parts, "radar")


def bars_svg(points: list[RadarPoint], target_label: str = "") -> SafeString:
    """One row per area: its name and 95% range in words, then the level scale with the
    estimate, its 95% band and the target."""
    pad, track = 10.0, 18.0

    def x(theta: float) -> float:
        return round(pad + _fraction(theta) * (WIDTH - 2 * pad), 1)

    parts, y = [], 0.0
    for p in points:
        caption = _caption(p)
        one_line = f"{p.label} · {caption}" if caption else p.label
        y += FONT
        if len(one_line) * CHAR <= WIDTH - 2 * pad:
            parts.append(_text(pad, y, one_line, "axis-label"))
        else:
            parts.append(_text(pad, y, p.label, "axis-label"))
            y += LINE
            parts.append(_text(pad, y, caption, "axis-sub"))
        y += 8
        for lo, hi, level in BANDS:
            parts.append(format_html(
                '<rect class="band band-{}" x="{}" y="{}" width="{}" height="{}"/>',
                level.name.lower(), x(lo), y, round(x(hi) - x(lo), 1), track))
        tx = x(p.target)
        parts.append(format_html('<line class="target-mark" x1="{}" x2="{}" y1="{}" y2="{}"/>',
                                 tx, tx, y - 4, y + track + 4))
        if p.theta is not None:
            mid = y + track / 2
            lo, hi = x(p.theta - 1.96 * (p.se or 0)), x(p.theta + 1.96 * (p.se or 0))
            parts.append(format_html(
                '<line class="ci" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                '<circle class="point" cx="{}" cy="{}" r="6"/>', lo, hi, mid, mid, x(p.theta), mid))
        y += track + 16
    return _svg("bars", (0, 0, WIDTH, y), "Skill profile by area",
                _areas_desc(points, target_label), parts, "bars")


# --- Progress over time -------------------------------------------------------------------

@dataclass(frozen=True)
class Series:
    label: str
    points: tuple[tuple[date, float, str], ...]  # (day, theta, the level shown that day)


def day_label(day: date, with_year: bool = False) -> str:
    return f"{day.day} {day:%b}" + (f" {day.year}" if with_year else "")


MARKERS = 6  # distinct marker shapes (and colours) before they repeat


def _marker(k: int, x: float, y: float) -> SafeString:
    """A marker whose shape differs per series, so the lines are told apart without colour."""
    shape, r = k % MARKERS, 6.0
    if shape == 0:
        return format_html('<circle class="dot line-{}" cx="{}" cy="{}" r="{}"/>', shape, x, y, r)
    corners = {
        1: [(-r, -r), (r, -r), (r, r), (-r, r)],  # square
        2: [(0, -r - 1), (r + 1, 0), (0, r + 1), (-r - 1, 0)],  # diamond
        3: [(0, -r - 1), (r + 1, r), (-r - 1, r)],  # triangle up
        4: [(0, r + 1), (r + 1, -r), (-r - 1, -r)],  # triangle down
        5: [(-r, -2), (-2, -2), (-2, -r), (2, -r), (2, -2), (r, -2), (r, 2), (2, 2), (2, r),
            (-2, r), (-2, 2), (-r, 2)],  # plus
    }[shape]
    pts = " ".join(f"{x + dx:.1f},{y + dy:.1f}" for dx, dy in corners)
    return format_html('<polygon class="dot line-{}" points="{}"/>', shape, pts)


def progress_svg(series: list[Series]) -> SafeString:
    """Each area's level over time: a dated x axis, the five levels as bands on the y axis,
    one line (and marker shape) per area with a key below. A single result is a dated
    point; the page says in a sentence that one result shows no trend yet."""
    series = [s for s in series if s.points]
    if not series:
        return mark_safe("")
    days = sorted({d for s in series for d, _t, _l in s.points})
    first, last = days[0], days[-1]
    with_year = first.year != last.year
    x0, x1, top, plot_h = 112.0, WIDTH - 30.0, 8.0, 200.0
    single_day = first == last

    def x(day: date) -> float:
        if single_day:
            return round((x0 + x1) / 2, 1)
        return round(x0 + (day - first).days / (last - first).days * (x1 - x0), 1)

    def dodge(k: int) -> float:
        """Areas measured on the same day sit side by side instead of hiding each other."""
        return round((k - (len(series) - 1) / 2) * 9, 1) if len(series) > 1 else 0.0

    def y(theta: float) -> float:
        return round(top + plot_h * (1 - _fraction(theta)), 1)

    parts = []
    for lo, hi, level in BANDS:
        parts.append(format_html(
            '<rect class="band-bg band-{}" x="{}" y="{}" width="{}" height="{}"/>',
            level.name.lower(), x0, y(hi), x1 - x0, round(y(lo) - y(hi), 1)))
        parts.append(_text(x0 - 8, (y(lo) + y(hi)) / 2 + FONT / 3, level.label, "grid-label",
                           "end"))
    axis_y = top + plot_h
    parts.append(format_html('<line class="axis" x1="{}" x2="{}" y1="{}" y2="{}"/>',
                             x0, x1, axis_y, axis_y))
    ticks = [first] if single_day else [first, last]
    if not single_day and not with_year and (last - first).days >= 2:
        middle = min(days, key=lambda d: abs((d - first).days - (last - first).days / 2))
        if middle not in ticks and min(abs(x(middle) - x(t)) for t in ticks) > 4 * FONT:
            ticks.append(middle)
    for day in ticks:
        anchor = "middle" if single_day or day not in (first, last) else (
            "start" if day == first else "end")
        parts.append(format_html('<line class="tick" x1="{}" x2="{}" y1="{}" y2="{}"/>',
                                 x(day), x(day), axis_y, axis_y + 6))
        parts.append(_text(x(day), axis_y + 6 + FONT, day_label(day, with_year), "tick-label",
                           anchor))
    for k, s in enumerate(series):
        if len(s.points) > 1:
            pts = " ".join(f"{x(d) + dodge(k):.1f},{y(t):.1f}" for d, t, _l in s.points)
            parts.append(format_html('<polyline class="line line-{}" points="{}"/>', k % MARKERS,
                                     pts))
        for d, t, level in s.points:
            parts.append(format_html('<g>{}<title>{}, {}: {}</title></g>',
                                     _marker(k, x(d) + dodge(k), y(t)),
                                     s.label, day_label(d, True), level))
    # The key: one row per area with its line and marker.
    key_y = axis_y + 6 + FONT + 14
    for k, s in enumerate(series):
        row = key_y + k * LINE + FONT / 2
        parts.append(format_html('<line class="line line-{}" x1="{}" x2="{}" y1="{}" y2="{}"/>',
                                 k % MARKERS, x0, x0 + 28, row, row))
        parts.append(_marker(k, x0 + 14, row))
        parts.append(_text(x0 + 38, row + FONT / 3, s.label, "series-label"))
    height = key_y + len(series) * LINE + 6
    desc = "; ".join(
        f"{s.label}: " + ", ".join(f"{level} on {day_label(d, True)}" for d, _t, level in s.points)
        for s in series)
    return _svg("progress-chart", (0, 0, WIDTH, height), "Level over time per area", desc + ".",
                parts, "progress")


def single_result_sentence(series: list[Series]) -> str:
    """What the page says when no area has two results yet: the dated point, and that a
    trend needs a second result."""
    said = "; ".join(f"{s.label}, {s.points[0][2]} on {day_label(s.points[0][0], True)}"
                     for s in series if s.points)
    return (f"One result so far ({said}). Take an assessment again and this chart shows "
            "whether you are improving.")
