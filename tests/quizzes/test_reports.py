"""Problem reports: from where the learner sees the graded question only, one open report
per learner per version, with and without JavaScript; the staff queue; the learner sees
the outcome."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from quizzes.forms import REPORT_SAY_WHAT, ProblemReportForm
from quizzes.models import ProblemReport, Response
from quizzes.services.attempts import attempt_start
from quizzes.services.reports import REPORT_EXISTS, REPORT_NOT_YET, REPORT_SENT
from tests.factories import ReviewCardFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def first(graded):
    attempt = graded(n=2)
    return Response.objects.select_related("attempt").get(attempt=attempt, position=1)


def _url(response):
    return reverse("quizzes:report_response", args=[response.pk])


def test_result_page_has_a_report_form_per_question(first, client):
    html = client.get(reverse("quizzes:attempt_result", args=[first.attempt_id])).content.decode()
    assert f'id="report-r{first.pk}"' in html
    assert html.count("Report a problem with this question") == 2


def test_result_page_report_fields_are_the_forms_own_with_each_boxs_ids(first, client):
    """The blank fields are rendered once a process and given each box's ids: the page
    shows exactly what the form renders for that box."""
    html = client.get(reverse("quizzes:attempt_result", args=[first.attempt_id])).content.decode()
    for response in Response.objects.filter(attempt=first.attempt_id):
        form = ProblemReportForm(auto_id=f"report-r{response.pk}-%s")
        assert str(form["reason"]) in html and str(form["text"]) in html
        assert f'<label for="{form["reason"].id_for_label}">' in html


def test_report_without_javascript_redirects_back_with_a_message(first, client, user):
    response = client.post(_url(first), {"reason": "key_wrong", "text": "B is also right"},
                           follow=True)
    assertRedirects(response, reverse("quizzes:attempt_result", args=[first.attempt_id])
                    + "#q1")
    assert REPORT_SENT in response.content.decode()
    report = ProblemReport.objects.get()
    assert (report.user, report.version_id, report.response_id, report.status, report.text) == (
        user, first.version_id, first.pk, "open", "B is also right")


def test_report_with_htmx_swaps_in_the_confirmation(first, client):
    response = client.post(_url(first), {"reason": "typo"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="report-r{first.pk}"' in html and "<html" not in html
    assert REPORT_SENT in html


def test_second_open_report_on_a_version_is_refused(first, client):
    client.post(_url(first), {"reason": "typo"})
    html = client.post(_url(first), {"reason": "unclear"},
                       headers={"HX-Request": "true"}).content.decode()
    assert REPORT_EXISTS.split("{")[0] in html
    assert ProblemReport.objects.count() == 1


def test_result_page_shows_an_open_report_instead_of_the_form(first, client):
    client.post(_url(first), {"reason": "typo"})
    html = client.get(reverse("quizzes:attempt_result", args=[first.attempt_id])).content.decode()
    assert "staff have not answered yet" in html
    assert html.count("Report a problem with this question") == 1  # question 2 only


def test_other_without_text_and_text_too_long_are_form_errors(first, client):
    html = client.post(_url(first), {"reason": "other"},
                       headers={"HX-Request": "true"}).content.decode()
    assert REPORT_SAY_WHAT.replace("“", "&ldquo;")[:20] in html or "Say in a few words" in html
    page = client.post(_url(first), {"reason": "typo", "text": "x" * 1001})
    assert page.status_code == 200 and "at most 1000 characters" in page.content.decode()
    assert ProblemReport.objects.count() == 0


def test_another_learners_response_is_404(first, client):
    client.force_login(UserFactory())
    assert client.post(_url(first), {"reason": "typo"}).status_code == 404
    assert ProblemReport.objects.count() == 0


def test_a_question_not_yet_graded_cannot_be_reported(build_assessment, user, client):
    """Deferred feedback, attempt open: the key is not due, so no report (and no form)."""
    client.force_login(user)
    attempt = attempt_start(user=user, assessment=build_assessment(2, kinds=["single"]))
    r = attempt.responses.get(position=1)
    page = client.get(reverse("quizzes:attempt_take", args=[attempt.pk])).content.decode()
    assert "Report a problem" not in page
    html = client.post(_url(r), {"reason": "key_wrong"},
                       headers={"HX-Request": "true"}).content.decode()
    assert REPORT_NOT_YET in html and "Correct answer" not in html
    assert ProblemReport.objects.count() == 0


def test_one_open_report_per_user_version_constraint(first, user):
    ProblemReport.objects.create(user=user, question_id=first.question_id,
                                 version_id=first.version_id, reason="typo")
    duplicate = ProblemReport(user=user, question_id=first.question_id,
                              version_id=first.version_id, reason="other", text="x")
    with pytest.raises(ValidationError):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_closed_report_needs_resolved_at_constraint(first, user):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProblemReport.objects.create(user=user, question_id=first.question_id,
                                     version_id=first.version_id, reason="typo", status="fixed")


def test_staff_marks_fixed_and_the_learner_reads_it(first, client, staff_user, user):
    client.post(_url(first), {"reason": "key_wrong"})
    report = ProblemReport.objects.get()
    client.force_login(staff_user)
    changelist = client.get(reverse("admin:quizzes_problemreport_changelist"),
                            {"status__exact": "open"})
    assert first.question.slug in changelist.content.decode()
    questions = client.get(reverse("admin:quizzes_question_changelist")).content.decode()
    assert 'class="open-reports">⚑ 1<' in questions
    client.post(reverse("admin:quizzes_problemreport_changelist"),
                {"action": "mark_fixed", "_selected_action": [report.pk]})
    report.refresh_from_db()
    assert report.status == "fixed" and report.resolved_by == staff_user
    assert report.resolved_at is not None
    client.force_login(user)
    html = client.get(reverse("quizzes:attempt_result", args=[first.attempt_id])).content.decode()
    assert "was resolved: the question was corrected." in html
    dashboard = client.get(reverse("quizzes:dashboard")).content.decode()
    assert "was resolved: the question was corrected." in dashboard


def test_staff_change_form_records_who_resolved(first, client, staff_user):
    client.post(_url(first), {"reason": "unclear"})
    report = ProblemReport.objects.get()
    client.force_login(staff_user)
    url = reverse("admin:quizzes_problemreport_change", args=[report.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"status": "rejected", "staff_note": "Clear as written."})
    report.refresh_from_db()
    assert (report.status, report.resolved_by, report.staff_note) == (
        "rejected", staff_user, "Clear as written.")


def test_review_card_can_be_reported_once_revealed(user, client):
    client.force_login(user)
    card = ReviewCardFactory(user=user)
    html = client.get(reverse("quizzes:review_session")).content.decode()
    assert "Report a problem" not in html  # not before the answer is checked
    response = client.post(reverse("quizzes:report_review", args=[card.pk]),
                           {"reason": "typo"}, headers={"HX-Request": "true"})
    assert REPORT_SENT in response.content.decode()
    report = ProblemReport.objects.get()
    assert report.version_id == card.question.current_version_id and report.response is None


def test_practice_feedback_can_be_reported_once_checked(build_assessment, user, client):
    """Immediate feedback: the checked question shows the form and takes the report; the
    next one, not yet answered, does neither."""
    from quizzes.services.attempts import response_save
    from tests.quizzes.test_services import right_answer

    client.force_login(user)
    attempt = attempt_start(user=user, assessment=build_assessment(2, kinds=["single"],
                                                                   feedback="immediate"))
    first, second = attempt.responses.order_by("position")
    response_save(attempt=attempt, response=first, answer=right_answer(first))
    take = reverse("quizzes:attempt_take", args=[attempt.pk])
    assert f'id="report-r{first.pk}"' in client.get(take, {"q": 1}).content.decode()
    assert "Report a problem" not in client.get(take, {"q": 2}).content.decode()
    assert client.post(_url(first), {"reason": "unclear"}).status_code == 302
    client.post(_url(second), {"reason": "unclear"})
    assert list(ProblemReport.objects.values_list("response_id", flat=True)) == [first.pk]
