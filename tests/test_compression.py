"""Compressed responses: HTML pages gzipped with a fresh CSRF mask each time (BREACH), static
files from the production storage in Brotli and gzip with far-future caching of hashed
names (docs/performance.md "Page weight")."""

import gzip
import re

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client, override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PRODUCTION_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
TEN_YEARS = 10 * 365 * 24 * 3600


def test_html_is_gzipped_with_a_csrf_token_masked_afresh_each_time(client):
    url = reverse("accounts:signup")
    tokens = []
    for _ in range(2):
        response = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        html = gzip.decompress(response.content).decode()
        assert len(response.content) < len(html) / 2
        tokens.append(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1))
    # The same secret, masked differently in each response: nothing repeats for BREACH.
    assert tokens[0] != tokens[1]


def test_html_without_accept_encoding_is_sent_plain(client):
    response = client.get(reverse("accounts:signup"))
    assert not response.has_header("Content-Encoding")
    assert b"<html" in response.content


@pytest.fixture
def collected(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.DEBUG = False
    with override_settings(STORAGES=PRODUCTION_STATIC):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield


@pytest.mark.usefixtures("collected")
def test_hashed_static_files_are_brotli_or_gzip_and_cached_for_years():
    url = static("css/site.css")
    assert re.search(r"site\.[0-9a-f]{12}\.css$", url)
    client = Client()  # a new client: whitenoise reads STATIC_ROOT when it starts
    plain = client.get(url)
    body = b"".join(plain.streaming_content)
    for accept, encoding in (("br, gzip", "br"), ("gzip", "gzip")):
        response = client.get(url, headers={"Accept-Encoding": accept})
        assert response["Content-Encoding"] == encoding
        size = sum(len(chunk) for chunk in response.streaming_content)
        assert size < len(body) / 2
        assert f"max-age={TEN_YEARS}" in response["Cache-Control"]
        assert "immutable" in response["Cache-Control"]
    # An unhashed name may change under the same URL: it is not cached for years.
    unhashed = client.get("/static/css/site.css")
    assert f"max-age={TEN_YEARS}" not in unhashed.get("Cache-Control", "")


def test_a_body_that_fits_in_one_packet_is_not_compressed(rf):
    """An autosave's reply (about 700 bytes) goes out in one packet either way: gzip would
    cost the server CPU on every change and save the learner nothing."""
    from django.http import HttpResponse

    from config.middleware import ONE_PACKET, GZipMiddleware

    middleware = GZipMiddleware(lambda request: None)
    request = rf.get("/", headers={"Accept-Encoding": "gzip"})
    short = middleware.process_response(request, HttpResponse("a" * (ONE_PACKET - 1)))
    assert not short.has_header("Content-Encoding") and len(short.content) == ONE_PACKET - 1
    longer = middleware.process_response(request, HttpResponse("a" * ONE_PACKET))
    assert longer["Content-Encoding"] == "gzip"
    assert gzip.decompress(longer.content) == b"a" * ONE_PACKET
