"""Escaping for the markup the hot paths build in Python (the take page's panel, its
inputs and timer, the shortcuts switch).

``escape`` escapes the same five characters as Django's ``django.utils.html.escape``
(both are ``html.escape`` of ``str(value)``), without the lazy-string wrapper Django puts
around it, which cost more than the escaping: a take page escaped and marked safe about
80 values. It returns a plain ``str`` to be put into a ``SafeString`` built by the caller.
"""

from __future__ import annotations

from html import escape as _escape


def escape(value: object) -> str:
    """``value`` as text with & < > " ' escaped; a lazy translation is evaluated first,
    as Django's escape does."""
    return _escape(str(value))
