"""Figures of the item statistics page: fractions shown as Moodle shows them."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def pct(value, digits: int = 1) -> str:
    """``{{ 0.3430|pct }}`` → "34.3%"; None → "—" (not computable)."""
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.{int(digits)}f}%"


@register.filter
def num(value, digits: int = 2) -> str:
    """``{{ -0.2479|num }}`` → "-0.25"; None → "—"."""
    if value is None or value == "":
        return "—"
    return f"{round(float(value), int(digits)) + 0.0:.{int(digits)}f}"  # never "-0.00"
