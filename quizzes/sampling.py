"""Drawing questions from a topic spread over difficulty tiers. Pure: no ORM.

A diagnostic that takes k questions of a topic at random can give a learner three tier-1
questions one time and three tier-5 ones the next; the estimate then rests on items that
say little about most learners. ``stratified_sample`` spreads a draw over three bands of
tiers (low 1-2, middle 3, high 4-5) and, within a band, over its tiers: each pick goes to
the band with fewest picks so far (ties at random), then to that band's tier with fewest
picks, then to a random item of it. Draw 3 from a topic with every tier: one of each band;
draw 6: two of each, tiers 1 and 2 once each, 4 and 5 once each. A band or tier with
nothing left is skipped, so the draw is always ``min(k, available)`` items.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

#: Low, middle and high bands of the difficulty tiers (docs/bank-format.md).
BANDS: tuple[tuple[int, ...], ...] = ((1, 2), (3,), (4, 5))


def band_of(tier: int) -> int:
    """Index in BANDS of a tier; tiers outside 1-5 go to the nearest band."""
    return 0 if tier <= 2 else 1 if tier == 3 else 2


def stratified_sample[T](candidates_by_tier: Mapping[int, Sequence[T]], k: int,
                         rng: random.Random, *, taken_tiers: Iterable[int] = ()) -> list[T]:
    """``k`` distinct items (fewer if there are fewer), spread over tier bands as the
    module says. ``taken_tiers``: tiers of items already drawn for the same topic (e.g. the
    unseen questions a retake took first), so the rest goes where the draw is thinnest.
    The input is not changed."""
    left = {tier: list(items) for tier, items in candidates_by_tier.items() if items}
    picks_band: Counter[int] = Counter(band_of(t) for t in taken_tiers)
    picks_tier: Counter[int] = Counter(taken_tiers)
    out: list[T] = []
    while len(out) < k and left:
        bands = {band_of(t) for t in left}
        fewest = min(picks_band[b] for b in bands)
        band = rng.choice(sorted(b for b in bands if picks_band[b] == fewest))
        tiers = sorted(t for t in left if band_of(t) == band)
        fewest = min(picks_tier[t] for t in tiers)
        tier = rng.choice([t for t in tiers if picks_tier[t] == fewest])
        items = left[tier]
        out.append(items.pop(rng.randrange(len(items))))
        if not items:
            del left[tier]
        picks_band[band] += 1
        picks_tier[tier] += 1
    return out


def attempt_length(draws: Iterable[tuple[object, int, int]], *, per_area: int = 0,
                   adaptive_max: int | None = None) -> int:
    """How many questions an attempt will really contain, from the draws
    ``(area, count, live questions in the topic)`` and the live pool (what the learner is
    told is this number, never a typed one):

    * topic counts: each topic gives ``min(count, live)``;
    * ``per_area`` N > 0: each area gives ``min(N, live questions of its listed topics)``;
    * adaptive (``adaptive_max``: the stop rule's maximum length): at most that many,
      and no more than the live questions of all the listed topics.
    """
    draws = list(draws)
    live_total = sum(live for _, _, live in draws)
    if adaptive_max is not None:
        return min(adaptive_max, live_total)
    if per_area:
        by_area: Counter[object] = Counter()
        for area, _, live in draws:
            by_area[area] += live
        return sum(min(per_area, live) for live in by_area.values())
    return sum(min(count, live) for _, count, live in draws)
