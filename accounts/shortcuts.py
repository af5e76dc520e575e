"""The switch for single-key shortcuts (WCAG 2.1.4), remembered on the learner's account.

static/js/attempt.js reads ``data-shortcuts``; htmx swaps the switch in place, so the
answer on the page stays; without JavaScript there are no shortcuts and the take page
does not show it. Built in Python: the take page draws it on every question."""

from __future__ import annotations

from django.utils.safestring import SafeString

from config.markup import escape


def toggle_html(*, enabled: bool, action: str, next_url: str, csrf_token: str) -> SafeString:
    """The switch's form: posts to ``action`` and, without htmx, returns to ``next_url``."""
    state, to, verb = ("on", "off", "off") if enabled else ("off", "on", "on")
    action = escape(action)
    return SafeString(  # fixed words and escaped values
        f'<form id="shortcuts-toggle" class="shortcuts-toggle" method="post" action="{action}"'
        f'\n      hx-post="{action}" hx-swap="outerHTML" data-shortcuts="{state}">\n'
        f'  <input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">\n'
        f'  <input type="hidden" name="next" value="{escape(next_url)}">\n'
        f'  <input type="hidden" name="enabled" value="{to}">\n'
        f'  <button type="submit" class="link-button" id="shortcuts-toggle-button">Turn {verb} '
        "single-key shortcuts</button>\n</form>")
