"""The admin's item statistics page, its Refresh button, the question list's facility and
flag columns with the "Flagged" filter, and the streamed results CSV."""

import csv
import io
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from quizzes.exports import results_rows, safe_cell
from quizzes.models import QuestionStatistic
from quizzes.services.itemstats import assessment_compute_itemstats
from tests.factories import AttemptFactory, QuestionFactory, ResponseFactory, UserFactory
from tests.quizzes.test_itemstats_services import build

pytestmark = pytest.mark.django_db


def stats_url(assessment):
    return reverse("admin:quizzes_assessment_statistics", args=[assessment.pk])


def csv_url(assessment):
    return reverse("admin:quizzes_assessment_results_csv", args=[assessment.pk])


def test_statistics_page_before_any_computation_says_so(admin_client):
    assessment, _ = build()
    page = admin_client.get(stats_url(assessment)).content.decode()
    assert "Not computed yet." in page and 'id="refresh-statistics"' in page


def test_statistics_page_shows_test_question_and_option_figures(admin_client):
    assessment, questions = build()
    assessment_compute_itemstats(assessment=assessment, min_responses=5)
    page = admin_client.get(stats_url(assessment)).content.decode()
    assert "36.4%" in page  # alpha 4/11 (tests/quizzes/test_itemstats.py)
    assert "66.7%" in page  # facility of the first question, 4/6
    assert f'id="stat-{questions[1].slug}"' in page
    assert "discrimination index 0% below 20%" in page  # the second question's flag
    assert f'id="options-{questions[0].slug}"' in page and "Wrong A" in page


def test_refresh_queues_the_task_and_comes_back(admin_client):
    assessment, _ = build()
    url = reverse("admin:quizzes_assessment_statistics_refresh", args=[assessment.pk])
    assert admin_client.get(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    response = admin_client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == stats_url(assessment)
    assert "Item statistics queued" in response.content.decode()
    queued = DBTaskResult.objects.get()
    assert queued.task_path.endswith("compute_itemstats_task")
    assert queued.args_kwargs["kwargs"] == {"assessment_slugs": [assessment.slug]}


def test_statistics_and_csv_are_staff_only(client):
    assessment, _ = build()
    # A learner is sent to the admin login, for the page, the refresh and the CSV.
    client.force_login(UserFactory())
    for url in (stats_url(assessment), csv_url(assessment)):
        response = client.get(url)
        assert response.status_code == HTTPStatus.FOUND
        assert reverse("admin:login") in response["Location"]
    refresh = reverse("admin:quizzes_assessment_statistics_refresh", args=[assessment.pk])
    assert client.post(refresh).status_code == HTTPStatus.FOUND
    assert not DBTaskResult.objects.exists()


def test_question_list_shows_facility_and_flag_and_filters_flagged(admin_client):
    assessment, questions = build()
    assessment_compute_itemstats(assessment=assessment, min_responses=5)
    url = reverse("admin:quizzes_question_changelist")
    page = admin_client.get(url).content.decode()
    assert "67% (n=6)" in page and "discrimination index 0% below 20%" in page
    flagged = admin_client.get(url, {"flagged": "yes"}).context["cl"].result_list
    assert [q.pk for q in flagged] == [questions[1].pk]
    ok = admin_client.get(url, {"flagged": "no"}).context["cl"].result_list
    assert {q.pk for q in ok} == {questions[0].pk, questions[2].pk}
    QuestionFactory()  # no statistics yet
    none = admin_client.get(url, {"flagged": "none"}).context["cl"].result_list
    assert len(none) == 1


def test_question_list_flag_says_not_enough_attempts(admin_client):
    assessment, _questions = build()
    assessment_compute_itemstats(assessment=assessment)  # minimum 30 > 6 attempts
    url = reverse("admin:quizzes_question_changelist")
    assert "not enough attempts (6 &lt; 30)" in admin_client.get(url).content.decode()
    few = admin_client.get(url, {"flagged": "few"}).context["cl"].result_list
    assert len(few) == 3


def test_question_list_costs_the_same_with_statistics(admin_client):
    """The facility and flag columns come from subqueries, not a query per row."""
    url = reverse("admin:quizzes_question_changelist")
    assessment, _ = build()
    with CaptureQueriesContext(connection) as without:
        admin_client.get(url)
    assessment_compute_itemstats(assessment=assessment)
    with CaptureQueriesContext(connection) as with_stats:
        page = admin_client.get(url).content.decode()
    assert QuestionStatistic.objects.count() == 3 and page.count("(n=6)") == 3
    assert len(without) == len(with_stats)


def _csv(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_results_csv_streams_one_row_per_attempt_with_credit_per_question(admin_client):
    assessment, questions = build([(1, 0, 1), (0, 1, 1)])
    # A second attempt that did not contain the last question, still open.
    learner = UserFactory(email="late@example.com")
    open_attempt = AttemptFactory(user=learner, assessment=assessment)
    ResponseFactory(attempt=open_attempt, question=questions[0],
                    version=questions[0].current_version, position=1)
    response = admin_client.get(csv_url(assessment))
    assert response.status_code == HTTPStatus.OK and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'{assessment.slug}-results.csv' in response["Content-Disposition"]
    header, first, second, third = _csv(response)
    slugs = sorted(q.slug for q in questions)
    assert header == ["attempt", "learner", "status", "started", "submitted", "expired",
                      "score", *slugs]
    column = {slug: header.index(slug) for slug in slugs}
    assert first[2] == "graded" and first[column[questions[0].slug]] == "1"
    assert first[column[questions[1].slug]] == "0"
    assert second[column[questions[1].slug]] == "1"
    # The open attempt: no score yet, its one question blank (not graded), the others
    # blank because it did not contain them.
    assert third[1] == "late@example.com" and third[2] == "in_progress" and third[6] == ""
    assert [third[column[s]] for s in slugs] == ["", "", ""]


def test_results_csv_defuses_formula_cells(admin_client):
    assessment, _questions = build([(1, 1, 1)])
    AttemptFactory(user=UserFactory(email="=HYPERLINK(x)@evil.example"),
                   assessment=assessment)
    rows = _csv(admin_client.get(csv_url(assessment)))
    assert rows[-1][1] == "'=HYPERLINK(x)@evil.example"


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+2", "'=1+2"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("a=b", "a=b"), ("", ""), (0.5, 0.5), (7, 7),
])
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_results_rows_read_lazily():
    """The header costs one query; attempts and responses are read only as rows are
    asked for (``.iterator()``), never the whole cohort up front."""
    assessment, _ = build()
    rows = results_rows(assessment)
    with CaptureQueriesContext(connection) as ctx:
        next(rows)
    assert len(ctx) == 1
    with CaptureQueriesContext(connection) as ctx:
        rest = list(rows)
    assert len(rest) == 6 and len(ctx) == 2
