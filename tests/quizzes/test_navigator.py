"""The navigator's markup, built in Python (pure: no database)."""

from quizzes.navigator import NavCell, cell_html, navigator_html


def test_cell_html_answered_flagged_current_cell_carries_every_state():
    html = cell_html(NavCell(3, answered=True, flagged=True), current=3)
    assert html == (
        '<button type="submit" form="question-card" name="action" value="goto-3" '
        'id="nav-cell-3" class="nav-cell answered flagged current" aria-current="step" '
        'aria-label="Question 3: answered, flagged">3</button>')


def test_cell_html_plain_cell_is_not_current_and_says_not_answered():
    html = cell_html(NavCell(12, answered=False, flagged=False), current=3)
    assert 'class="nav-cell"' in html and "aria-current" not in html
    assert 'aria-label="Question 12: not answered"' in html and ">12</button>" in html


def test_cell_html_out_of_band_for_the_autosave():
    html = cell_html(NavCell(2, answered=True, flagged=False), current=2, oob=True)
    assert 'hx-swap-oob="true"' in html


def test_cell_html_numbers_are_never_localised():
    """A template localised each position (1.000 with a thousands separator); not here."""
    html = cell_html(NavCell(1000, answered=False, flagged=False), current=1)
    assert ">1000</button>" in html and 'value="goto-1000"' in html


def test_navigator_html_keeps_order_and_posts_goto_n():
    html = navigator_html([NavCell(1, False, False), NavCell(2, True, False)], current=2)
    assert "?q=" not in html and 'value="goto-2"' in html  # cells post, not links
    assert html.index('id="nav-cell-1"') < html.index('id="nav-cell-2"')
    assert html.count("<li>") == 2
