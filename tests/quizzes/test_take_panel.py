"""The take page's panel as built in Python (quizzes/take_panel.py): authored text
escaped, the parts that change per question inside the swapped panel and the ones that do
not outside it, and the time markup the pages share."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from django.urls import reverse

from quizzes.countdown import countdown, timer_html
from quizzes.local_time import local_time_html
from quizzes.services.attempts import attempt_start

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}


@pytest.fixture
def hostile(build_assessment, user, client):
    client.force_login(user)
    assessment = build_assessment(4, kinds=["single"], title='Git <script>alert(1)</script>')
    for draw in assessment.draws.select_related("topic"):
        draw.topic.title = 'Branches <img src=x onerror="alert(2)">'
        draw.topic.save()
    return attempt_start(user=user, assessment=assessment)


@pytest.mark.parametrize("headers", [{}, HX], ids=["page", "htmx panel"])
def test_authored_titles_are_escaped_in_the_panel(client, hostile, headers):
    url = reverse("quizzes:attempt_take", args=[hostile.pk])
    html = client.get(url, headers=headers).content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "Git &lt;script&gt;alert(1)&lt;/script&gt; · Skillcheck" in html  # data-title
    assert "Branches &lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in html


def test_the_submit_row_is_drawn_once_outside_the_swapped_panel(client, hostile):
    url = reverse("quizzes:attempt_take", args=[hostile.pk])
    page = client.get(url).content.decode()
    panel = client.get(url, headers=HX).content.decode()
    assert page.count('value="review"') == 1 and page.count('id="shortcuts-toggle"') == 1
    assert page.index('id="attempt-panel"') < page.index('class="submit-row"')
    # The swap carries only what changes from one question to the next.
    assert 'value="review"' not in panel and "shortcuts-toggle" not in panel
    assert panel.lstrip().startswith('<div id="attempt-panel"')
    assert panel.count('name="csrfmiddlewaretoken"') == 1


def test_local_time_is_said_in_utc_with_the_day_and_seconds_when_asked():
    when = datetime(2026, 11, 3, 8, 5, 9, tzinfo=timezone(timedelta(hours=1)))
    assert local_time_html(when) == (
        '<time datetime="2026-11-03T07:05:09Z" class="local-time">07:05 UTC</time>')
    assert local_time_html(when, seconds=True, with_date=True) == (
        '<time datetime="2026-11-03T07:05:09Z" class="local-time" data-seconds data-date>'
        "3 Nov 2026, 07:05:09 UTC</time>")


def test_timer_markup_only_for_a_deadline_and_escaped():
    now = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
    assert timer_html(countdown(None, now, "/x/")) == ""
    html = timer_html(countdown(now + timedelta(minutes=12), now, '/a/?q="1"'))
    assert 'role="timer"' in html and ">12\xa0minutes</strong>" in html
    assert 'data-expire-url="/a/?q=&quot;1&quot;"' in html
    assert '<time datetime="2026-11-29T12:12:00Z" class="local-time">12:12 UTC</time>' in html


@pytest.mark.parametrize("seconds", [
    -90, 0, 0.4, 59, 60, 61, 119, 3599, 3600, 3660, 3725.9, 7199, 86399, 86400, 90061,
    6 * 86400 + 59, 7 * 86400, 7 * 86400 + 3600, 13 * 86400 + 7200, 27 * 86400 + 86399,
    28 * 86400, 400 * 86400])
def test_time_left_says_what_timeuntil_says(seconds):
    from django.utils.timesince import timeuntil

    from quizzes.countdown import time_left

    now = datetime(2026, 1, 30, 23, 59, 30, 250_000, tzinfo=UTC)
    deadline = now + timedelta(seconds=seconds)
    assert time_left(deadline, now) == timeuntil(deadline, now)


def test_an_entry_that_does_not_read_is_never_called_saved(client, build_assessment, user):
    """Without JavaScript, "Save and next" with "a quarter" in a numeric box shows the
    message; the status says nothing was saved, and that the earlier answer is kept."""
    client.force_login(user)
    attempt = attempt_start(user=user, assessment=build_assessment(2, kinds=["numeric"]))
    url = reverse("quizzes:response_save", args=[attempt.pk, 1])
    html = client.post(url, {"answer": "a quarter", "action": "next"}).content.decode()
    assert "Not saved: see the message above.</span>" in html and "Answer saved" not in html
    client.post(url, {"answer": "0.25", "action": "stay"})
    html = client.post(url, {"answer": "a quarter", "action": "next"}).content.decode()
    assert "Not saved: see the message above. Your earlier answer is kept." in html
    assert attempt.responses.get(position=1).answer["value"] == "0.25"
