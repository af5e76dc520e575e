"""The focus ring is visible: its colour has at least 3:1 contrast (WCAG 2.2 1.4.11 and
2.4.13) against every background it can sit on, in the light theme and the dark one,
read from the custom properties in static/css/site.css."""

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[1] / "static" / "css" / "site.css").read_text()
BACKGROUNDS = ["--bg", "--surface", "--ok-bg", "--warn-bg", "--bad-bg"]


def _theme(block: str) -> dict[str, str]:
    return dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{6})", block))


def _themes() -> dict[str, dict[str, str]]:
    light = _theme(re.search(r":root\s*\{(.*?)\}", CSS, re.S).group(1))
    dark_block = re.search(r"@media \(prefers-color-scheme: dark\)\s*\{\s*:root\s*\{(.*?)\}",
                           CSS, re.S).group(1)
    return {"light": light, "dark": {**light, **_theme(dark_block)}}


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_formula_matches_known_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_focus_ring_has_3_to_1_contrast_on_every_background(theme):
    colours = _themes()[theme]
    focus = colours["--focus"]
    for background in BACKGROUNDS:
        assert contrast(focus, colours[background]) >= 3.0, (theme, background)


def test_focus_ring_uses_the_custom_property():
    rules = re.findall(r"([^{}]*:focus-visible[^{}]*)\{([^}]*)\}", CSS)
    assert rules and all("var(--focus)" in body for _sel, body in rules if "outline" in body)
