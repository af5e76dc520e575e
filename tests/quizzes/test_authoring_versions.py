"""Editing a question that learners have answered: no edit is ever lost."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from quizzes.admin.questions import UNCHANGED
from quizzes.formats.data import ChoiceData, QuestionData
from quizzes.models import QuestionVersion
from quizzes.services.attempts import attempt_start, attempt_submit
from quizzes.services.versions import STALE_EDIT
from quizzes.versiondiff import DiffLine, version_diff
from tests.factories import QuestionFactory, UserFactory
from tests.quizzes.authoring_helpers import form_values


@pytest.fixture
def answered(build_assessment):
    """A single-choice question whose current version v1 a learner has answered."""
    assessment = build_assessment(2, kinds=["single"])
    attempt = attempt_start(user=UserFactory(), assessment=assessment)
    attempt_submit(attempt=attempt)
    return attempt.responses.first().version


@pytest.mark.django_db
def test_edit_after_forced_new_version_keeps_the_first_edit(admin_client, answered):
    """The loss issue 12 reports: edit an answered v1 with "Save and continue editing"
    (saved as v2), edit again from the page that opens, save: the second save must build
    on the first edit, not on v1."""
    v1 = answered
    # 1. The author opens the editor of v1 and changes the stem.
    page = admin_client.get(reverse("admin:quizzes_questionversion_change", args=[v1.pk]),
                            follow=True)
    url = page.redirect_chain[-1][0] if page.redirect_chain else page.request["PATH_INFO"]
    data = form_values(page.content.decode(), "stem")
    data["stem"] = "First edit of the stem"
    data["_continue"] = "Save and continue editing"
    # 2. Save and continue editing: v1 is answered, so the edit is saved as v2.
    page = admin_client.post(url, data, follow=True)
    assert page.status_code == HTTPStatus.OK
    assert QuestionVersion.objects.filter(question=v1.question, stem="First edit of the stem"
                                          ).exists()
    # 3. The page that opens is edited again: the explanation this time.
    url = page.redirect_chain[-1][0]
    data = form_values(page.content.decode(), "stem")
    data["explanation"] = "Second edit of the explanation"
    page = admin_client.post(url, data, follow=True)
    assert page.status_code == HTTPStatus.OK
    # 4. The question's current content has both edits; v1 is as the learner saw it.
    v1.question.refresh_from_db()
    current = v1.question.current_version
    assert (current.stem, current.explanation) == ("First edit of the stem",
                                                   "Second edit of the explanation")
    v1.refresh_from_db()
    assert v1.stem != "First edit of the stem"


def editor(client, question):
    url = reverse("admin:quizzes_question_change", args=[question.pk])
    return url, form_values(client.get(url).content.decode(), "stem")


@pytest.mark.django_db
def test_save_against_content_changed_since_is_refused_and_keeps_the_input(admin_client):
    """Two tabs on the same question: the second save would replace the first one's edit
    without knowing it; it is refused, says why, and the form still holds what was typed."""
    q = QuestionFactory()
    url, first_tab = editor(admin_client, q)
    _, second_tab = editor(admin_client, q)
    first_tab["stem"] = "Edit from the first tab"
    assert admin_client.post(url, first_tab).status_code == HTTPStatus.FOUND
    second_tab["explanation"] = "Edit from the second tab"
    response = admin_client.post(url, second_tab)
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].non_field_errors() == [
        STALE_EDIT.format(number=1)]
    kept = form_values(response.content.decode(), "stem")
    assert kept["explanation"] == "Edit from the second tab"
    q.current_version.refresh_from_db()
    assert (q.current_version.stem, q.versions.count()) == ("Edit from the first tab", 1)
    assert q.current_version.explanation != "Edit from the second tab"


@pytest.mark.django_db
def test_stale_save_after_a_forced_new_version_is_refused(admin_client, answered):
    """A tab still open on v1 after someone's edit forked v2 cannot write v3 from v1."""
    q = answered.question
    url, old_tab = editor(admin_client, q)
    _, other = editor(admin_client, q)
    other["stem"] = "The edit that made v2"
    admin_client.post(url, other)
    old_tab["explanation"] = "Late edit"
    response = admin_client.post(url, old_tab)
    assert response.status_code == HTTPStatus.OK
    assert not QuestionVersion.objects.filter(question=q, number=3).exists()
    q.refresh_from_db()
    assert q.current_version.stem == "The edit that made v2"


@pytest.mark.django_db
def test_save_and_continue_after_fork_opens_the_new_version(admin_client, answered):
    q = answered.question
    url, data = editor(admin_client, q)
    data.update(stem="Forked", _continue="1")
    response = admin_client.post(url, data, follow=True)
    assert "editing v2" in response.content.decode()
    assert form_values(response.content.decode(), "stem")["stem"] == "Forked"


@pytest.mark.django_db
def test_saving_the_same_content_writes_no_version(admin_client, answered):
    q = answered.question
    url, data = editor(admin_client, q)
    response = admin_client.post(url, data, follow=True)
    assert UNCHANGED.format(slug=q.slug, number=1) in response.content.decode()
    assert q.versions.count() == 1


@pytest.mark.django_db
def test_old_versions_are_read_only(admin_client, answered):
    q = answered.question
    url, data = editor(admin_client, q)
    data["stem"] = "v2"
    admin_client.post(url, data)
    old = reverse("admin:quizzes_questionversion_change", args=[answered.pk])
    assert admin_client.get(old).status_code == HTTPStatus.OK
    assert admin_client.post(old, {"stem": "x"}).status_code == HTTPStatus.FORBIDDEN
    answered.refresh_from_db()
    assert answered.stem != "x"


@pytest.mark.django_db
def test_version_history_shows_each_change_and_its_author(admin_client, answered):
    q = answered.question
    author = UserFactory(is_staff=True, is_superuser=True, email="author@example.com")
    admin_client.force_login(author)
    url, data = editor(admin_client, q)
    data.update({"stem": "A new stem", "choices-1-text": "Wrong A, reworded"})
    admin_client.post(url, data)
    html = admin_client.get(reverse("admin:quizzes_question_versions",
                                    args=[q.pk])).content.decode()
    assert "Changes from v1" in html and "by author@example.com" in html
    assert 'diff-add"><span class="diff-op" aria-hidden="true">+</span>' \
           '<span class="visually-hidden">added: </span>A new stem' in html
    assert "Wrong A, reworded" in html
    assert html.index("v2 · current") < html.index("First version")


@pytest.mark.django_db
def test_version_history_is_staff_only(client, user, answered):
    client.force_login(user)
    response = client.get(reverse("admin:quizzes_question_versions",
                                  args=[answered.question_id]))
    assert response.status_code == HTTPStatus.FOUND  # to the admin login


def data(**changes):
    base = {"slug": "q", "topic": "t", "kind": "single", "difficulty": 2, "stem": "Pick one.",
            "explanation": "Because.", "choices": (ChoiceData("Yes", 1.0),
                                                   ChoiceData("No", 0.0)),
            "data": {"shuffle": True}}
    base.update(changes)
    return QuestionData(**base)


def test_version_diff_lists_only_the_sections_that_changed():
    old = data()
    new = data(stem="Pick one, carefully.", choices=(ChoiceData("Yes", 1.0),
                                                    ChoiceData("No, never", 0.0)))
    diff = version_diff(old, new)
    assert [s.name for s in diff] == ["Stem", "Choices"]
    assert diff[0].lines == (DiffLine("-", "Pick one."), DiffLine("+", "Pick one, carefully."))
    assert DiffLine(" ", "    1 · Yes") in diff[1].lines
    assert DiffLine("+", "    0 · No, never") in diff[1].lines


def test_version_diff_shows_key_and_feedback_changes():
    old = data(kind="numeric", choices=(), data={"answer": 2, "tolerance": 0})
    new = data(kind="numeric", choices=(), data={"answer": 2, "tolerance": 0.5})
    assert version_diff(old, new)[0].lines == (DiffLine(" ", "answer: 2"),
                                              DiffLine("-", "tolerance: 0"),
                                              DiffLine("+", "tolerance: 0.5"))


def test_version_diff_of_a_first_version_is_all_added():
    diff = version_diff(None, data())
    assert all(line.op == "+" for section in diff for line in section.lines)
    assert [s.name for s in diff] == ["Stem", "Choices", "Key", "Explanation",
                                      "Kind and tier"]
