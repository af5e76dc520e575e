"""The question navigator of the take page: one button per question, built once in Python.

A template loop spent a third of the take page's time on these cells (localising each
integer, evaluating the same conditions 24 times); here each cell is one string format.
Each cell submits the answer form (action ``goto-N``), so going elsewhere saves first.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString


@dataclass(frozen=True)
class NavCell:
    """What the navigator shows of one response: plain values, no content."""

    position: int
    answered: bool
    flagged: bool


def cell_html(cell: NavCell, *, current: int, oob: bool = False) -> SafeString:
    """One navigator cell: a submit button of the answer form (``form="question-card"``)
    whose action ``goto-N`` saves the answer shown before going to question N, with or
    without JavaScript (no link: the form's action posts)."""
    n = cell.position
    classes = "nav-cell" + (" answered" if cell.answered else "") + (
        " flagged" if cell.flagged else "") + (" current" if n == current else "")
    label = f"Question {n}: " + ("answered" if cell.answered else "not answered") + (
        ", flagged" if cell.flagged else "")
    swap_oob = ' hx-swap-oob="true"' if oob else ""
    step = ' aria-current="step"' if n == current else ""
    # SafeString itself: mark_safe's lazy-string check cost more than the cell (26 a page).
    return SafeString(  # every piece is an int or a fixed word
        f'<button type="submit" form="question-card" name="action" value="goto-{n}" '
        f'id="nav-cell-{n}"{swap_oob} class="{classes}"{step} '
        f'aria-label="{label}">{n}</button>')


def navigator_html(cells: list[NavCell], *, current: int) -> SafeString:
    """The navigator's list items, in position order."""
    return SafeString("".join(  # built from cell_html
        f"<li>{cell_html(c, current=current)}</li>" for c in cells))
