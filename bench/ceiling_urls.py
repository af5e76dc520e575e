"""The app's URLs plus the ceiling: a logged-in page with the same middleware, session
auth and base template as every learner page, and nothing else."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import path
from django.views.decorators.http import require_GET

from config.urls import urlpatterns as app_urlpatterns

CEILING = engines["django"].from_string(
    '{% extends "base.html" %}{% block title %}Ceiling{% endblock %}'
    "{% block content %}<h1>Ceiling</h1><p>A bare page.</p>{% endblock %}"
)


@login_required
@require_GET
def ceiling(request):
    return HttpResponse(CEILING.render({}, request))


urlpatterns = [path("bench/ceiling/", ceiling, name="bench_ceiling"), *app_urlpatterns]
