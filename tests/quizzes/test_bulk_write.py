"""quizzes.bulk_write.bulk_set: one UPDATE writing each row's own values, as
``bulk_update`` does, without building an ORM expression per row and field."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quizzes.bulk_write import bulk_set
from quizzes.models import AbilityEstimate, Response
from quizzes.services.attempts import attempt_start

pytestmark = pytest.mark.django_db

FIELDS = ["theta", "se", "correct", "answered", "attempt", "measured_at", "previous_theta",
          "previous_se", "previous_correct", "previous_answered"]


def row(estimate) -> dict:
    return {f.attname: getattr(estimate, f.attname)
            for f in AbilityEstimate._meta.concrete_fields}


@pytest.fixture
def attempt(build_assessment, user):
    return attempt_start(user=user, assessment=build_assessment(4))


@pytest.fixture
def estimates(attempt, user):
    area = attempt.assessment.area
    topics = list(area.topics.all())[:2] if hasattr(area, "topics") else []
    made = [AbilityEstimate.objects.create(user=user, area=area, theta=0.1, se=0.9,
                                           measured_at=datetime(2026, 1, 1, tzinfo=UTC))]
    made += [AbilityEstimate.objects.create(user=user, area=area, topic=t, theta=0.2, se=0.8,
                                            measured_at=datetime(2026, 1, 1, tzinfo=UTC))
             for t in topics]
    return made


def test_each_row_gets_its_own_values_in_one_query(estimates, attempt):
    for i, e in enumerate(estimates):
        e.theta, e.se, e.correct, e.answered = -1.25 + i, 0.5 + i / 10, 2.5, 3 + i
        e.attempt = attempt
        e.measured_at = datetime(2026, 11, 29, 15, i, tzinfo=UTC)
        e.previous_theta, e.previous_se = 0.1, 0.9
        e.previous_correct, e.previous_answered = None, None  # NULLs too
    with CaptureQueriesContext(connection) as ctx:
        assert bulk_set(estimates, FIELDS) == len(estimates)
    assert len(ctx.captured_queries) == 1
    for e in estimates:
        assert row(AbilityEstimate.objects.get(pk=e.pk)) == row(e)


def test_rows_and_fields_not_named_are_left_alone(attempt):
    responses = list(Response.objects.filter(attempt=attempt).order_by("position"))
    before = {r.pk: (r.seq, r.answer) for r in responses}
    first, second = responses[0], responses[1]
    first.credit, first.locked, first.seq = 0.5, True, 99  # seq is not written
    second.credit, second.locked = 1.0, False
    assert bulk_set([first, second], ["credit", "locked"]) == 2
    stored = {r.pk: r for r in Response.objects.filter(attempt=attempt)}
    assert (stored[first.pk].credit, stored[first.pk].locked) == (0.5, True)
    assert (stored[second.pk].credit, stored[second.pk].locked) == (1.0, False)
    assert {pk: (r.seq, r.answer) for pk, r in stored.items()} == before
    assert all(stored[r.pk].credit is None for r in responses[2:])


def test_nothing_to_write_sends_nothing():
    with CaptureQueriesContext(connection) as ctx:
        assert bulk_set([], ["credit"]) == 0
    assert ctx.captured_queries == []
