"""The time left of a timed attempt, and its markup (``timer_html``).

Written in Python once per page: the template's date filters, ``timeuntil`` and the
included UTC time cost a quarter of the take page's panel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.timesince import timeuntil

from config.markup import escape


@dataclass(frozen=True)
class Countdown:
    deadline: str  # ISO 8601, as the ``date:'c'`` filter writes it
    now: str  # the server's now, the same way (static/js/attempt.js measures the skew)
    left: str  # "12 minutes", as the ``timeuntil`` filter writes it
    end_utc: str  # the end for <time datetime>, in UTC ("2026-11-29T12:55:00Z")
    end_hm: str  # the end said in UTC without JavaScript ("12:55")
    expire_url: str  # where the page goes when the time is up (the take page)


#: (seconds, unit) from the largest: ``timeuntil``'s units below a month.
_UNITS = ((604_800, "week"), (86_400, "day"), (3_600, "hour"), (60, "minute"))


def time_left(deadline: datetime, now: datetime) -> str:
    """The time left as the ``timeuntil`` filter says it ("1\xa0hour, 5\xa0minutes": at
    most two adjacent units; "0\xa0minutes" once past), without its translation lookups,
    a tenth of the take page's context. Four weeks or more (months, years): ``timeuntil``
    itself."""
    delta = deadline - now
    if delta.days >= 28:
        return timeuntil(deadline, now)
    if delta.days * 86_400 + delta.seconds <= 0:
        return "0\xa0minutes"
    rest = delta.total_seconds()
    counts = []
    for size, unit in _UNITS:
        count = int(rest // size)
        counts.append((count, unit))
        rest -= size * count
    said = []
    for count, unit in counts:
        if count == 0 and said:
            break  # only adjacent units: "2 weeks, 3 days", never "2 weeks, 3 hours"
        if count:
            said.append(f"{count}\xa0{unit}{'' if count == 1 else 's'}")
        if len(said) == 2:
            break
    return ", ".join(said) or "0\xa0minutes"


def countdown(deadline: datetime | None, now: datetime, expire_url: str) -> Countdown | None:
    """The timer of an attempt with a ``deadline`` (None without one)."""
    if deadline is None:
        return None
    try:
        left = time_left(deadline, now)
    except (ValueError, TypeError):
        left = ""
    end = deadline.astimezone(UTC)
    return Countdown(deadline=timezone.localtime(deadline).isoformat(),
                     now=timezone.localtime(now).isoformat(), left=left,
                     end_utc=end.strftime("%Y-%m-%dT%H:%M:%SZ"), end_hm=end.strftime("%H:%M"),
                     expire_url=expire_url)


def timer_html(timer: Countdown | None) -> SafeString:
    """The time left of a timed attempt (nothing without one). Without JavaScript it says
    the minutes left when the page was drawn and the end in UTC; static/js/attempt.js
    counts down and writes the end in the reader's time zone. ``role="timer"`` is never
    read out by itself: quizzes/includes/timer_announce.html says the three moments that
    matter."""
    if timer is None:
        return SafeString("")
    return SafeString(  # every value escaped
        '<p class="countdown" role="timer" aria-live="off">'
        '<span class="countdown-label">Time left</span> '
        f'<strong id="countdown" data-deadline="{escape(timer.deadline)}" '
        f'data-now="{escape(timer.now)}" data-expire-url="{escape(timer.expire_url)}">'
        f"{escape(timer.left)}</strong> "
        f'<span class="countdown-end muted">ends <time datetime="{escape(timer.end_utc)}" '
        f'class="local-time">{escape(timer.end_hm)} UTC</time></span></p>')
