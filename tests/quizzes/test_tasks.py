"""Calibration as a background task: a real enqueue into the database backend
(django-tasks-db), a real worker run (``db_worker --batch``), parameters stored and the
result kept for the admin."""

from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from quizzes.models import Question
from tests.factories import (
    AttemptFactory,
    QuestionFactory,
    ResponseFactory,
    TopicFactory,
    UserFactory,
)


def _answers(n_learners=60, seed=5):
    rng = np.random.default_rng(seed)
    topic = TopicFactory()
    questions = QuestionFactory.create_batch(3, topic=topic)
    for _ in range(n_learners):
        theta = rng.normal()
        attempt = AttemptFactory(user=UserFactory(), status="graded",
                                 assessment__area=topic.area)
        for position, (q, b) in enumerate(zip(questions, (-1.0, 0.0, 1.0), strict=True)):
            correct = rng.random() < 1 / (1 + np.exp(-(theta - b)))
            ResponseFactory(attempt=attempt, question=q, version=q.current_version,
                            position=position, credit=float(correct))
    return questions


@pytest.mark.django_db(transaction=True)
def test_background_calibration_is_queued_then_run_by_the_worker():
    questions = _answers()
    out = StringIO()
    call_command("calibrate_items", background=True, stdout=out)
    assert "queued" in out.getvalue()
    queued = DBTaskResult.objects.get()
    assert queued.status == "READY" and queued.task_path.endswith("calibrate_items_task")
    # Nothing is fitted until a worker runs the task.
    assert not Question.objects.filter(calibrated_at__isnull=False).exists()

    call_command("db_worker", batch=True, no_startup_delay=True, interval=0, verbosity=0)

    done = DBTaskResult.objects.get()
    assert done.status == "SUCCESSFUL", done.traceback
    assert done.return_value["calibrated"] == 3
    assert "Calibrated 3 questions in 1 area" in done.return_value["message"]
    fitted = Question.objects.in_bulk([q.pk for q in questions])
    easy, hard = fitted[questions[0].pk], fitted[questions[2].pk]
    assert easy.calibrated_at and easy.irt_n == 60 and easy.irt_b < hard.irt_b


@pytest.mark.django_db(transaction=True)
def test_admin_action_enqueues_calibration_and_reports_the_last_result(admin_client):
    from django.urls import reverse

    questions = _answers()
    url = reverse("admin:quizzes_question_changelist")
    response = admin_client.post(url, {"action": "calibrate_in_background",
                                       "_selected_action": [questions[0].pk]}, follow=True)
    assert "Calibration queued" in response.content.decode()
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0, verbosity=0)
    page = admin_client.get(url).content.decode()
    assert "Last calibration" in page and "Calibrated 3 questions in 1 area" in page


@pytest.mark.django_db
def test_calibration_uses_each_learners_first_answer_not_the_retake():
    from datetime import timedelta

    from quizzes.services.calibration import run_calibration

    questions = _answers()
    # Every learner retakes later and, having seen the explanations, gets all right. With
    # the retakes counted there would be no wrong answer left to calibrate from.
    for first in list(AttemptFactory._meta.model.objects.all()):
        retake = AttemptFactory(user=first.user, status="graded",
                                assessment=first.assessment,
                                started_at=first.started_at + timedelta(days=1))
        for position, q in enumerate(questions):
            ResponseFactory(attempt=retake, question=q, version=q.current_version,
                            position=position, credit=1.0)
    summary = run_calibration(min_responses=50)
    assert summary.calibrated == 3 and summary.responses == 180
    assert Question.objects.get(pk=questions[0].pk).irt_n == 60
