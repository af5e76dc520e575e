"""The author's live preview: a draft as the learner sees it, answerable, graded by the
real grader. Staff only; shown in a frame of the admin's authoring page (the learner's
stylesheet would restyle the admin), so this one view may be framed by the same origin."""

from __future__ import annotations

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.csp import CSP
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_http_methods

from ..drafts import draft_card, draft_from_post, draft_sign, draft_unsign
from ..models import QuestionVersion
from ..rendering import render_problems
from ..services.versions import version_data
from .common import HtmxHttpRequest

DRAFT_EXPIRED = "This preview is out of date: change the question to refresh it."
FRAMED_BY_SELF = {**settings.SECURE_CSP, "frame-ancestors": [CSP.SELF]}


@staff_member_required
@require_http_methods(["GET", "POST"])
@xframe_options_sameorigin
@csp_override(FRAMED_BY_SELF)
def question_draft_preview(request: HtmxHttpRequest) -> HttpResponse:
    """GET ``?version=<id>``: a stored version. POST from the authoring form: the draft it
    holds. POST ``draft`` (signed) with an answer: the answer checked."""
    message = ""
    answer_post = None
    if "draft" in request.POST:
        draft = draft_unsign(request.POST["draft"])
        if draft is None:
            return render(request, "quizzes/question_draft_preview.html",
                          {"message": DRAFT_EXPIRED, "card": None})
        answer_post = request.POST
    elif request.method == "POST":
        draft = draft_from_post(request.POST)
    elif request.GET.get("version"):
        version = get_object_or_404(QuestionVersion.objects.select_related("question__topic")
                                    .prefetch_related("choices"), pk=request.GET["version"])
        draft = version_data(version)
    else:
        return render(request, "quizzes/question_draft_preview.html", {"card": None})
    card, message = draft_card(draft, answer_post)
    problems = [f"{name}: {p}" for name, text in (("Stem", draft.stem),
                                                 ("Explanation", draft.explanation))
                for p in render_problems(text or "")]
    return render(request, "quizzes/question_draft_preview.html", {
        "card": card, "draft": draft_sign(draft), "message": message, "problems": problems,
        "empty": not draft.stem.strip()})
