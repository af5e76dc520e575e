"""Nothing a learner receives correlates with an answer key, and hostile input gets a
clear message (issue 9: "Leaks and integrity", "Hostile input")."""

import random
import re
from http import HTTPStatus
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from quizzes.forms import choice_token
from quizzes.models import AssessmentMode, Attempt, Question, QuestionKind, Response
from quizzes.services.attempts import attempt_start
from quizzes.services.attempts_common import new_response
from tests.factories import AssessmentFactory, ReviewCardFactory

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}
HOSTILE = ["²", "٣", "9" * 5000, "-1", " 1", "1.0", "c" + "0" * 12]


def rendered_names(html: str, pattern: str) -> list[str]:
    return re.findall(pattern, html)


@pytest.fixture
def shipped(db):
    call_command("load_banks", stdout=StringIO(), stderr=StringIO())


def attempt_with(user, questions, mode=AssessmentMode.FIXED) -> Attempt:
    """An open attempt holding exactly ``questions``, drawn as the service draws them."""
    assessment = AssessmentFactory(mode=mode, time_limit_minutes=None)
    attempt = Attempt.objects.create(user=user, assessment=assessment,
                                     started_at=assessment.created_at)
    rng = random.Random(7)
    Response.objects.bulk_create([new_response(attempt, q, i, True, rng)
                                  for i, q in enumerate(questions, start=1)])
    return attempt


def test_shipped_ordering_questions_do_not_give_their_key_away(shipped, user, client):
    """Old code: ranking the ``pos_<id>`` names ascending gave the key of 18 of 18."""
    questions = list(Question.objects.live().filter(current_version__kind=QuestionKind.ORDERING)
                     .select_related("current_version")
                     .prefetch_related("current_version__choices"))
    assert len(questions) >= 10
    attempt = attempt_with(user, questions)
    client.force_login(user)
    give_away = 0
    for r in attempt.responses.select_related("version").prefetch_related("version__choices"):
        html = client.get(reverse("quizzes:attempt_take", args=[attempt.pk]),
                          {"q": r.position}).content.decode()
        choices = sorted(r.version.choices.all(), key=lambda c: c.order)
        key = [c.pk for c in choices]
        names = rendered_names(html, r'<select name="pos_([^"]+)"')
        ids = rendered_names(html, r'<select name="pos_[^"]+" id="([^"]+)"')
        assert len(names) == len(key)
        # Names and element ids are opaque tokens, not database ids.
        assert not any(n.isdigit() for n in names)
        assert not any(i.endswith(f"-{cid}") for i in ids for cid in key)
        tokens = {choice_token(f"r{r.pk}", cid): cid for cid in key}
        shown = [tokens[n] for n in names]
        assert shown != key  # the DOM order is not the key
        ranked = [tokens[n] for n in sorted(names)]
        give_away += ranked == key
    assert give_away <= len(questions) // 4, f"{give_away} of {len(questions)} give the key"


def test_shipped_multiple_choice_values_do_not_point_at_the_key(shipped, user, client):
    """Every shipped select-all question lists a right option first, so the smallest
    choice id was always a right answer (29 of 29). The values are tokens now."""
    questions = list(Question.objects.live().filter(current_version__kind=QuestionKind.MULTIPLE)
                     .select_related("current_version")
                     .prefetch_related("current_version__choices"))
    assert len(questions) >= 10
    attempt = attempt_with(user, questions)
    client.force_login(user)
    smallest_is_right = 0
    for r in attempt.responses.select_related("version").prefetch_related("version__choices"):
        html = client.get(reverse("quizzes:attempt_take", args=[attempt.pk]),
                          {"q": r.position}).content.decode()
        values = rendered_names(html, r'name="answer" value="([^"]+)"')
        assert values and not any(v.isdigit() for v in values)
        tokens = {choice_token(f"r{r.pk}", c.pk): c for c in r.version.choices.all()}
        smallest_is_right += tokens[min(values)].fraction > 0
    assert smallest_is_right < 0.85 * len(questions)


def test_choice_values_are_tokens_unique_to_each_response(build_assessment, user, client):
    """Single/multiple/true-false values were choice ids: authored right-first, so the
    smallest id was often the key. Now each response names its choices afresh."""
    client.force_login(user)
    assessment = build_assessment(6, kinds=["single", "multiple", "truefalse"])
    attempt = attempt_start(user=user, assessment=assessment)
    for r in attempt.responses.select_related("version"):
        html = client.get(reverse("quizzes:attempt_take", args=[attempt.pk]),
                          {"q": r.position}).content.decode()
        values = rendered_names(html, r'name="answer" value="([^"]+)"')
        ids = [c.pk for c in r.version.choices.all()]
        assert len(values) == len(ids)
        assert not set(values) & {str(i) for i in ids}
        assert not any(f"-opt-{i}\"" in html for i in ids)
    # The same question in another learner's attempt gets other names.
    r = attempt.responses.first()
    assert choice_token(f"r{r.pk}", r.choice_order[0]) != choice_token(
        f"r{r.pk + 1}", r.choice_order[0])


# --- Hostile input ------------------------------------------------------------------------

@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("kind", ["single", "multiple", "truefalse"])
def test_hostile_choice_values_get_a_form_error(build_assessment, user, client, kind, value):
    """``²`` and 5,000-digit ids passed ``str.isdigit()`` and raised a 500."""
    client.force_login(user)
    attempt = attempt_start(user=user, assessment=build_assessment(2, kinds=[kind]))
    url = reverse("quizzes:response_save", args=[attempt.pk, 1])
    for headers in (HX, {}):
        response = client.post(url, {"answer": value, "action": "next"}, headers=headers)
        assert response.status_code == HTTPStatus.OK
        assert "Choose one of the options shown" in response.content.decode()
    assert attempt.responses.get(position=1).answer is None


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_ordering_positions_get_a_form_error(build_assessment, user, client, value):
    client.force_login(user)
    attempt = attempt_start(user=user, assessment=build_assessment(2, kinds=["ordering"]))
    r = attempt.responses.get(position=1)
    data = {f"pos_{choice_token(f'r{r.pk}', cid)}": value for cid in r.choice_order}
    if len(value) < 100:  # a field name that long is refused by the multipart parser
        data[f"pos_{value}"] = "1"
    response = client.post(reverse("quizzes:response_save", args=[attempt.pk, 1]),
                           {**data, "action": "next"}, headers=HX)
    assert response.status_code == HTTPStatus.OK
    assert attempt.responses.get(position=1).answer is None


@pytest.mark.parametrize("value", ["goto-²", "goto-" + "9" * 5000, "goto-٣"])
def test_hostile_goto_stays_in_range(build_assessment, user, client, value):
    client.force_login(user)
    attempt = attempt_start(user=user, assessment=build_assessment(2, kinds=["single"]))
    response = client.post(reverse("quizzes:response_save", args=[attempt.pk, 1]),
                           {"action": value}, headers=HX)
    assert response.status_code == HTTPStatus.OK
    response = client.get(reverse("quizzes:attempt_take", args=[attempt.pk]), {"q": "9" * 5000})
    assert response.status_code == HTTPStatus.OK


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_review_answer_gets_a_form_error(user, client, value):
    """The review answer parsed posted ``order`` ids with ``int()``: a 500 on ``²``."""
    client.force_login(user)
    card = ReviewCardFactory(user=user, question__version__kind="single")
    response = client.post(reverse("quizzes:review_answer", args=[card.pk]),
                           {"answer": value, "order": [value, "1"]}, headers=HX)
    assert response.status_code == HTTPStatus.OK
    card.refresh_from_db()
    assert card.reviews == 0


def test_multiple_choice_sent_three_times_is_stored_once(build_assessment, user, client):
    """A repeated id was stored three times (and graded three times)."""
    client.force_login(user)
    attempt = attempt_start(user=user, assessment=build_assessment(2, kinds=["multiple"]))
    r = attempt.responses.get(position=1)
    token = choice_token(f"r{r.pk}", r.choice_order[0])
    client.post(reverse("quizzes:response_save", args=[attempt.pk, 1]),
                {"answer": [token, token, token], "action": "stay"}, headers=HX)
    assert attempt.responses.get(position=1).answer == {"choices": [r.choice_order[0]]}


# --- Concurrent saves: an older answer never replaces a newer one ------------------------

def post_answer(client, attempt, r, choice_id, seq=None, action="autosave"):
    data = {"answer": choice_token(f"r{r.pk}", choice_id), "action": action}
    if seq is not None:
        data["seq"] = str(seq)
    return client.post(reverse("quizzes:response_save", args=[attempt.pk, r.position]), data,
                       headers=HX)


def test_older_save_finishing_later_does_not_overwrite_the_newer(build_assessment, user,
                                                                 client):
    """An autosave (seq 1) finishing after "Save and next" (seq 2) kept the stale answer."""
    client.force_login(user)
    attempt = attempt_start(user=user, assessment=build_assessment(4, kinds=["single"]))
    r = attempt.responses.get(position=1)
    first, second = r.choice_order[0], r.choice_order[1]
    post_answer(client, attempt, r, second, seq=2, action="next")
    late = post_answer(client, attempt, r, first, seq=1)
    r.refresh_from_db()
    assert r.answer == {"choices": [second]} and r.seq == 2
    html = late.content.decode()
    assert "A newer answer was already saved" in html and "Saved at" not in html


def test_equal_seq_stores_and_acknowledges(build_assessment, user, client):
    """Autosave and next carry the same number for the same answer: both store it."""
    client.force_login(user)
    attempt = attempt_start(user=user, assessment=build_assessment(4, kinds=["single"]))
    r = attempt.responses.get(position=1)
    post_answer(client, attempt, r, r.choice_order[0], seq=3)
    ack = post_answer(client, attempt, r, r.choice_order[1], seq=3)
    assert "Saved at" in ack.content.decode()
    r.refresh_from_db()
    assert r.answer == {"choices": [r.choice_order[1]]}


def test_post_without_seq_still_saves(build_assessment, user, client):
    """A no-JS post (or one without the field) stores its answer."""
    client.force_login(user)
    attempt = attempt_start(user=user, assessment=build_assessment(4, kinds=["single"]))
    r = attempt.responses.get(position=1)
    post_answer(client, attempt, r, r.choice_order[0], seq=5)
    client.post(reverse("quizzes:response_save", args=[attempt.pk, 1]),
                {"answer": choice_token(f"r{r.pk}", r.choice_order[1]), "action": "next"})
    r.refresh_from_db()
    assert r.answer == {"choices": [r.choice_order[1]]}


def test_take_page_carries_the_stored_seq_and_serialises_requests(build_assessment, user,
                                                                  client):
    client.force_login(user)
    attempt = attempt_start(user=user, assessment=build_assessment(4, kinds=["single"]))
    r = attempt.responses.get(position=1)
    post_answer(client, attempt, r, r.choice_order[0], seq=4)
    html = client.get(reverse("quizzes:attempt_take", args=[attempt.pk]), {"q": 1}).content
    html = html.decode()
    assert 'name="seq" value="4"' in html
    assert 'hx-sync="this:queue all"' in html and 'hx-sync="closest form:queue all"' in html


def test_the_conditional_update_keeps_its_checks_on_the_row_itself(build_assessment, user):
    """With a join Django writes UPDATE ... WHERE id IN (SELECT ...), and PostgreSQL would
    not re-check seq in that subquery after waiting for a concurrent writer: the older
    answer could still win. The seq check must stay in the UPDATE's own WHERE."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from quizzes.services.attempts import response_save

    attempt = attempt_start(user=user, assessment=build_assessment(2, kinds=["single"]))
    r = attempt.responses.select_related("version").get(position=1)
    with CaptureQueriesContext(connection) as queries:
        response_save(attempt=attempt, response=r, answer={"choices": [r.choice_order[0]]},
                      seq=1)
    update = next(q["sql"] for q in queries.captured_queries
                  if q["sql"].startswith("UPDATE") and "quizzes_response" in q["sql"])
    where = update.split(" WHERE ", 1)[1]
    assert '"quizzes_response"."seq" <=' in where
    assert '"quizzes_response"."id" IN' not in where
