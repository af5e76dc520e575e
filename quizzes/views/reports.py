"""Problem reports from the learner's side: a small form under a graded question (result
page, practice feedback, spaced review). With htmx the form is swapped for a confirmation
in place; without JavaScript it posts, and the learner is sent back to where they were
(or, when the form has an error, gets it on a page of its own, nothing lost)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache as memoize

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import get_template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_http_methods

from ..forms import ProblemReportForm
from ..models import AttemptStatus, ProblemReport, ReportStatus, Response, ReviewCard
from ..services import reports
from ..services.errors import ServiceError
from .common import HtmxHttpRequest

TEMPLATE = "quizzes/report_problem.html"
#: Stands for a box's id in the blank form's fields, rendered once a process.
_ID = "report-box-id"


@memoize
def _blank_fields() -> tuple[str, str]:
    """A blank report form's reason and text fields, rendered once: the result page shows
    one box per question, and rendering its widgets was 40% of that page's time."""
    form = ProblemReportForm(auto_id=f"{_ID}-%s")
    return str(form["reason"]), str(form["text"])


@dataclass
class ReportBox:
    """What the report form under one question shows."""

    action: str
    dom_id: str
    form: ProblemReportForm
    report: ProblemReport | None = None  # the learner's latest report on the question
    sent: str = ""  # the confirmation, once sent
    refused: str = ""

    def _field(self, index: int, name: str) -> SafeString:
        """A field as the form renders it; a blank form's from the one rendered blank."""
        if self.form.is_bound or self.form.initial or self.form.auto_id != f"{self.dom_id}-%s":
            return str(self.form[name])  # safe: a BoundField renders to SafeString
        # Only the id differs between blank forms; a dom_id is letters, digits and dashes.
        return mark_safe(_blank_fields()[index].replace(_ID, escape(self.dom_id)))  # noqa: S308

    @property
    def reason_field(self) -> SafeString:
        return self._field(0, "reason")

    @property
    def text_field(self) -> SafeString:
        return self._field(1, "text")

    @property
    def status_text(self) -> str:
        return reports.status_text(self.report) if self.report else ""

    @property
    def can_report(self) -> bool:
        return not self.sent and not (self.report and self.report.status == ReportStatus.OPEN)


def box_for_response(response, report: ProblemReport | None = None,
                     form: ProblemReportForm | None = None) -> ReportBox:
    """``response``: a Response, or a row of plain values with its ``pk``."""
    dom_id = f"report-r{response.pk}"
    return ReportBox(action=reverse("quizzes:report_response", args=[response.pk]),
                     dom_id=dom_id, report=report,
                     form=form or ProblemReportForm(auto_id=f"{dom_id}-%s"))


#: A response id no response has: the blank box rendered once a page (``response_boxes``).
_ANY_RESPONSE = 918_273_645


def response_boxes(request, rows, reported: dict[int, ProblemReport],
                   context: dict) -> dict[int, SafeString]:
    """The report box under each of ``rows`` (responses, or rows of plain values with
    ``pk``, ``position`` and ``question_id``), by position: the learner's latest report on
    the question (``reported``, by question id) or a blank form. The blank form differs
    between questions only by the response's id (in its box's ids and its action), so it
    is rendered once and each box gets it with its own id put in (rendering 25 boxes was
    a third of the result page); a box with a report is rendered on its own.
    ``context``: what the partial reads besides the box (the CSRF token)."""
    template = get_template(TEMPLATE + "#report-box")
    boxes: dict[int, SafeString] = {}
    blank = None
    for r in rows:
        report = reported.get(r.question_id)
        if report is not None:
            boxes[r.position] = template.render(
                {**context, "box": box_for_response(r, report)}, request)
            continue
        if blank is None:
            stand_in = box_for_response(_Row(pk=_ANY_RESPONSE))
            blank = (template.render({**context, "box": stand_in}, request),
                     stand_in.dom_id, stand_in.action)
        html, dom_id, action = blank
        own_id, own_action = f"report-r{r.pk}", action.replace(str(_ANY_RESPONSE), str(r.pk))
        # A dom id is letters, digits and dashes; an action a path of them.
        boxes[r.position] = mark_safe(  # noqa: S308
            html.replace(dom_id, own_id).replace(action, own_action))
    return boxes


@dataclass(frozen=True)
class _Row:
    pk: int


def box_for_review(card: ReviewCard, form: ProblemReportForm | None = None) -> ReportBox:
    dom_id = f"report-c{card.pk}"
    return ReportBox(action=reverse("quizzes:report_review", args=[card.pk]), dom_id=dom_id,
                     form=form or ProblemReportForm(auto_id=f"{dom_id}-%s"))


def _respond(request: HtmxHttpRequest, box: ReportBox, back: str, create) -> HttpResponse:
    template = TEMPLATE + ("#report-box" if request.htmx else "")
    if request.method == "POST":
        form = ProblemReportForm(request.POST, auto_id=f"{box.dom_id}-%s")
        box.form = form
        if form.is_valid():
            try:
                box.report = create(form.cleaned_data)
                box.sent = reports.REPORT_SENT
            except ServiceError as exc:
                box.refused = str(exc)
            if not request.htmx:
                if box.sent:
                    messages.success(request, box.sent)
                else:
                    messages.error(request, box.refused)
                return redirect(back)
    return render(request, template, {"box": box, "back": back})


@login_required
@require_http_methods(["GET", "POST"])
def report_response(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    response = get_object_or_404(
        Response.objects.select_related("attempt__assessment", "question"),
        pk=pk, attempt__user=request.user)  # invariant 5: another learner's is a 404
    attempt = response.attempt
    if attempt.status == AttemptStatus.GRADED:
        back = reverse("quizzes:attempt_result", args=[attempt.pk]) + f"#q{response.position}"
    else:
        back = reverse("quizzes:attempt_take", args=[attempt.pk])
    try:
        reports.report_validate_response(response=response)
    except ServiceError as exc:  # not graded yet: no form, nothing said about the question
        if request.htmx:
            box = box_for_response(response)
            box.refused = str(exc)
            return render(request, TEMPLATE + "#report-box", {"box": box})
        messages.error(request, str(exc))
        return redirect(back)
    return _respond(request, box_for_response(response), back,
                    lambda data: reports.report_create(user=request.user, response=response,
                                                       **data))


@login_required
@require_http_methods(["GET", "POST"])
def report_review(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    card = get_object_or_404(ReviewCard.objects.select_related("question"), pk=pk,
                             user=request.user)
    return _respond(request, box_for_review(card), reverse("quizzes:review_session"),
                    lambda data: reports.report_create(user=request.user, review=card, **data))
