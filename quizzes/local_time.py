"""A moment as the pages say it: in UTC, which static/js/site.js rewrites in the reader's
own time zone."""

from __future__ import annotations

from datetime import UTC, datetime

from django.utils.safestring import SafeString


def local_time_html(when: datetime, *, seconds: bool = False,
                    with_date: bool = False) -> SafeString:
    """A time said in UTC, which static/js/site.js rewrites in the reader's own time
    zone; ``with_date`` adds the day. Safe markup: digits, month names and fixed words."""
    at = when.astimezone(UTC)
    shown = (f"{at.day} {at:%b %Y}, " if with_date else "") + (
        f"{at:%H:%M:%S}" if seconds else f"{at:%H:%M}")
    return SafeString(f'<time datetime="{at:%Y-%m-%dT%H:%M:%SZ}" class="local-time"'
                      f'{" data-seconds" if seconds else ""}'
                      f'{" data-date" if with_date else ""}>'
                      f"{shown} UTC</time>")
