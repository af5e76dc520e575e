"""Regrading after a key fix, the pure part: can a stored answer to one version be read
as an answer to its corrected version, and what is it then? No ORM.

Policy (Moodle's "regrade" with the new version replacing the old): a response to an
older version is regraded against the question's corrected version when both have the same
shape: the same kind and, for choice and ordering kinds, the same number of choices. The
answer is carried over choice by choice in authored order (the first choice of the old
version is the first of the new), so a learner who picked "the third option" still picked
the third option. Numeric and short-text answers carry over as typed. A version of another
shape cannot be mapped honestly; its responses are left as graded and reported."""

from __future__ import annotations

CHOICE_ANSWER_KINDS = {"single", "multiple", "truefalse", "ordering"}

DIFFERENT_KIND = "the corrected version is a {new} question, the old one a {old} question"
DIFFERENT_CHOICES = "the corrected version has {new} choices, the old one {old}"


def shape_problem(old_kind: str, old_choices: int, new_kind: str, new_choices: int) -> str:
    """Why an answer to the old version cannot be read as one to the new ("" if it can)."""
    if old_kind != new_kind:
        return DIFFERENT_KIND.format(new=new_kind, old=old_kind)
    if old_kind in CHOICE_ANSWER_KINDS and old_choices != new_choices:
        return DIFFERENT_CHOICES.format(new=new_choices, old=old_choices)
    return ""


def choice_map(old_ids_in_order: list[int], new_ids_in_order: list[int]) -> dict[int, int]:
    """Old choice id → new choice id, matched by authored position."""
    return dict(zip(old_ids_in_order, new_ids_in_order, strict=True))


def remap_answer(answer: dict | None, mapping: dict[int, int]) -> dict | None:
    """A stored answer (``Response.answer`` JSON) with its choice ids moved to the new
    version's; other answers are returned unchanged."""
    if not answer:
        return answer
    out = dict(answer)
    for key in ("choices", "order"):
        if key in out:
            out[key] = [mapping[int(i)] for i in out[key] if int(i) in mapping]
    return out


def remap_order(choice_order: list[int], mapping: dict[int, int]) -> list[int]:
    """The order the choices were shown in, in the new version's ids."""
    return [mapping[int(i)] for i in choice_order if int(i) in mapping]
