"""Authoring forms: kind first, then one page per kind with only its fields; the question
and its first version saved in one step, as a draft; tags as a comma list; the render check
on each field."""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from quizzes.admin.forms import (
    DOES_NOT_RENDER,
    NEEDS_ACCEPTED,
    NEEDS_ONE_FULL,
    NEEDS_POSITIVE,
    NEEDS_TWO,
    NO_CHOICES,
    ORDERING_SHAPE,
    POSITIVE_SUM,
    TAG_MAX,
    TAG_TOO_LONG,
    TRUEFALSE_SHAPE,
    TagsField,
    choice_problem,
)
from quizzes.models import Question, QuestionStatus
from quizzes.services.versions import SLUG_TAKEN
from tests.factories import QuestionFactory, TopicFactory
from tests.quizzes.authoring_helpers import form_values

ADD = "admin:quizzes_question_add"

# What each kind's page must show and must not show.
KIND_FIELDS = {
    "single": ({"shuffle", "choices-0-fraction"}, {"numeric_answer", "accepted",
                                                   "partial_credit"}),
    "multiple": ({"shuffle", "choices-0-fraction"}, {"numeric_answer", "accepted"}),
    "truefalse": ({"choices-0-fraction"}, {"shuffle", "numeric_answer", "accepted"}),
    "numeric": ({"numeric_answer", "tolerance", "tolerance_mode", "unit"},
                {"choices-TOTAL_FORMS", "accepted", "shuffle"}),
    "text": ({"accepted", "case_sensitive"}, {"choices-TOTAL_FORMS", "numeric_answer"}),
    "ordering": ({"partial_credit", "choices-0-text"}, {"choices-0-fraction", "shuffle",
                                                        "numeric_answer"}),
}


@pytest.mark.parametrize(("kind", "fractions", "problem"), [
    ("single", [1, 0, 0], None),
    ("single", [1, 1, 0], NEEDS_ONE_FULL.format(n=2)),
    ("single", [1], NEEDS_TWO),
    ("multiple", [0.5, 0.5, -0.5], None),
    ("multiple", [0, -1], NEEDS_POSITIVE),
    ("multiple", [0.5, 0.25], POSITIVE_SUM.format(s=0.75)),
    ("truefalse", [1, 0], None),
    ("truefalse", [1, 1], TRUEFALSE_SHAPE),
    ("ordering", [0, 0], ORDERING_SHAPE),
    ("ordering", [0, 0, 0], None),
    ("numeric", [1], NO_CHOICES.format(kind="numeric")),
    ("text", [], None),
])
def test_choice_problem_by_kind(kind, fractions, problem):
    assert choice_problem(kind, fractions) == problem


def test_tags_field_reads_a_comma_list_without_repeats():
    assert TagsField().clean(" rebase, merge ,, rebase ") == ["rebase", "merge"]
    assert TagsField().clean("") == []


def test_tags_field_refuses_a_tag_too_long():
    from django import forms

    with pytest.raises(forms.ValidationError) as exc:
        TagsField().clean("x" * (TAG_MAX + 1))
    assert exc.value.messages == [TAG_TOO_LONG.format(n=TAG_MAX, tag="x" * 20 + "…")]


@pytest.mark.django_db
def test_add_question_asks_for_the_kind_first(admin_client):
    response = admin_client.get(reverse(ADD))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    for kind in KIND_FIELDS:
        assert f'href="?kind={kind}"' in html
    assert 'name="stem"' not in html


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(KIND_FIELDS))
def test_add_page_of_a_kind_shows_only_its_fields(admin_client, kind):
    html = admin_client.get(reverse(ADD), {"kind": kind}).content.decode()
    fields = set(re.findall(r'name="([^"]+)"', html))
    shown, hidden = KIND_FIELDS[kind]
    assert shown <= fields
    assert not hidden & fields
    assert {"slug", "topic", "status", "tags", "difficulty", "stem", "explanation",
            "base"} <= fields


@pytest.mark.django_db
def test_add_page_starts_as_draft_with_empty_choice_rows(admin_client):
    values = form_values(admin_client.get(reverse(ADD), {"kind": "single"}).content.decode(),
                         "stem")
    assert values["status"] == QuestionStatus.DRAFT
    assert values["choices-TOTAL_FORMS"] == "4"
    assert all(values[f"choices-{i}-text"] == "" for i in range(4))


@pytest.mark.django_db
def test_add_page_of_true_false_fills_its_two_rows(admin_client):
    values = form_values(admin_client.get(reverse(ADD), {"kind": "truefalse"}).content
                         .decode(), "stem")
    assert values["choices-TOTAL_FORMS"] == "2"
    assert (values["choices-0-text"], values["choices-1-text"]) == ("True", "False")


def new_question_data(client, kind, **changes):
    data = form_values(client.get(reverse(ADD), {"kind": kind}).content.decode(), "stem")
    data.update({"slug": "new-question", "topic": str(TopicFactory().pk),
                 "stem": "What is $2+2$?", "explanation": "Count."})
    data.update(changes)
    return data


@pytest.mark.django_db
def test_question_and_first_version_are_created_in_one_step(admin_client):
    data = new_question_data(admin_client, "single", tags="arithmetic, sums, arithmetic", **{
        "choices-0-text": "4", "choices-0-fraction": "1",
        "choices-1-text": "5", "choices-1-fraction": "0",
        "choices-2-text": "22"})  # rows 2 (no fraction: 0) and 3 (empty) are a choice, none
    response = admin_client.post(reverse(ADD), data)
    assert response.status_code == HTTPStatus.FOUND
    q = Question.objects.get(slug="new-question")
    v = q.current_version
    assert (q.status, q.tags) == (QuestionStatus.DRAFT, ["arithmetic", "sums"])
    assert (v.number, v.kind, v.stem, v.created_by.email) == (
        1, "single", "What is $2+2$?", "admin@example.com")
    assert [(c.order, c.text, c.fraction) for c in v.choices.order_by("order")] == [
        (1, "4", 1.0), (2, "5", 0.0), (3, "22", 0.0)]
    assert v.content_hash


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "changes", "data"), [
    ("numeric", {"numeric_answer": "2.5", "tolerance": "0.1", "unit": "s"},
     {"answer": 2.5, "tolerance": 0.1, "tolerance_mode": "absolute", "unit": "s"}),
    ("text", {"accepted": "git stash\n\n stash \n"},
     {"accepted": ["git stash", "stash"], "case_sensitive": False}),
])
def test_key_fields_of_a_kind_are_stored_as_its_key(admin_client, kind, changes, data):
    response = admin_client.post(reverse(ADD), new_question_data(admin_client, kind, **changes))
    assert response.status_code == HTTPStatus.FOUND
    v = Question.objects.get(slug="new-question").current_version
    assert v.data == data and not v.choices.exists()


@pytest.mark.django_db
def test_short_text_without_accepted_answers_is_refused_on_the_field(admin_client):
    response = admin_client.post(reverse(ADD), new_question_data(admin_client, "text"))
    assert response.context["form"].errors["accepted"] == [NEEDS_ACCEPTED]
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_choices_that_do_not_fit_the_kind_save_nothing(admin_client):
    response = admin_client.post(reverse(ADD), new_question_data(
        admin_client, "single", **{"choices-0-text": "4", "choices-0-fraction": "1"}))
    assert response.status_code == HTTPStatus.OK
    assert response.context["choices"].non_form_errors() == [NEEDS_TWO]
    assert "Nothing was saved" in response.content.decode()
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_stem_that_does_not_render_keeps_the_input_and_says_why(admin_client):
    response = admin_client.post(reverse(ADD), new_question_data(
        admin_client, "numeric", stem="```\nx = 1\n```", numeric_answer="1",
        tolerance="0"))
    errors = response.context["form"].errors["stem"]
    assert errors[0].startswith(DOES_NOT_RENDER.split("{")[0])
    assert "without a language" in errors[0]
    assert form_values(response.content.decode(), "stem")["stem"] == "```\nx = 1\n```"
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_a_slug_in_use_is_refused_on_the_slug(admin_client):
    QuestionFactory(slug="new-question")
    response = admin_client.post(reverse(ADD), new_question_data(
        admin_client, "numeric", numeric_answer="1", tolerance="0"))
    assert response.context["form"].errors["slug"] == [SLUG_TAKEN.format(slug="new-question")]
    assert Question.objects.count() == 1


@pytest.mark.django_db
def test_save_and_add_another_opens_the_same_kind(admin_client):
    response = admin_client.post(reverse(ADD), new_question_data(
        admin_client, "numeric", numeric_answer="1", tolerance="0", _addanother="1"))
    assert response["Location"] == reverse(ADD) + "?kind=numeric"


@pytest.mark.django_db
def test_authoring_page_loads_its_scripts_from_static_files_only(admin_client):
    """Strict CSP: the chips and the live preview come from static/js, never inline."""
    html = admin_client.get(reverse(ADD), {"kind": "single"}).content.decode()
    assert "js/tag_chips.js" in html and "js/authoring.js" in html
    assert "<script>" not in html and " style=" not in html
    assert 'data-tag-chips' in html
