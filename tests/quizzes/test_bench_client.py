"""The load bench's browser-like client (bench/client.py) against the live server: it
takes a whole attempt of every kind of question (CSRF from the page, htmx autosaves on
each change, Save and next, submit, result) and finds every acknowledged answer stored.
A smoke test of the bench's logic, not the bench itself (that runs in bench/). Its
autosaves overlap as htmx's do, so it also sees the ordered saves hold (before them, an
older autosave finishing last lost an acknowledged answer in about half the runs)."""

import random
import time

import pytest
from django.conf import settings

from bench import client as bench_client
from bench.serving import answer_decoder
from quizzes.models import Response
from tests.quizzes.conftest import ALL_KINDS

pytestmark = pytest.mark.django_db(transaction=True)


def test_learner_takes_a_whole_attempt_and_every_acknowledged_answer_is_stored(
        live_server, build_assessment, user, client):
    assessment = build_assessment(6, kinds=ALL_KINDS, time_limit_minutes=None)
    client.force_login(user)
    cookie = (settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)
    stats = bench_client.Stats()
    learner = bench_client.Learner(live_server.url, cookie, stats, pace=0.0,
                                   rng=random.Random(3), stop_at=time.time() + 60,
                                   wait_autosaves=False)
    attempt_pk = learner.take_attempt(assessment.slug)
    learner.wait()

    assert stats.attempts_done == 1 and not stats.errors
    assert {"take page", "autosave", "save and next", "submit", "result page"} <= set(
        stats.times)
    # every question was answered, acknowledged, and is stored as acknowledged
    stored = {(r.attempt_id, r.position): r.answer
              for r in Response.objects.filter(attempt_id=attempt_pk)}
    assert len(stats.acked) == len(stored) == 6
    assert bench_client.lost_answers(stats, stored, answer_decoder()) == []
    assert all(answer is not None for answer in stored.values())


def test_lost_answers_finds_an_older_answer_stored_over_an_acknowledged_one():
    stats = bench_client.Stats()
    stats.sent[(1, 1)] = {1: [("answer", "5")], 2: [("answer", "5"), ("answer", "6")]}
    stats.acked[(1, 1)] = 2

    def decode(key, data):
        return ("choices", sorted(int(v) for _, v in data))

    assert bench_client.lost_answers(stats, {(1, 1): {"choices": [5, 6]}}, decode) == []
    lost = bench_client.lost_answers(stats, {(1, 1): {"choices": [5]}}, decode)
    assert lost == [{"attempt": 1, "position": 1, "stored": ("choices", [5]),
                     "acknowledged": ("choices", [5, 6])}]


def test_the_client_waits_as_htmx_does_where_the_autosave_has_a_delay(
        live_server, build_assessment, user, client):
    """Boxes to tick and items to order: one autosave a second after the last change, none
    when "Save and next" comes sooner; other kinds: one per change, at once."""
    assessment = build_assessment(6, kinds=ALL_KINDS, time_limit_minutes=None)
    client.force_login(user)
    cookie = (settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)
    stats = bench_client.Stats()
    learner = bench_client.Learner(live_server.url, cookie, stats, pace=0.2,
                                   rng=random.Random(5), stop_at=time.time() + 60)
    pages = []
    parse = bench_client.parse_card
    bench_client.parse_card = lambda page: pages.append(parse(page)) or pages[-1]
    try:
        attempt_pk = learner.take_attempt(assessment.slug)
    finally:
        bench_client.parse_card = parse
    learner.wait()
    cards = {c.position: c for c in pages if c is not None}
    delays = {c.kind: c.save_delay for c in cards.values()}
    assert delays == {"single": 0.0, "truefalse": 0.0, "numeric": 0.0, "text": 0.0,
                      "multiple": 1.0, "ordering": 1.0}
    autosaved = {key[1] for key, sent in stats.sent.items()
                 if any(("action", "autosave") in data for data in sent.values())}
    assert autosaved == {p for p, c in cards.items() if not c.save_delay}
    stored = {(r.attempt_id, r.position): r.answer
              for r in Response.objects.filter(attempt_id=attempt_pk)}
    assert bench_client.lost_answers(stats, stored, answer_decoder()) == []
    assert all(answer is not None for answer in stored.values())
