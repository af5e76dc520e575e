"""Wording rules (pure) and the template filters that wrap them."""

import pytest
from django.template import Context, Template

from quizzes.wording import MINUS, counted, ordinal, signed, with_article


@pytest.mark.parametrize(("n", "text"), [
    (0, "0th"), (1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"),
    (13, "13th"), (21, "21st"), (22, "22nd"), (23, "23rd"), (83, "83rd"), (100, "100th"),
    (101, "101st"), (111, "111th"), (112, "112th"), (113, "113th"), (121, "121st"),
])
def test_ordinal(n, text):
    assert ordinal(n) == text


@pytest.mark.parametrize(("n", "noun", "text"), [
    (1, "minute", "1 minute"), (2, "minute", "2 minutes"), (0, "question", "0 questions"),
    (1, "question", "1 question"), (1.0, "hour", "1 hour"), (1.5, "hour", "1.5 hours"),
    (5, "hour", "5 hours"), (2, "category", "2 categories"),
    (2, "day", "2 days"), (1, "answered question", "1 answered question"),
])
def test_counted_agrees_with_the_count(n, noun, text):
    assert counted(n, noun) == text


def test_counted_takes_an_irregular_plural():
    assert counted(2, "person", "people") == "2 people"
    assert counted(1, "person", "people") == "1 person"


@pytest.mark.parametrize(("x", "digits", "text"), [
    (-0.42, 2, f"{MINUS}0.42"), (0.42, 2, "0.42"), (-0.004, 2, "0.00"), (-0.04, 1, "0.0"),
    (-0.0, 1, "0.0"), (-0.05001, 1, f"{MINUS}0.1"), (1.3, 2, "1.30"), (-2.0, 1, f"{MINUS}2.0"),
])
def test_signed_has_a_true_minus_and_no_negative_zero(x, digits, text):
    assert signed(x, digits) == text


@pytest.mark.parametrize(("phrase", "text"), [
    ("free beginner course", "a free beginner course"),
    ("paid intermediate book", "a paid intermediate book"),
    ("intermediate book", "an intermediate book"),
    ("advanced certification", "an advanced certification"),
    ("free beginner documentation", "free beginner documentation"),
    ("paid advanced practice", "paid advanced practice"),
    ("hour", "an hour"), ("university course", "a university course"),
    ("online video", "an online video"), ("one-off video", "a one-off video"),
])
def test_with_article(phrase, text):
    assert with_article(phrase) == text


def render(source: str, **context) -> str:
    return Template("{% load quiz_tags %}" + source).render(Context(context))


def test_template_filters():
    assert render("{{ p|ordinal }}", p=82.6) == "83rd"
    assert render('{{ n|counted:"minute" }}', n=1) == "1 minute"
    assert render('{{ n|counted:"minute" }}', n=30) == "30 minutes"
    assert render('{{ n|counted:"person,people" }}', n=3) == "3 people"
    assert render("{{ t|signed:1 }}", t=-0.04) == "0.0"
    assert render("{{ t|signed }}", t=-1.234) == f"{MINUS}1.23"
    assert render("{{ p|with_article }}", p="free beginner documentation") == \
        "free beginner documentation"
