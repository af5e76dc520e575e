"""The time left of a timed attempt, as ``quizzes/includes/timer.html`` shows it.

Written in Python once per page: the template's date filters, ``timeuntil`` and the
included UTC time cost a quarter of the take page's panel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.utils import timezone
from django.utils.timesince import timeuntil


@dataclass(frozen=True)
class Countdown:
    deadline: str  # ISO 8601, as the ``date:'c'`` filter writes it
    now: str  # the server's now, the same way (static/js/attempt.js measures the skew)
    left: str  # "12 minutes", as the ``timeuntil`` filter writes it
    end_utc: str  # the end for <time datetime>, in UTC ("2026-11-29T12:55:00Z")
    end_hm: str  # the end said in UTC without JavaScript ("12:55")
    expire_url: str  # where the page goes when the time is up (the take page)


def countdown(deadline: datetime | None, now: datetime, expire_url: str) -> Countdown | None:
    """The timer of an attempt with a ``deadline`` (None without one)."""
    if deadline is None:
        return None
    try:
        left = timeuntil(deadline, now)
    except (ValueError, TypeError):
        left = ""
    end = deadline.astimezone(UTC)
    return Countdown(deadline=timezone.localtime(deadline).isoformat(),
                     now=timezone.localtime(now).isoformat(), left=left,
                     end_utc=end.strftime("%Y-%m-%dT%H:%M:%SZ"), end_hm=end.strftime("%H:%M"),
                     expire_url=expire_url)
