"""An author's unsaved question as the learner would see it, and graded by the real grader.

The draft travels as plain ``QuestionData``: read leniently from the authoring form as it
is being typed (so the preview follows every keystroke, even before the form is valid),
signed into the preview page so that answering it needs no database row."""

from __future__ import annotations

from django.core import signing

from . import grading
from .cards import Card, build_card
from .formats.data import ChoiceData, QuestionData
from .forms import AnswerForm
from .models import CHOICE_KINDS, Choice, QuestionKind, QuestionVersion

DRAFT_SALT = "quizzes.drafts.preview"
MAX_ROWS = 12
NO_ANSWER = "Answer the question first, then check it."


def _float(raw, default: float | None = 0.0) -> float | None:
    try:
        return float(str(raw).strip())
    except (TypeError, ValueError):
        return default


def draft_from_post(post) -> QuestionData:
    """The draft an authoring form holds right now, whatever state it is in."""
    kind = post.get("kind", "")
    if kind not in QuestionKind.values:
        kind = QuestionKind.SINGLE
    choices = []
    if kind in CHOICE_KINDS:
        total = min(int(_float(post.get("choices-TOTAL_FORMS"), 0) or 0), MAX_ROWS)
        for i in range(total):
            text = (post.get(f"choices-{i}-text") or "").strip()
            if text:
                choices.append(ChoiceData(text, _float(post.get(f"choices-{i}-fraction")) or 0.0,
                                          post.get(f"choices-{i}-feedback") or ""))
    data: dict = {}
    if kind == QuestionKind.NUMERIC:
        data = {"answer": _float(post.get("numeric_answer"), None),
                "tolerance": _float(post.get("tolerance")) or 0.0,
                "tolerance_mode": post.get("tolerance_mode") or "absolute",
                "unit": post.get("unit", "")}
    elif kind == QuestionKind.TEXT:
        data = {"accepted": [a.strip() for a in (post.get("accepted") or "").splitlines()
                             if a.strip()],
                "case_sensitive": bool(post.get("case_sensitive"))}
    elif kind == QuestionKind.ORDERING:
        data = {"partial_credit": bool(post.get("partial_credit"))}
    return QuestionData(slug=post.get("slug", ""), topic="", kind=kind,
                        difficulty=int(_float(post.get("difficulty"), 3) or 3),
                        stem=post.get("stem", ""), explanation=post.get("explanation", ""),
                        choices=tuple(choices), data=data)


def draft_sign(draft: QuestionData) -> str:
    return signing.dumps({
        "kind": draft.kind, "difficulty": draft.difficulty, "stem": draft.stem,
        "explanation": draft.explanation, "data": draft.data,
        "choices": [[c.text, c.fraction, c.feedback] for c in draft.choices]},
        salt=DRAFT_SALT, compress=True)


def draft_unsign(token: str) -> QuestionData | None:
    try:
        raw = signing.loads(token, salt=DRAFT_SALT)
    except signing.BadSignature:
        return None
    return QuestionData(slug="", topic="", kind=raw["kind"], difficulty=raw["difficulty"],
                        stem=raw["stem"], explanation=raw["explanation"], data=raw["data"],
                        choices=tuple(ChoiceData(*c) for c in raw["choices"]))


def draft_card(draft: QuestionData, answer_post=None) -> tuple[Card, str]:
    """The learner's card of a draft; with ``answer_post`` (the preview's own form), the
    answer graded by ``grading.grade`` and the review shown, as after a locked answer.
    Returns the card and a message when the answer could not be checked."""
    version = QuestionVersion(kind=draft.kind, difficulty=draft.difficulty, stem=draft.stem,
                              explanation=draft.explanation, data=draft.data)
    choices = [Choice(pk=i, order=i, text=c.text, fraction=c.fraction, feedback=c.feedback)
               for i, c in enumerate(draft.choices, start=1)]
    order = [c.pk for c in choices]
    if draft.kind == QuestionKind.ORDERING:
        order.reverse()  # never shown in the key's order
    form = AnswerForm(answer_post, kind=draft.kind, choice_ids=order, scope="draft")
    if answer_post is None:
        return build_card(version, order, form, None, reveal=False, draft_choices=choices), ""
    if not form.is_valid():
        return build_card(version, order, form, None, reveal=False, draft_choices=choices), ""
    answer = form.answer_json()
    if answer is None:
        return build_card(version, order, form, None, reveal=False,
                          draft_choices=choices), NO_ANSWER
    # The import is here so that the pure card code above stays free of services.
    from .services.attempts import answer_from_json

    try:
        credit = grading.grade(version.answer_key(choices), answer_from_json(draft.kind, answer))
    except (TypeError, ValueError) as exc:  # a key that is not complete yet
        return build_card(version, order, form, answer, reveal=False,
                          draft_choices=choices), f"The key cannot grade this yet: {exc}"
    return build_card(version, order, form, answer, reveal=True, credit=credit,
                      draft_choices=choices), ""
