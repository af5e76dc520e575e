"""Template filters and tags: Markdown, percentages, levels and server-drawn SVG charts."""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from .. import charts
from ..levels import level_for
from ..rendering import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> str:
    return mark_safe(render_markdown(text or ""))  # noqa: S308 - sanitised by nh3


@register.filter
def percent(value) -> str:
    if value is None:
        return "—"
    return f"{100 * float(value):.0f}%"


@register.filter
def level_label(theta) -> str:
    return "—" if theta is None else level_for(float(theta)).label


@register.simple_tag
def band_svg(estimate) -> str:
    """The ability scale with the level bands and the estimate's 95% band."""
    return charts.band_svg(estimate)


@register.simple_tag
def radar_svg(points) -> str:
    return charts.radar_svg(points)


@register.simple_tag
def progress_svg(series) -> str:
    return charts.progress_svg(series)


