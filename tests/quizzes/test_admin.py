"""Admin authoring: every changelist, search and add page; validation; versioning."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from quizzes.admin.forms import DOES_NOT_RENDER, NEEDS_ONE_FULL, NEEDS_TOLERANCE
from quizzes.admin.questions import FORKED
from quizzes.models import Choice, QuestionVersion
from quizzes.rendering import STRAY_DOLLAR
from quizzes.services.attempts import attempt_start, attempt_submit
from tests.factories import QuestionFactory, UserFactory
from tests.quizzes.authoring_helpers import form_values

pytestmark = pytest.mark.django_db

MODELS = ["area", "topic", "question", "questionversion", "assessment", "attempt", "resource",
          "reviewcard", "abilityestimate"]


@pytest.mark.parametrize("model", MODELS)
def test_admin_changelist_and_search_pages_load(admin_client, model):
    QuestionFactory()
    url = reverse(f"admin:quizzes_{model}_changelist")
    assert admin_client.get(url).status_code == HTTPStatus.OK
    assert admin_client.get(url, {"q": "x"}).status_code == HTTPStatus.OK


@pytest.mark.parametrize("model", ["area", "topic", "question", "assessment", "resource"])
def test_admin_add_pages_load(admin_client, model):
    assert admin_client.get(reverse(f"admin:quizzes_{model}_add")).status_code == 200


def test_admin_user_pages_load(admin_client):
    assert admin_client.get(reverse("admin:accounts_user_changelist"),
                            {"q": "a"}).status_code == 200
    assert admin_client.get(reverse("admin:accounts_user_add")).status_code == 200


def test_admin_question_change_page_links_preview(admin_client):
    q = QuestionFactory()
    html = admin_client.get(reverse("admin:quizzes_question_change",
                                    args=[q.pk])).content.decode()
    assert reverse("quizzes:question_draft_preview") + f"?version={q.current_version.pk}" in html


def edit(client, question, **changes):
    """Open the question's editor, change fields as an author would, save."""
    url = reverse("admin:quizzes_question_change", args=[question.pk])
    data = form_values(client.get(url).content.decode(), "stem")
    data.update(changes)
    return client.post(url, data)


def test_admin_single_choice_without_full_credit_is_rejected(admin_client):
    q = QuestionFactory()
    response = edit(admin_client, q, **{"stem": "Edited stem", "choices-0-fraction": "0"})
    assert response.status_code == HTTPStatus.OK
    assert response.context["choices"].non_form_errors() == [NEEDS_ONE_FULL.format(n=0)]
    q.current_version.refresh_from_db()
    assert q.current_version.stem != "Edited stem"


def test_admin_numeric_without_tolerance_is_rejected(admin_client):
    q = QuestionFactory(version__kind="numeric")
    response = edit(admin_client, q, tolerance="")
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["tolerance"] == [NEEDS_TOLERANCE]


def test_admin_edit_unanswered_version_changes_it_in_place(admin_client):
    q = QuestionFactory()
    response = edit(admin_client, q, stem="Edited stem")
    assert response.status_code == HTTPStatus.FOUND
    q.current_version.refresh_from_db()
    assert q.current_version.stem == "Edited stem" and q.versions.count() == 1


def test_admin_edit_answered_version_creates_new_version(admin_client, build_assessment):
    assessment = build_assessment(2, kinds=["single"])
    learner = UserFactory()
    attempt = attempt_start(user=learner, assessment=assessment)
    attempt_submit(attempt=attempt)
    response_obj = attempt.responses.first()
    v = response_obj.version
    old_stem = v.stem
    url = reverse("admin:quizzes_question_change", args=[v.question_id])
    data = form_values(admin_client.get(url).content.decode(), "stem")
    data["stem"] = "Edited stem"
    response = admin_client.post(url, data, follow=True)
    assert FORKED.format(old=1, new=2) in response.content.decode()
    v.refresh_from_db()
    assert v.stem == old_stem and v.choices.count() == 4
    new = QuestionVersion.objects.get(question=v.question, number=2)
    assert new.stem == "Edited stem" and new.choices.count() == 4
    assert new.question.current_version_id == new.pk
    assert new.created_by.email == "admin@example.com"
    response_obj.refresh_from_db()
    assert response_obj.version_id == v.pk
    assert Choice.objects.filter(version=v).count() == 4


def test_preview_renders_as_learner_without_key_unless_asked(admin_client):
    v = QuestionFactory().current_version
    url = reverse("quizzes:question_preview", args=[v.pk])
    html = admin_client.get(url).content.decode()
    assert "Question stem" in html and "is-key" not in html
    assert "is-key" in admin_client.get(url, {"reveal": "1"}).content.decode()


def test_preview_is_staff_only(client, user):
    v = QuestionFactory().current_version
    client.force_login(user)
    response = client.get(reverse("quizzes:question_preview", args=[v.pk]))
    assert response.status_code == HTTPStatus.FOUND  # to the admin login


def test_admin_text_that_does_not_render_is_refused_field_by_field(admin_client):
    """Stem, explanation, a choice and its feedback are each checked; each field says why;
    nothing is saved."""
    q = QuestionFactory()
    response = edit(admin_client, q, **{
        "stem": "Costs $5 a month", "explanation": "Use \\(x\\) here, at length.",
        "choices-0-text": "$\\notamacro{x}$", "choices-1-feedback": "```python\nx = 1"})
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    errors = response.context["form"].errors
    assert errors["stem"][0] == DOES_NOT_RENDER.format(
        problem=STRAY_DOLLAR.format(context="Costs $5 a month"))
    assert "\\( is not a maths delimiter" in errors["explanation"][0]
    formset = response.context["choices"]
    assert "unknown command \\notamacro" in formset.forms[0].errors["text"][0]
    assert "is not closed" in formset.forms[1].errors["feedback"][0]
    assert DOES_NOT_RENDER.split(":")[0] in html
    v = q.current_version
    v.refresh_from_db()
    assert v.stem != "Costs $5 a month"
    assert not v.choices.filter(text__contains="notamacro").exists()


def test_admin_maths_that_renders_is_saved(admin_client):
    q = QuestionFactory()
    response = edit(admin_client, q, stem="Eigenvalues of\n$$\\begin{pmatrix} 2 & 1 \\\\ "
                                          "1 & 2 \\end{pmatrix}?$$ Costs \\$5.")
    assert response.status_code == HTTPStatus.FOUND
    q.current_version.refresh_from_db()
    assert q.current_version.stem.startswith("Eigenvalues of")
