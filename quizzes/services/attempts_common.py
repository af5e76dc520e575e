"""Building blocks shared by fixed and adaptive attempts."""

from __future__ import annotations

import random

from ..models import Attempt, Question, QuestionKind, Response

SHUFFLED_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE}


def new_response(attempt: Attempt, question: Question, position: int, shuffle: bool,
                  rng: random.Random) -> Response:
    version = question.current_version
    # .all() uses a prefetch when the caller made one.
    choice_ids = [c.pk for c in sorted(version.choices.all(), key=lambda c: c.order)]
    order = list(choice_ids)
    shuffle_this = shuffle and version.kind in SHUFFLED_KINDS and version.data.get("shuffle", True)
    if shuffle_this:
        rng.shuffle(order)
    elif version.kind == QuestionKind.ORDERING and len(order) > 1:
        # Always shown scrambled, never already in the key's order.
        while order == choice_ids:
            rng.shuffle(order)
    return Response(attempt=attempt, question=question, version=version, position=position,
                    choice_order=order)
