"""Server-drawn SVG charts (no JavaScript, no inline style: CSP-safe).

Pure: numbers in, an SVG string out; every text is escaped with format_html."""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from .levels import COMPETENT_FROM, EMERGING_FROM, EXPERT_FROM, PROFICIENT_FROM, Level
from .wording import signed

THETA_MIN, THETA_MAX = -3.0, 3.0
LABEL_WIDTH = 16  # characters per line of a radar axis label
RADAR_MARGIN = 80  # viewBox units left and right of the radar for labels

BANDS = [
    (THETA_MIN, EMERGING_FROM, Level.NOVICE),
    (EMERGING_FROM, COMPETENT_FROM, Level.EMERGING),
    (COMPETENT_FROM, PROFICIENT_FROM, Level.COMPETENT),
    (PROFICIENT_FROM, EXPERT_FROM, Level.PROFICIENT),
    (EXPERT_FROM, THETA_MAX, Level.EXPERT),
]


def _x(theta: float, width: float, pad: float) -> float:
    t = min(max(theta, THETA_MIN), THETA_MAX)
    return round(pad + (t - THETA_MIN) / (THETA_MAX - THETA_MIN) * (width - 2 * pad), 1)


def band_svg(estimate) -> SafeString:
    """A horizontal scale of the five levels with the estimate and its 95% band.
    ``estimate`` is a ``reporting.Reading`` (theta, se, level, range_label)."""
    w, h, pad = 600.0, 70.0, 10.0
    parts = []
    for lo, hi, level in BANDS:
        x0, x1 = _x(lo, w, pad), _x(hi, w, pad)
        parts.append(format_html(
            '<rect class="band band-{}" x="{}" y="10" width="{}" height="22"/>'
            '<text class="band-label" x="{}" y="48" text-anchor="middle">{}</text>',
            level.name.lower(), x0, round(x1 - x0, 1), round((x0 + x1) / 2, 1), level.label))
    lo = _x(estimate.theta - 1.96 * estimate.se, w, pad)
    hi = _x(estimate.theta + 1.96 * estimate.se, w, pad)
    x = _x(estimate.theta, w, pad)
    parts.append(format_html(
        '<line class="ci" x1="{}" x2="{}" y1="21" y2="21"/>'
        '<line class="ci-end" x1="{}" x2="{}" y1="14" y2="28"/>'
        '<line class="ci-end" x1="{}" x2="{}" y1="14" y2="28"/>'
        '<circle class="point" cx="{}" cy="21" r="6"/>',
        lo, hi, lo, lo, hi, hi, x))
    # The accessible name says what the page says: the level and its 95% range in levels.
    label = (f"Level {estimate.level.label}, 95% range {estimate.range_label}"
             if getattr(estimate, "range_label", "") else "The five levels")
    return format_html(
        '<svg class="chart band-chart" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        '<title>{}</title>{}</svg>', int(w), int(h), label, label, mark_safe("".join(parts)))


@dataclass(frozen=True)
class RadarPoint:
    label: str
    theta: float | None  # None: not measured
    se: float | None = None
    target: float = PROFICIENT_FROM
    #: Words under the area's name (e.g. its 95% range of levels); the uncertainty is
    #: said in words there, never as "± SE".
    caption: str = ""


def _radar_r(theta: float, radius: float) -> float:
    t = min(max(theta, THETA_MIN), THETA_MAX)
    return radius * (t - THETA_MIN) / (THETA_MAX - THETA_MIN)


def radar_svg(points: list[RadarPoint]) -> SafeString:
    """A radar of areas: the level rings, the target, the measured ability and its band."""
    size, cx, cy, radius = 420.0, 210.0, 210.0, 150.0
    n = len(points)
    if n < 3:
        return mark_safe("")

    def at(i: int, r: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        return round(cx + r * math.cos(angle), 1), round(cy + r * math.sin(angle), 1)

    def poly(values: list[float], cls: str) -> SafeString:
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (at(i, _radar_r(v, radius))
                                                         for i, v in enumerate(values)))
        return format_html('<polygon class="{}" points="{}"/>', cls, pts)

    parts = []
    for lo, _hi, level in BANDS[1:]:
        parts.append(poly([lo] * n, "ring"))
        x, y = at(0, _radar_r(lo, radius))
        parts.append(format_html('<text class="ring-label" x="{}" y="{}">{}</text>',
                                 round(x + 4, 1), round(y - 2, 1), level.label))
    for i in range(n):
        x, y = at(i, radius)
        parts.append(format_html('<line class="spoke" x1="{}" y1="{}" x2="{}" y2="{}"/>',
                                 cx, cy, x, y))
        lx, ly = at(i, radius + 28)
        anchor = "middle" if abs(lx - cx) < 20 else ("start" if lx > cx else "end")
        p = points[i]
        sub = p.caption or ("not measured" if p.theta is None else "")
        lines = textwrap.wrap(p.label, LABEL_WIDTH) or [""]
        subs = textwrap.wrap(sub, LABEL_WIDTH + 4) or [""]
        if ly < cy - radius:  # the top label grows upwards, away from the chart
            ly -= 14 * (len(lines) + len(subs) - 2)
        more = format_html_join("", '<tspan x="{}" dy="14">{}</tspan>',
                                ((lx, line) for line in lines[1:]))
        sub_lines = format_html_join("", '<tspan class="axis-sub" x="{}" dy="13">{}</tspan>',
                                     ((lx, line) for line in subs))
        parts.append(format_html(
            '<text class="axis-label" x="{}" y="{}" text-anchor="{}">{}{}{}</text>',
            lx, ly, anchor, lines[0], more, sub_lines))
    parts.append(poly([p.target for p in points], "target"))
    measured = [p.theta if p.theta is not None else THETA_MIN for p in points]
    upper = [min(THETA_MAX, (p.theta + 1.96 * (p.se or 0))) if p.theta is not None else THETA_MIN
             for p in points]
    parts.append(poly(upper, "band-area"))
    parts.append(poly(measured, "ability"))
    for i, p in enumerate(points):
        if p.theta is not None:
            x, y = at(i, _radar_r(p.theta, radius))
            parts.append(format_html('<circle class="point" cx="{}" cy="{}" r="4"/>', x, y))
    summary = "; ".join(
        f"{p.label}: {p.caption or ('not measured' if p.theta is None else signed(p.theta))}"
        for p in points)
    # Side margins leave room for the axis labels on the left and right spokes.
    return format_html(
        '<svg class="chart radar" viewBox="{} 0 {} {}" role="img" aria-label="Skill profile: {}">'
        '<title>Skill profile</title>{}</svg>', -RADAR_MARGIN, int(size + 2 * RADAR_MARGIN),
        int(size), summary, mark_safe("".join(parts)))


@dataclass(frozen=True)
class Series:
    label: str
    points: tuple[tuple[str, float], ...]  # (date label, theta)


def progress_svg(series: list[Series]) -> SafeString:
    """Ability over attempts, one line per area."""
    w, h, pad = 600.0, 220.0, 36.0
    longest = max((len(s.points) for s in series), default=0)
    if longest == 0:
        return mark_safe("")

    def y(theta: float) -> float:
        t = min(max(theta, THETA_MIN), THETA_MAX)
        return round(h - pad - (t - THETA_MIN) / (THETA_MAX - THETA_MIN) * (h - 2 * pad), 1)

    def x(i: int) -> float:
        # Points start right of the level names on the grid lines, so neither hides the other.
        return round(pad + 50 + (i / max(1, longest - 1)) * (w - 2 * pad - 130), 1)

    parts = []
    for lo, _hi, level in BANDS[1:]:
        parts.append(format_html('<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                                 '<text class="grid-label" x="2" y="{}">{}</text>',
                                 pad, w - pad - 80, y(lo), y(lo), round(y(lo) - 2, 1),
                                 level.label))
    # Series labels sit at the end of their line; labels that would overlap (two areas at a
    # similar ability) are pushed apart so each stays readable.
    label_y = {k: y(s.points[-1][1]) + 4 for k, s in enumerate(series)}
    previous = None
    for k in sorted(label_y, key=lambda k: (label_y[k], k)):
        if previous is not None and label_y[k] - label_y[previous] < 14:
            label_y[k] = round(label_y[previous] + 14, 1)
        previous = k
    for k, s in enumerate(series):
        pts = " ".join(f"{x(i):.1f},{y(t):.1f}" for i, (_d, t) in enumerate(s.points))
        parts.append(format_html('<polyline class="line line-{}" points="{}"/>', k % 5, pts))
        for i, (d, t) in enumerate(s.points):
            parts.append(format_html(
                '<circle class="dot line-{}" cx="{}" cy="{}" r="3"><title>{}: {} θ {}'
                '</title></circle>', k % 5, x(i), y(t), s.label, d, signed(t)))
        last_i = len(s.points) - 1
        parts.append(format_html('<text class="series-label line-{}" x="{}" y="{}">{}</text>',
                                 k % 5, round(x(last_i) + 6, 1), round(label_y[k], 1),
                                 s.label))
    return format_html('<svg class="chart progress-chart" viewBox="0 0 {} {}" role="img" '
                       'aria-label="Ability over time per area">{}</svg>', int(w), int(h),
                       mark_safe("".join(parts)))


