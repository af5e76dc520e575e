"""Problem reports: a learner reports a question they have seen graded; staff resolve it.

A report is accepted only from where the learner already sees the graded question (a
graded attempt, a response locked with its feedback shown, a review card), so the form
never appears, and the endpoint never answers, before the key is due (invariant 2). One
open report per learner per question version (a database constraint)."""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import AttemptStatus, ProblemReport, ReportStatus, Response, ReviewCard
from .attempts import immediate_feedback
from .errors import ServiceError

REPORT_NOT_YET = ("You can report a problem with a question once you have seen it graded: "
                  "after you submit the attempt, or after its feedback is shown.")
REPORT_EXISTS = ("You already reported this question on {date}; staff have not answered yet. "
                 "You will see their answer here.")
REPORT_NO_VERSION = "That question is no longer in the bank."
REPORT_SENT = ("Thank you: your report was sent. Staff will look at it, and you will see "
               "what they decided here and on your dashboard.")

#: What the learner is told about a report, true to its status.
STATUS_TEXT = {
    ReportStatus.OPEN: "you reported this question on {date} (“{reason}”); staff have not "
                       "answered yet.",
    ReportStatus.ACCEPTED: "your report of {date} was accepted: staff agree, and a "
                           "correction is on its way.",
    ReportStatus.REJECTED: "your report of {date} was reviewed, and the question was kept as "
                           "it is.",
    ReportStatus.FIXED: "your report of {date} was resolved: the question was corrected.",
}


class ReportRefused(ServiceError):
    pass


def status_text(report: ProblemReport) -> str:
    return STATUS_TEXT[report.status].format(
        date=f"{report.created_at:%-d %b %Y}", reason=report.get_reason_display())


def outcome_line(report: ProblemReport) -> str:
    """The dashboard's sentence on a closed report, saying which question it was."""
    if report.response_id is not None:
        where = (f"Question {report.response.position} of "
                 f"{report.response.attempt.assessment.title}")
    else:
        where = f"A review question in {report.question.topic.title}"
    return f"{where}: {status_text(report)}"


def report_validate_response(*, response: Response) -> None:
    """A response may be reported once its graded form is on the learner's screen."""
    attempt = response.attempt
    if attempt.status == AttemptStatus.GRADED:
        return
    if response.locked and immediate_feedback(attempt):
        return
    raise ReportRefused(REPORT_NOT_YET)


def _refuse_if_open(*, user, version_id: int) -> None:
    existing = ProblemReport.objects.open().filter(user=user, version_id=version_id).first()
    if existing is not None:
        raise ReportRefused(REPORT_EXISTS.format(date=f"{existing.created_at:%-d %b %Y}"))


def report_create(*, user, reason: str, text: str, response: Response | None = None,
                  review: ReviewCard | None = None) -> ProblemReport:
    """Store a report on the version the learner saw: a response's version, or the version
    a review card shows (the question's current one)."""
    if response is not None:
        report_validate_response(response=response)
        question_id, version_id = response.question_id, response.version_id
    else:
        version_id = review.question.current_version_id
        if version_id is None:
            raise ReportRefused(REPORT_NO_VERSION)
        question_id = review.question_id
    _refuse_if_open(user=user, version_id=version_id)
    try:
        with transaction.atomic():
            return ProblemReport.objects.create(
                user=user, question_id=question_id, version_id=version_id, response=response,
                reason=reason, text=text.strip())
    except IntegrityError:  # a second tab won the race: the first report stands
        _refuse_if_open(user=user, version_id=version_id)
        raise


def report_resolve(*, report: ProblemReport, status: str, by, note: str | None = None,
                   now=None) -> ProblemReport:
    """Set a report's status (``report`` as stored, with its old status). A change of
    status records who made it and when; reopening clears both; only a note changes
    neither."""
    if status != report.status:
        if status == ReportStatus.OPEN:
            report.resolved_by, report.resolved_at = None, None
        else:
            report.resolved_by, report.resolved_at = by, now or timezone.now()
    report.status = status
    if note is not None:
        report.staff_note = note
    report.save()
    return report


def reports_by_question(*, user, question_ids) -> dict[int, ProblemReport]:
    """The learner's latest report on each of these questions (one query)."""
    latest: dict[int, ProblemReport] = {}
    for report in (ProblemReport.objects.filter(user=user, question_id__in=list(question_ids))
                   .order_by("created_at", "pk")):
        latest[report.question_id] = report
    return latest


def recently_resolved(*, user, days: int = 30, limit: int = 5) -> list[ProblemReport]:
    """The learner's reports staff closed in the last ``days`` days, newest first, with
    where each was reported from (one query)."""
    since = timezone.now() - timedelta(days=days)
    return list(ProblemReport.objects.filter(user=user, resolved_at__gte=since)
                .exclude(status=ReportStatus.OPEN)
                .select_related("response__attempt__assessment", "question__topic")
                .order_by("-resolved_at")[:limit])
