"""Project middleware."""

from __future__ import annotations


def head_without_body(get_response):
    """Answer HEAD with the GET's headers (Content-Length included) and no body.

    Django's test client and runserver drop the body themselves; gunicorn drops it too
    but logs a warning for every HEAD (monitors send one every few seconds). Outermost, so
    CommonMiddleware has already set the length of the full page."""

    def middleware(request):
        response = get_response(request)
        if request.method == "HEAD":
            if response.streaming:
                response.streaming_content = []
            else:
                response.content = b""
        return response

    return middleware
