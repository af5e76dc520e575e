"""The admin's import (upload, preview, confirm) and export pages: staff only, CSRF, a size
limit, nothing written before the confirmation, and no 500 on garbage files."""

import base64
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from quizzes.admin.interchange import BAD_CONTENT, FILE_TOO_BIG, MAX_UPLOAD_BYTES
from quizzes.formats import gift
from quizzes.formats.interchange import NOT_TEXT
from quizzes.formats.moodle_xml import UNSAFE
from quizzes.models import Question
from tests.factories import AreaFactory, QuestionFactory, TopicFactory, UserFactory
from tests.quizzes.test_interchange_import import GIFT
from tests.quizzes.test_moodle_xml import BOMB

pytestmark = pytest.mark.django_db
IMPORT = reverse("interchange:question_import")
EXPORT = reverse("interchange:question_export")


@pytest.fixture
def area():
    area = AreaFactory(slug="history")
    TopicFactory(area=area, slug="presidents", title="Presidents")
    return area


def upload(client, area, content: bytes, name="q.gift.txt"):
    return client.post(IMPORT, {"area": area.pk,
                                "file": SimpleUploadedFile(name, content)})


def test_question_list_links_to_import_and_export(admin_client):
    page = admin_client.get(reverse("admin:quizzes_question_changelist")).content.decode()
    assert f'href="{IMPORT}"' in page and f'href="{EXPORT}"' in page


def test_import_pages_are_for_staff_only(client, area):
    # Anonymous: the admin's login page.
    assert client.get(IMPORT).status_code == HTTPStatus.FOUND
    # A learner (not staff): the admin's login page too, and nothing is imported.
    client.force_login(UserFactory())
    assert client.get(IMPORT).status_code == HTTPStatus.FOUND
    assert upload(client, area, GIFT.encode()).status_code == HTTPStatus.FOUND
    # Staff without the permission to add questions: refused.
    client.force_login(UserFactory(is_staff=True))
    assert client.get(IMPORT).status_code == HTTPStatus.FORBIDDEN
    assert client.get(EXPORT).status_code == HTTPStatus.FORBIDDEN
    assert Question.objects.count() == 0


def test_import_post_without_csrf_token_is_refused(admin_user, area):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    assert upload(client, area, GIFT.encode()).status_code == HTTPStatus.FORBIDDEN


def test_upload_shows_a_preview_and_writes_nothing_then_confirm_imports(admin_client, area):
    response = upload(admin_client, area, GIFT.encode())
    page = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert 'id="import-preview"' in page and "grant-tomb" in page and "create" in page
    assert Question.objects.count() == 0
    content = response.context["confirm"].initial["content"]
    response = admin_client.post(IMPORT, {"confirm": "1", "area": area.pk, "content": content})
    assert response.status_code == HTTPStatus.FOUND
    assert sorted(Question.objects.values_list("slug", "status")) == [
        ("born", "draft"), ("grant-tomb", "draft")]


def test_confirm_checks_the_file_again_and_writes_nothing_if_it_fails(admin_client, area):
    bad = base64.b64encode(b"::A:: no category {T####x}").decode()
    response = admin_client.post(IMPORT, {"confirm": "1", "area": area.pk, "content": bad})
    assert response.status_code == HTTPStatus.OK
    assert escape(gift.NO_CATEGORY) in response.content.decode()
    assert Question.objects.count() == 0


def test_confirm_with_a_mangled_file_says_so(admin_client, area):
    response = admin_client.post(IMPORT, {"confirm": "1", "area": area.pk, "content": "@@@"},
                                 follow=True)
    assert BAD_CONTENT in response.content.decode()
    assert Question.objects.count() == 0


@pytest.mark.parametrize(("name", "content", "message"), [
    ("image.xml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", NOT_TEXT),
    ("cut.xml", b'<?xml version="1.0"?><quiz><question type="truefalse"><name><te',
     "not well-formed XML"),
    ("bomb.xml", BOMB.encode(), UNSAFE),
    ("noise.txt", b"{{{ }}} ~~~ ::: ####", gift.TEXT_AFTER),
    ("empty.txt", b"", "The submitted file is empty."),
])
def test_garbage_files_get_a_clear_error_and_change_nothing(admin_client, area, name,
                                                            content, message):
    response = upload(admin_client, area, content, name)
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert escape(message) in page and 'id="import-confirm"' not in page
    assert Question.objects.count() == 0


def test_a_file_over_the_limit_is_refused(admin_client, area):
    response = upload(admin_client, area, b"x" * (MAX_UPLOAD_BYTES + 1))
    assert FILE_TOO_BIG.format(size=MAX_UPLOAD_BYTES + 1, limit=MAX_UPLOAD_BYTES) in \
        response.content.decode()
    assert Question.objects.count() == 0


def test_export_page_downloads_an_area_as_xml_or_gift(admin_client, area):
    QuestionFactory(topic=area.topics.get(), slug="in-area")
    QuestionFactory(slug="elsewhere")
    assert admin_client.get(EXPORT).status_code == HTTPStatus.OK
    response = admin_client.get(EXPORT, {"download": "1", "area": area.pk, "format": "gift"})
    assert response["Content-Disposition"] == \
        'attachment; filename="skillcheck-history.gift.txt"'
    slugs = [p.question.slug for p in gift.parse(response.content.decode()).questions]
    assert slugs == ["in-area"]
    response = admin_client.get(EXPORT, {"download": "1", "format": "xml"})
    assert response["Content-Type"].startswith("application/xml")
    assert b"<idnumber>elsewhere</idnumber>" in response.content


def test_export_action_downloads_the_selected_questions(admin_client):
    chosen, _other = QuestionFactory(slug="chosen"), QuestionFactory(slug="other")
    response = admin_client.post(reverse("admin:quizzes_question_changelist"), {
        "action": "export_xml", "_selected_action": [chosen.pk]})
    assert response["Content-Disposition"] == 'attachment; filename="skillcheck-selected.xml"'
    assert b"<idnumber>chosen</idnumber>" in response.content
    assert b"<idnumber>other</idnumber>" not in response.content
