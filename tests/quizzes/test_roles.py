"""Authoring roles in the question admin: authors write drafts, reviewers approve to live,
and who changed what is recorded (LogEntry, approved_by) and shown as the History."""

from http import HTTPStatus

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.urls import reverse

from quizzes.admin.history import question_history
from quizzes.admin.questions import UNPUBLISHED
from quizzes.models import Question
from quizzes.services import approval
from tests.factories import (
    QuestionFactory,
    QuestionVersionFactory,
    TopicFactory,
    UserFactory,
)
from tests.quizzes.authoring_helpers import form_values

pytestmark = pytest.mark.django_db


def member(group: str, **kwargs):
    approval.roles_groups_ensure()  # a transactional test elsewhere may have flushed them
    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def author_client(client):
    client.force_login(member("Authors", display_name="Ada Author"))
    return client


@pytest.fixture
def reviewer():
    return member("Reviewers", display_name="Rita Reviewer")


def new_question(client, **changes):
    """The add page of a single-choice question, filled in as an author would."""
    add = reverse("admin:quizzes_question_add")
    data = form_values(client.get(add, {"kind": "single"}).content.decode(), "stem")
    data.update({"slug": "new-question", "topic": str(TopicFactory().pk),
                 "stem": "What is 2 + 2?", "choices-0-text": "4", "choices-0-fraction": "1",
                 "choices-1-text": "5", "choices-1-fraction": "0"})
    data.update(changes)
    return client.post(add, data)


def edit(client, question, **changes):
    """Open the question's editor, change fields, save."""
    data = form_values(client.get(change_url(question)).content.decode(), "stem")
    data.update(changes)
    return client.post(change_url(question), data)


def change_url(q):
    return reverse("admin:quizzes_question_change", args=[q.pk])


def history_url(q):
    return reverse("admin:quizzes_question_history", args=[q.pk])


def test_groups_exist_after_migrate_with_their_permissions():
    """What the migration runs (run again here: a transactional test elsewhere may have
    flushed the groups it made when the test database was migrated)."""
    from importlib import import_module

    from django.apps import apps

    import_module("quizzes.migrations.0011_author_reviewer_admin_groups").create_groups(
        apps, None)
    perms = {g.name: {p.codename for p in g.permissions.all()}
             for g in Group.objects.filter(name__in=["Authors", "Reviewers", "Admins"])}
    assert set(perms) == {"Authors", "Reviewers", "Admins"}
    assert {"add_question", "change_question", "change_questionversion"} <= perms["Authors"]
    assert "approve_question" not in perms["Authors"]
    assert perms["Reviewers"] == perms["Authors"] | {"approve_question"}
    assert {"approve_question", "delete_question", "change_user"} <= perms["Admins"]


def test_author_adding_a_live_question_is_refused(author_client):
    html = author_client.get(reverse("admin:quizzes_question_add"), {"kind": "single"})
    assert 'value="live"' not in html.content.decode()  # not offered…
    response = new_question(author_client, status="live")  # …and refused when posted
    assert response.status_code == HTTPStatus.OK  # the form again, with its error
    assert response.context["form"].errors["status"]
    assert not Question.objects.exists()


def test_author_adds_a_draft(author_client):
    response = new_question(author_client)
    assert response.status_code == HTTPStatus.FOUND
    q = Question.objects.get()
    assert q.status == "draft" and q.approved_by is None
    assert "Status: created as Draft." in [h.what for h in question_history(q)]


def test_author_cannot_set_a_draft_live(author_client):
    q = QuestionFactory(status="draft")
    response = edit(author_client, q, status="live")
    assert response.status_code == HTTPStatus.OK
    assert "status" in response.context["form"].errors
    q.refresh_from_db()
    assert q.status == "draft"


def test_author_cannot_change_a_live_questions_status(author_client):
    q = QuestionFactory(status="live")
    response = edit(author_client, q, status="retired", tags="edited")
    assert response.status_code == HTTPStatus.FOUND  # the other edits are saved
    q.refresh_from_db()
    assert (q.status, q.tags) == ("live", ["edited"])


def test_authors_content_change_takes_a_live_question_back_to_draft(author_client):
    """Learners never see content no reviewer approved: an author's edit of a live
    question's stem saves, and the question waits as a draft for approval."""
    q = QuestionFactory(status="live")
    response = edit(author_client, q, stem="What is 3 + 3?")
    assert response.status_code == HTTPStatus.FOUND
    q.refresh_from_db()
    assert (q.status, q.current_version.stem) == ("draft", "What is 3 + 3?")
    shown = [str(m) for m in response.wsgi_request._messages]
    assert UNPUBLISHED.format(slug=q.slug) in shown
    entry = LogEntry.objects.filter(object_id=str(q.pk)).order_by("-action_time").first()
    assert entry.get_change_message() == "Status: Live → Draft."


def test_reviewers_content_change_keeps_a_live_question_live(client, reviewer):
    q = QuestionFactory(status="live")
    client.force_login(reviewer)
    edit(client, q, stem="What is 3 + 3?")
    q.refresh_from_db()
    assert (q.status, q.current_version.stem) == ("live", "What is 3 + 3?")


def test_author_cannot_run_the_approve_action(author_client):
    q = QuestionFactory(status="draft")
    url = reverse("admin:quizzes_question_changelist")
    assert "approve_to_live" not in author_client.get(url).content.decode()
    author_client.post(url, {"action": "approve_to_live", "_selected_action": [q.pk]})
    q.refresh_from_db()
    assert q.status == "draft" and q.approved_by is None


def test_reviewer_approves_with_the_action_and_it_is_recorded(client, reviewer):
    q = QuestionFactory(status="draft")
    empty = QuestionFactory(status="draft", version=False)
    client.force_login(reviewer)
    client.post(reverse("admin:quizzes_question_changelist"),
                {"action": "approve_to_live", "_selected_action": [q.pk, empty.pk]})
    q.refresh_from_db()
    empty.refresh_from_db()
    assert (q.status, q.approved_by, empty.status) == ("live", reviewer, "draft")
    assert q.approved_at is not None
    entry = LogEntry.objects.get(object_id=str(q.pk))
    assert (entry.user, entry.get_change_message()) == (
        reviewer, "Status: Draft → Live (approved).")
    html = client.get(history_url(q)).content.decode()
    assert "Status: Draft → Live (approved)." in html and "Rita Reviewer" in html
    assert "Version 1 created." in html and "Approved to live by Rita Reviewer" in html


def test_reviewer_retires_and_each_question_has_its_history_line(client, reviewer):
    live, retired = QuestionFactory(status="live"), QuestionFactory(status="retired")
    client.force_login(reviewer)
    client.post(reverse("admin:quizzes_question_changelist"),
                {"action": "retire", "_selected_action": [live.pk, retired.pk]})
    live.refresh_from_db()
    assert live.status == "retired"
    assert [e.get_change_message() for e in LogEntry.objects.filter(object_id=str(live.pk))] \
        == ["Status: Live → Retired."]
    assert not LogEntry.objects.filter(object_id=str(retired.pk)).exists()  # no change


def test_reviewer_sets_live_in_the_form_and_it_is_recorded(client, reviewer):
    q = QuestionFactory(status="draft")
    client.force_login(reviewer)
    response = edit(client, q, status="live")
    assert response.status_code == HTTPStatus.FOUND
    q.refresh_from_db()
    assert (q.status, q.approved_by) == ("live", reviewer)
    assert question_history(q)[0].what == "Status: Draft → Live (approved)."


def test_status_rule_lets_authors_move_only_between_draft_and_retired():
    author = member("Authors")
    assert approval.status_change_error(user=author, old="draft", new="retired") is None
    assert approval.status_change_error(user=author, old=None, new="draft") is None
    for old, new in ((None, "live"), ("draft", "live"), ("live", "retired")):
        assert approval.status_change_error(user=author, old=old, new=new) == \
            approval.ONLY_REVIEWERS
    with pytest.raises(PermissionError):
        approval.question_approve(question=QuestionFactory(status="draft"), user=author)


def test_history_costs_the_same_with_more_versions(reviewer, django_assert_num_queries):
    """The History reads the versions and the LogEntry rows in two queries (content types
    are cached), not one per version or entry."""
    q = QuestionFactory(status="draft")
    question_history(q)  # warms the content-type cache
    for _ in range(3):
        QuestionVersionFactory(question=q, created_by=reviewer)
    with django_assert_num_queries(2):
        history = question_history(q)
    assert [h.what for h in history][:1] == ["Version 4 created."]
    assert history[0].who == "Rita Reviewer"
