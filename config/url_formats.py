"""URLs of integer arguments reversed once per process, the request's numbers swapped in.

``reverse`` walks the URLconf's tables and quotes every argument on each call, and the
take page and the answer post reverse two URLs on every request. Here a name is reversed
once (per script prefix) with sentinel numbers no id reaches, and each call only writes
its numbers where the sentinels were. A URL in which a sentinel does not appear exactly
once is reversed the ordinary way on every call.
"""

from __future__ import annotations

from threading import Lock

from django.urls import get_script_prefix, reverse

#: Numbers no object id or position of these URLs takes (checked once per name).
_SENTINELS = (1_999_999_901, 1_999_999_907, 1_999_999_913)
_formats: dict[tuple, str | None] = {}
_lock = Lock()


def _format(name: str, count: int) -> str | None:
    url = reverse(name, args=_SENTINELS[:count])
    marks = [str(s) for s in _SENTINELS[:count]]
    if any(url.count(m) != 1 for m in marks):
        return None
    url = url.replace("{", "{{").replace("}", "}}")
    for i, mark in enumerate(marks):
        url = url.replace(mark, "{" + str(i) + "}")
    return url


def reverse_ints(name: str, *args: int) -> str:
    """``reverse(name, args=args)`` for non-negative integer arguments."""
    if not all(type(a) is int and a >= 0 for a in args) or len(args) > len(_SENTINELS):
        return reverse(name, args=args)
    key = (name, len(args), get_script_prefix())
    if key not in _formats:
        with _lock:
            _formats[key] = _format(name, len(args))
    found = _formats[key]
    return reverse(name, args=args) if found is None else found.format(*args)
