"""Item statistics stored from real attempts: which attempts count, what is stored, the
background task and the command."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from quizzes.models import AssessmentStatistic, ItemFlag, QuestionStatistic
from quizzes.services.itemstats import assessment_compute_itemstats
from tests.factories import (
    AssessmentFactory,
    AttemptFactory,
    QuestionFactory,
    ResponseFactory,
    TopicFactory,
    UserFactory,
)

# The fixed-form matrix of tests/quizzes/test_itemstats.py (alpha 4/11 there):
# rows are learners, columns questions 1-3.
MATRIX = [(1, 1, 1), (1, 1, 0), (1, 0, 1), (0, 1, 0), (1, 0, 0), (0, 0, 0)]


def build(matrix=MATRIX, *, retake_for_first=False):
    topic = TopicFactory()
    assessment = AssessmentFactory(area=topic.area, topics=[topic], topics__per_topic=3)
    questions = QuestionFactory.create_batch(3, topic=topic)
    start = timezone.now() - timedelta(days=2)
    users = []
    for row in matrix:
        user = UserFactory()
        users.append(user)
        attempt = AttemptFactory(user=user, assessment=assessment, status="graded",
                                 started_at=start)
        for position, (q, credit) in enumerate(zip(questions, row, strict=True), start=1):
            right, wrong = list(q.current_version.choices.order_by("order"))[:2]
            ResponseFactory(attempt=attempt, question=q, version=q.current_version,
                            position=position, credit=float(credit),
                            answer={"choices": [(right if credit else wrong).pk]})
    if retake_for_first:
        # A later graded retake with everything wrong, and an open attempt: neither counts.
        for status in ("graded", "in_progress"):
            attempt = AttemptFactory(user=users[5], assessment=assessment, status=status,
                                     started_at=start + timedelta(days=1))
            for position, q in enumerate(questions, start=1):
                ResponseFactory(attempt=attempt, question=q, version=q.current_version,
                                position=position, credit=1.0, answer={"choices": []})
    return assessment, questions


@pytest.mark.django_db
def test_compute_stores_test_and_question_figures_from_first_attempts():
    assessment, questions = build(retake_for_first=True)
    stat = assessment_compute_itemstats(assessment=assessment, min_responses=5)
    assert stat.n_attempts == 6 and stat.length == 3
    assert stat.alpha == pytest.approx(4 / 11)
    rows = {r.question_id: r for r in QuestionStatistic.objects.filter(assessment=assessment)}
    assert rows[questions[0].pk].facility == pytest.approx(4 / 6)
    assert rows[questions[1].pk].discrimination == pytest.approx(0.0)
    assert rows[questions[1].pk].flag == ItemFlag.FLAGGED
    assert "discrimination index 0% below 20%" in rows[questions[1].pk].reasons
    assert rows[questions[0].pk].flag == ItemFlag.OK
    assert rows[questions[0].pk].random_guess == pytest.approx(0.25)


@pytest.mark.django_db
def test_compute_stores_distractor_counts_with_option_text():
    assessment, questions = build()
    assessment_compute_itemstats(assessment=assessment)
    row = QuestionStatistic.objects.get(assessment=assessment, question=questions[0])
    by_text = {o["text"]: o for o in row.options}
    assert set(by_text) == {"Right", "Wrong A", "Wrong B", "Wrong C"}
    assert by_text["Right"]["count"] == 4 and by_text["Wrong A"]["count"] == 2
    assert by_text["Wrong B"]["count"] == 0 and by_text["Right"]["version"] == 1
    # Below the minimum of 30 responses nothing is judged.
    assert row.flag == ItemFlag.FEW and row.reasons == "not enough attempts (6 < 30)"


@pytest.mark.django_db
def test_compute_again_replaces_the_stored_figures():
    assessment, _ = build()
    assessment_compute_itemstats(assessment=assessment)
    assessment_compute_itemstats(assessment=assessment)
    assert QuestionStatistic.objects.filter(assessment=assessment).count() == 3
    assert AssessmentStatistic.objects.filter(assessment=assessment).count() == 1


@pytest.mark.django_db
def test_compute_without_attempts_stores_an_empty_result():
    assessment = AssessmentFactory()
    stat = assessment_compute_itemstats(assessment=assessment)
    assert stat.n_attempts == 0 and stat.alpha is None
    assert not QuestionStatistic.objects.filter(assessment=assessment).exists()


@pytest.mark.django_db
def test_command_computes_named_assessment_and_rejects_unknown_slug():
    assessment, _ = build()
    out = StringIO()
    call_command("compute_itemstats", assessment.slug, stdout=out)
    assert "Item statistics of 1 assessment(s) from 6 attempt(s): 3 question(s)" in out.getvalue()
    assert AssessmentStatistic.objects.get(assessment=assessment).n_attempts == 6
    with pytest.raises(CommandError, match="No assessment with slug"):
        call_command("compute_itemstats", "nope")


@pytest.mark.django_db(transaction=True)
def test_background_itemstats_is_queued_then_run_by_the_worker():
    assessment, _ = build()
    out = StringIO()
    call_command("compute_itemstats", background=True, stdout=out)
    assert "queued" in out.getvalue()
    assert not AssessmentStatistic.objects.exists()  # nothing until a worker runs it
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0, verbosity=0)
    done = DBTaskResult.objects.get()
    assert done.status == "SUCCESSFUL", done.traceback
    assert done.return_value["assessments"] == 1 and done.return_value["questions"] == 3
    assert AssessmentStatistic.objects.get(assessment=assessment).n_attempts == 6
