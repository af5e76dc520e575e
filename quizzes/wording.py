"""Small wording rules every page shares: ordinals, counted nouns, signed numbers and
articles. Pure: plain values in, text out (the template filters in
``templatetags/quiz_tags.py`` are thin wrappers).
"""

from __future__ import annotations

import math

MINUS = "\u2212"  # the typographic minus sign, as in "θ −0.42"

# Nouns whose plural is not "+s".
_IRREGULAR = {"is": "are", "was": "were", "has": "have", "this": "these"}
# Mass nouns take no indefinite article ("free documentation", not "a free documentation").
MASS_NOUNS = frozenset({"documentation", "practice", "advice", "software", "information"})
# Words that start with a vowel letter but a consonant sound, and the reverse.
_CONSONANT_SOUND = ("one", "once", "uni", "use", "usu", "user", "euro", "eu")
_VOWEL_SOUND = ("hour", "honest", "honour", "honor", "heir")


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd, 83rd, 101st, 111th."""
    n = int(n)
    if 10 <= abs(n) % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(abs(n) % 10, "th")
    return f"{n}{suffix}"


def number(x: float) -> str:
    """A count as people write it: 3, 1.5, 0.25 (no trailing ".0")."""
    x = float(x)
    if x == int(x):
        return str(int(x))
    return f"{round(x, 2):g}"


def plural_form(noun: str) -> str:
    if noun in _IRREGULAR:
        return _IRREGULAR[noun]
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def counted(n: float, singular: str, plural: str | None = None) -> str:
    """"1 minute", "2 minutes", "0 questions", "1.5 hours": the noun agrees with the
    count (only exactly one is singular)."""
    word = singular if float(n) == 1 else (plural or plural_form(singular))
    return f"{number(n)} {word}"


def signed(x: float, digits: int = 2) -> str:
    """A signed decimal with a true minus sign and no negative zero: −0.42, 0.00, 1.30.
    The sign is decided on the rounded value, so −0.004 reads 0.00, not −0.00."""
    value = round(float(x), digits)
    if value == 0 or math.isnan(value):
        value = 0.0
    text = f"{abs(value):.{digits}f}"
    return f"{MINUS}{text}" if value < 0 else text


def article(phrase: str) -> str:
    """The indefinite article for a phrase, by its first word's sound: "a free course",
    "an intermediate book", "an hour", "a university"."""
    first = phrase.strip().split(" ", 1)[0].lower()
    if not first:
        return "a"
    if first.startswith(_VOWEL_SOUND):
        return "an"
    if first.startswith(_CONSONANT_SOUND):
        return "a"
    return "an" if first[0] in "aeiou" else "a"


def with_article(phrase: str) -> str:
    """The phrase with its indefinite article, or none when its head noun is a mass noun:
    "a free beginner course", "an advanced book", "free beginner documentation"."""
    phrase = phrase.strip()
    head = phrase.rsplit(" ", 1)[-1].lower()
    if head in MASS_NOUNS:
        return phrase
    return f"{article(phrase)} {phrase}"
