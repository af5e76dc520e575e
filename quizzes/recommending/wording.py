"""Plain words for numbers, hours, costs and levels (no θ on a learner's page)."""

from __future__ import annotations

COST_WORDS = {"free": "free", "freemium": "free-to-audit", "paid": "paid"}
LEVEL_PHRASES = {
    "beginner": "starts from the basics",
    "intermediate": "builds working depth",
    "advanced": "goes into depth",
}


def num(x: float) -> str:
    """2 -> "2", 2.5 -> "2.5"."""
    return f"{round(float(x), 1):g}"


def count_text(n: float, noun: str) -> str:
    return f"{num(n)} {noun}{'' if float(n) == 1 else 's'}"


def hours_text(h: float) -> str:
    """0.4 -> "about 25 minutes", 0.98 -> "about 1 hour", 2.3 -> "about 2.5 hours"."""
    minutes = int(round(h * 60 / 5) * 5) or 5
    if minutes < 60:
        return f"about {minutes} minutes"
    half_hours = max(1.0, round(h * 2) / 2)
    return f"about {num(half_hours)} hour{'' if half_hours == 1 else 's'}"


def lower_title(title: str) -> str:
    """"Probability" -> "probability"; titles with acronyms ("CI/CD") stay as they are."""
    rest = title[1:]
    if any(c.isupper() for c in rest):
        return title
    return title[:1].lower() + rest


def join_words(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
