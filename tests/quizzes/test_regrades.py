"""Regrading after a key fix: the dry run writes nothing; applying moves the responses to
the corrected version, logs the change, rescores attempts and abilities, and the learner's
result page says so."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from quizzes.formats.data import ChoiceData
from quizzes.models import AbilityEstimate, Attempt, RegradeLog, Response
from quizzes.services.regrades import regrade_apply, regrade_plan
from quizzes.services.versions import version_create, version_data

pytestmark = pytest.mark.django_db


def _wrong_then_right(response):
    """Position 1 answered with its first wrong option, the others right."""
    v = response.version
    choices = sorted(v.choices.all(), key=lambda c: c.order)
    if response.position == 1:
        return {"choices": [next(c.pk for c in choices if c.fraction <= 0)]}
    return {"choices": [next(c.pk for c in choices if c.fraction == 1)]}


@pytest.fixture
def fixed(graded):
    """A graded 4-question attempt whose question 1 was answered with an option the
    corrected key (a new version) now marks right."""
    attempt = graded(n=4, answer=_wrong_then_right)
    r1 = Response.objects.select_related("version", "question__topic").get(attempt=attempt,
                                                                           position=1)
    old = version_data(r1.version)
    picked = Response.objects.get(pk=r1.pk).answer["choices"][0]
    picked_order = r1.version.choices.get(pk=picked).order
    corrected = tuple(ChoiceData(c.text, 1.0 if i == picked_order else 0.0, c.feedback)
                      for i, c in enumerate(old.choices, start=1))
    new = version_create(question=r1.question,
                         data=old.__class__(**{**old.__dict__, "choices": corrected}))
    return attempt, r1, new


def test_regrade_plan_lists_the_change_and_writes_nothing(fixed):
    attempt, r1, new = fixed
    before_abilities = list(AbilityEstimate.objects.values_list("theta", flat=True))
    plan = regrade_plan(question=r1.question)
    assert [(c.attempt_id, c.old_score, c.new_score) for c in plan.score_changes] == [
        (attempt.pk, 0.75, 1.0)]
    r1.refresh_from_db()
    attempt.refresh_from_db()
    assert r1.version_id != new.pk and r1.credit == 0
    assert attempt.score == 0.75
    assert RegradeLog.objects.count() == 0
    assert list(AbilityEstimate.objects.values_list("theta", flat=True)) == before_abilities


def test_regrade_apply_moves_response_logs_and_rescores(fixed):
    attempt, r1, new = fixed
    old_version = r1.version
    area_before = AbilityEstimate.objects.get(user=attempt.user, topic__isnull=True).theta
    regrade_apply(question=r1.question)
    r1.refresh_from_db()
    attempt.refresh_from_db()
    assert r1.version_id == new.pk and r1.credit == 1.0
    assert r1.answer["choices"][0] in {c.pk for c in new.choices.all()}
    assert attempt.score == 1.0
    log = RegradeLog.objects.get()
    assert (log.from_version_id, log.to_version_id, log.old_credit, log.new_credit,
            log.old_score, log.new_score) == (old_version.pk, new.pk, 0.0, 1.0, 0.75, 1.0)
    # The version itself is untouched (invariant 1): the old key still marks it wrong.
    assert old_version.choices.get(pk=log.old_answer["choices"][0]).fraction == 0.0
    assert AbilityEstimate.objects.get(user=attempt.user, topic__isnull=True).theta > area_before


def test_regrade_apply_twice_changes_nothing_the_second_time(fixed):
    _, r1, _ = fixed
    regrade_apply(question=r1.question)
    plan = regrade_apply(question=r1.question)
    assert plan.changes == [] and RegradeLog.objects.count() == 1


def test_regrade_skips_a_version_of_another_shape(graded):
    attempt = graded(n=2)
    r1 = Response.objects.select_related("version", "question__topic").get(attempt=attempt,
                                                                           position=1)
    old = version_data(r1.version)
    version_create(question=r1.question,
                   data=old.__class__(**{**old.__dict__, "choices": old.choices[:3]}))
    plan = regrade_apply(question=r1.question)
    assert plan.changes == [] and [s.attempt_id for s in plan.skipped] == [attempt.pk]
    assert RegradeLog.objects.count() == 0


def test_result_page_says_when_and_how_the_score_changed(fixed, client):
    attempt, r1, _ = fixed
    regrade_apply(question=r1.question)
    html = client.get(reverse("quizzes:attempt_result", args=[attempt.pk])).content.decode()
    assert re.search(r"Regraded on \d+ \w{3} \d{4} after a correction to question 1: "
                     r"your score went from 75% to 100%\.", html)


def test_regrade_command_dry_run_lists_and_writes_nothing(fixed, capsys):
    attempt, r1, _ = fixed
    call_command("regrade", question=r1.question.slug, dry_run=True)
    out = capsys.readouterr().out
    assert f"attempt {attempt.pk}" in out and "75% → 100%" in out and "Dry run" in out
    assert RegradeLog.objects.count() == 0
    call_command("regrade", question=r1.question.slug)
    assert RegradeLog.objects.count() == 1
    assert Attempt.objects.get(pk=attempt.pk).score == 1.0


def test_admin_regrade_page_shows_dry_run_then_applies(fixed, client, staff_user):
    attempt, r1, _ = fixed
    client.force_login(staff_user)
    url = reverse("admin:quizzes_regradelog_regrade", args=[r1.question_id])
    page = client.get(url).content.decode()
    assert attempt.user.email in page and "75% → 100%" in page
    assert RegradeLog.objects.count() == 0
    response = client.post(url)
    assert response.status_code == 302
    assert RegradeLog.objects.filter(attempt=attempt).count() == 1
    assert client.get(reverse("admin:quizzes_regradelog_changelist")).status_code == 200


def test_admin_regrade_action_sends_one_question_to_its_page(fixed, client, staff_user):
    _, r1, _ = fixed
    client.force_login(staff_user)
    response = client.post(reverse("admin:quizzes_question_changelist"),
                           {"action": "regrade_affected", "_selected_action": [r1.question_id]})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:quizzes_regradelog_regrade",
                                           args=[r1.question_id])
