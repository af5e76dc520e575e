"""Uploaded images: only real PNG/JPEG/GIF/WebP files, never SVG or files carrying
script; alt text required; referenced from Markdown as image:slug and shown with their
size and lazy loading; the CSP allows them."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from PIL import Image

from quizzes import imagecheck
from quizzes.cards import build_card
from quizzes.forms import AnswerForm
from quizzes.images import missing_image_problems, render_authored
from quizzes.models import IMAGE_SLUG_INVALID, QuestionImage
from quizzes.rendering import render_markdown
from tests.factories import QuestionFactory


def png_bytes(size=(30, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "teal").save(out, "PNG")
    return out.getvalue()


SVG_WITH_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


# Pure checks (no database).

def test_check_image_reads_a_real_png():
    assert imagecheck.check_image(png_bytes()) == imagecheck.ImageFacts("PNG", "image/png", 30, 20)


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"just some text, not a picture", "fake.png", imagecheck.NOT_AN_IMAGE),
    (SVG_WITH_SCRIPT, "chart.svg", imagecheck.SVG_REFUSED),
    (SVG_WITH_SCRIPT, "chart.png", imagecheck.SVG_REFUSED),
    (png_bytes() + b"<script>alert(1)</script>", "poly.png",
     imagecheck.HAS_MARKUP.format(marker="<script")),
    (png_bytes()[:40], "cut.png", imagecheck.NOT_AN_IMAGE),
    (b"", "empty.png", imagecheck.EMPTY),
])
def test_check_image_refuses(data, name, message):
    with pytest.raises(imagecheck.ImageRefused) as exc:
        imagecheck.check_image(data, name)
    assert str(exc.value) == message


def test_check_image_refuses_too_many_pixels():
    with pytest.raises(imagecheck.ImageRefused, match="pixels"):
        imagecheck.check_image(png_bytes((imagecheck.MAX_SIDE + 1, 1)))


def test_markdown_keeps_only_uploaded_image_references():
    html = render_markdown("![a chart](image:loss-curve) ![x](https://tracker.example/p.png)")
    assert '<img src="image:loss-curve" alt="a chart">' in html
    assert "tracker.example" not in html and "<img src=\"https" not in html


# Upload through the admin and render (database).

@pytest.fixture
def admin(client, staff_user):
    client.force_login(staff_user)
    return client


def _upload(admin, data, name, alt="A loss curve falling over 10 epochs", slug="loss-curve"):
    return admin.post(reverse("admin:quizzes_questionimage_add"), {
        "slug": slug, "alt_text": alt, "image": SimpleUploadedFile(name, data)})


@pytest.mark.django_db
def test_admin_uploads_a_real_png_to_default_storage(admin):
    response = _upload(admin, png_bytes(), "curve.png")
    assert response.status_code == 302
    image = QuestionImage.objects.get()
    assert (image.width, image.height) == (30, 20)
    assert default_storage.exists(image.image.name)
    change = admin.get(reverse("admin:quizzes_questionimage_change", args=[image.pk]))
    assert "![A loss curve falling over 10 epochs](image:loss-curve)" in change.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("data", "name", "message"), [
    (b"just some text, not a picture", "fake.png", imagecheck.NOT_AN_IMAGE),
    (SVG_WITH_SCRIPT, "evil.svg", imagecheck.SVG_REFUSED),
])
def test_admin_refuses_a_bad_file_and_says_why(admin, data, name, message):
    response = _upload(admin, data, name)
    assert response.status_code == 200
    assert message.split("(")[0].strip() in response.content.decode()
    assert QuestionImage.objects.count() == 0


@pytest.mark.django_db
def test_admin_refuses_a_missing_alt_text(admin):
    response = _upload(admin, png_bytes(), "curve.png", alt="")
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert QuestionImage.objects.count() == 0


@pytest.mark.django_db
def test_empty_alt_text_constraint():
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionImage.objects.create(slug="x", image="question-images/x.png", alt_text="",
                                     width=1, height=1)


@pytest.mark.django_db
def test_stem_image_renders_sized_lazy_and_from_media(admin):
    _upload(admin, png_bytes(), "curve.png")
    image = QuestionImage.objects.get()
    q = QuestionFactory(version__stem="Which curve?\n\n![](image:loss-curve)")
    v = q.current_version
    card = build_card(v, [], AnswerForm(kind=v.kind, choice_ids=[], scope="t"), None,
                      reveal=False)
    assert (f'<img class="authored-image" src="{image.image.url}" '
            'alt="A loss curve falling over 10 epochs" width="30" height="20" '
            'loading="lazy" decoding="async">') in card.stem_html
    assert image.image.url.startswith("/media/")


@pytest.mark.django_db
def test_unknown_image_is_said_missing_and_refused_by_the_admin_check():
    assert 'class="image-missing"' in render_authored("![x](image:nowhere)")
    assert missing_image_problems("![x](image:nowhere)") == [
        "no uploaded image is named “nowhere” (upload it under Quizzes › Question images)"]


def test_csp_allows_same_origin_images(settings):
    assert "'self'" in settings.SECURE_CSP["img-src"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["questionimage", "problemreport", "regradelog"])
def test_admin_changelists_and_search_answer(admin, name):
    url = reverse(f"admin:quizzes_{name}_changelist")
    assert admin.get(url).status_code == 200
    assert admin.get(url, {"q": "curve"}).status_code == 200


@pytest.mark.django_db
def test_uploaded_image_cannot_be_replaced_or_deleted(admin):
    _upload(admin, png_bytes(), "curve.png")
    image = QuestionImage.objects.get()
    name = image.image.name
    admin.post(reverse("admin:quizzes_questionimage_change", args=[image.pk]),
               {"alt_text": "A falling loss curve", "slug": "other",
                "image": SimpleUploadedFile("b.png", png_bytes((5, 5)))})
    image.refresh_from_db()
    assert (image.slug, image.image.name, image.alt_text) == ("loss-curve", name,
                                                              "A falling loss curve")
    assert admin.post(reverse("admin:quizzes_questionimage_delete",
                              args=[image.pk])).status_code == 403


@pytest.mark.django_db
def test_admin_refuses_a_slug_markdown_cannot_name(admin):
    response = _upload(admin, png_bytes(), "curve.png", slug="Loss_Curve")
    assert IMAGE_SLUG_INVALID in response.content.decode()
    assert QuestionImage.objects.count() == 0
