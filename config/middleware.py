"""Project middleware."""

from __future__ import annotations

from django.middleware import gzip

#: A body this short goes out in one TCP packet anyway: compressing it saves the learner
#: nothing and costs the server CPU on every autosave (its reply is about 700 bytes).
ONE_PACKET = 1_400


class GZipMiddleware(gzip.GZipMiddleware):
    """Django's gzip (with its random padding against BREACH) for bodies of more than
    one packet; shorter ones as they are (Django's own floor is 200 bytes)."""

    def process_response(self, request, response):
        if not response.streaming and len(response.content) < ONE_PACKET:
            return response
        return super().process_response(request, response)


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
