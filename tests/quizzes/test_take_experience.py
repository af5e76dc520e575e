"""The take page for the learner (issue 11): an ordering answer kept on error, labelled by
its items and moved by buttons without JavaScript; the switch for single-key shortcuts;
the timer in local time with its own three-message live region, on the submit page too;
an adaptive check that ends without a submit page or a flag legend."""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertRedirects

from quizzes.forms import order_after_move, shown_order
from quizzes.models import AttemptStatus
from quizzes.services.attempts import attempt_start
from tests.factories import AreaFactory, AssessmentFactory, QuestionFactory, TopicFactory
from tests.quizzes.test_views_attempt import response_at, save_url, take_url, tok

HX = {"HX-Request": "true"}


# --- Ordering: the pure rules of the list ------------------------------------------------

@pytest.mark.parametrize(("positions", "expected"), [
    ({}, [1, 2, 3, 4]),  # nothing chosen: as drawn
    ({3: 1, 1: 2}, [3, 1, 2, 4]),  # chosen first, by position; the rest as drawn
    ({4: 1, 3: 2, 2: 3, 1: 4}, [4, 3, 2, 1]),
    ({2: 1, 3: 1}, [2, 3, 1, 4]),  # a position used twice keeps the drawn order between them
])
def test_shown_order_puts_chosen_positions_first(positions, expected):
    assert shown_order([1, 2, 3, 4], positions) == expected


@pytest.mark.parametrize(("moved", "step", "expected"), [
    (1, 1, [2, 1, 3]),
    (3, -1, [1, 3, 2]),
    (1, -1, [1, 2, 3]),  # the top item cannot go higher
    (3, 1, [1, 2, 3]),  # nor the bottom one lower
])
def test_order_after_move_swaps_with_the_neighbour(moved, step, expected):
    assert order_after_move([1, 2, 3], {}, moved, step) == expected


def test_order_after_move_starts_from_the_learners_order():
    # Shown as 3, 1, 2 (3 was put first); moving 1 up puts it on top.
    assert order_after_move([1, 2, 3], {3: 1}, 1, -1) == [1, 3, 2]


# --- Ordering on the take page -----------------------------------------------------------

@pytest.fixture
def ordering(build_assessment, user, client):
    client.force_login(user)
    attempt = attempt_start(user=user, assessment=build_assessment(2, kinds=["ordering"]))
    return attempt, response_at(attempt, 1)


def selected_positions(html: str, response) -> dict[int, str]:
    """Each item's selected position in the page ("" for the blank option), by choice id."""
    found = {}
    for cid in response.choice_order:
        select = re.search(rf'<select name="pos_{tok(response, cid)}".*?</select>', html, re.S)
        chosen = re.search(r'<option value="(\d*)" selected>', select.group(0))
        found[cid] = chosen.group(1) if chosen else ""
    return found


def item_order(html: str, response) -> list[int]:
    return sorted(response.choice_order, key=lambda cid: html.index(f"pos_{tok(response, cid)}"))


def test_ordering_error_keeps_every_position_given(ordering, client):
    """The reported bug: a position used twice reset every list to "—"."""
    attempt, r = ordering
    a, b, c, d = r.choice_order
    sent = {a: "2", b: "2", c: "1", d: ""}
    data = {f"pos_{tok(r, cid)}": v for cid, v in sent.items()}
    html = client.post(save_url(attempt, 1), {**data, "action": "next"}).content.decode()
    assert "Give each item a different position" in html
    assert selected_positions(html, r) == sent
    assert item_order(html, r) == [c, a, b, d]  # listed in the learner's order
    assert response_at(attempt, 1).answer is None


def test_ordering_lists_are_named_by_their_items(ordering, client):
    attempt, r = ordering
    html = client.get(take_url(attempt)).content.decode()
    for cid in r.choice_order:
        text = r.version.choices.get(pk=cid).text
        label = re.search(rf'<label for="q-opt-{tok(r, cid)}"[^>]*>(.*?)</label>', html, re.S)
        assert re.sub(r"<[^>]+>", "", label.group(1)) == f"Position of: {text}"
        assert f'aria-labelledby="q-opt-{tok(r, cid)}-up q-opt-{tok(r, cid)}-text"' in html


def test_ordering_move_without_javascript_moves_and_fills_every_position(ordering, client):
    attempt, r = ordering
    a, b, c, d = r.choice_order
    response = client.post(save_url(attempt, 1), {f"pos_{tok(r, a)}": "", "seq": "3",
                                                  "action": f"move-down-{tok(r, a)}"})
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert item_order(html, r) == [b, a, c, d]
    assert selected_positions(html, r) == {b: "1", a: "2", c: "3", d: "4"}
    assert "Order changed, not saved yet." in html
    assert re.search(rf'value="move-down-{tok(r, a)}"[^>]*autofocus', html)
    assert response_at(attempt, 1).answer is None  # moved, not saved: Save and next saves
    # The first item's "up" and the last item's "down" do nothing, so they are disabled.
    assert re.search(rf'value="move-up-{tok(r, b)}"[^>]*disabled', html)
    assert re.search(rf'value="move-down-{tok(r, d)}"[^>]*disabled', html)


def test_ordering_move_of_an_unknown_item_changes_nothing(ordering, client):
    attempt, _ = ordering
    response = client.post(save_url(attempt, 1), {"action": "move-up-cnotatoken00"})
    assert response.status_code == HTTPStatus.OK
    assert "Order changed" not in response.content.decode()
    assert response_at(attempt, 1).answer is None


# --- Single-key shortcuts can be switched off (WCAG 2.1.4) -------------------------------

def test_shortcuts_switch_is_remembered_on_the_account(attempt_for_user, client, user):
    attempt = attempt_for_user
    url = reverse("accounts:shortcuts_set")
    response = client.post(url, {"enabled": "off"}, headers=HX)
    assert 'data-shortcuts="off"' in response.content.decode()
    assert "Turn on single-key shortcuts" in response.content.decode()
    user.refresh_from_db()
    assert user.key_shortcuts is False
    page = client.get(take_url(attempt)).content.decode()
    assert re.search(r'<body[^>]*data-shortcuts="off"', page)
    # Without JavaScript the post comes back to the page it was sent from.
    response = client.post(url, {"enabled": "on", "next": take_url(attempt, 2)})
    assertRedirects(response, take_url(attempt, 2), fetch_redirect_response=False)
    user.refresh_from_db()
    assert user.key_shortcuts is True
    assert "data-shortcuts" not in re.search(r"<body[^>]*>", client.get(take_url(attempt))
                                             .content.decode()).group(0)


def test_shortcuts_switch_swapped_in_keeps_the_page_it_returns_to(client, user):
    client.force_login(user)
    url = reverse("accounts:shortcuts_set")
    html = client.post(url, {"enabled": "off", "next": "/attempts/7/?q=3"},
                       headers=HX).content.decode()
    assert 'name="next" value="/attempts/7/?q=3"' in html
    assert 'name="enabled" value="on"' in html and 'name="csrfmiddlewaretoken"' in html
    html = client.post(url, {"enabled": "on", "next": "https://evil.example/"},
                       headers=HX).content.decode()
    assert f'name="next" value="{reverse("accounts:profile")}"' in html
    assert "Turn off single-key shortcuts" in html and 'data-shortcuts="on"' in html


def test_shortcuts_switch_never_redirects_off_site(client, user):
    client.force_login(user)
    response = client.post(reverse("accounts:shortcuts_set"),
                           {"enabled": "off", "next": "https://evil.example/"})
    assertRedirects(response, reverse("accounts:profile"), fetch_redirect_response=False)


def test_shortcuts_are_a_profile_preference_too(client, user):
    client.force_login(user)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Single-key shortcuts on question pages" in page


# --- The timer ---------------------------------------------------------------------------

@pytest.fixture
def attempt_for_user(build_assessment, user, client):
    client.force_login(user)
    return attempt_start(user=user, assessment=build_assessment(4, time_limit_minutes=20))


def test_timer_says_utc_without_javascript_and_has_its_own_quiet_live_region(
        attempt_for_user, client):
    attempt = attempt_for_user
    end = attempt.deadline.astimezone(timezone.UTC)
    for url in (take_url(attempt), reverse("quizzes:attempt_submit", args=[attempt.pk])):
        html = client.get(url).content.decode()
        assert '<p class="countdown" role="timer" aria-live="off">' in html, url
        assert (f'<time datetime="{end:%Y-%m-%dT%H:%M:%S}Z" class="local-time">'
                f'{end:%H:%M} UTC</time>') in html, url
        assert ('<p id="timer-announce" class="visually-hidden" aria-live="polite" '
                'aria-atomic="true"></p>') in html, url
    # The swapped panel is not a live region (the timer ticks inside it).
    assert 'id="attempt-panel" class="attempt-panel">' in client.get(take_url(attempt)) \
        .content.decode()


def test_timer_is_in_the_sticky_bar_with_the_main_button(attempt_for_user, client):
    html = client.get(take_url(attempt_for_user)).content.decode()
    bar = re.search(r'<div class="take-bar">(.*?)</div>', html, re.S).group(1)
    assert 'id="countdown"' in bar and 'value="next"' in bar


def test_untimed_attempt_has_no_timer(build_assessment, user, client):
    client.force_login(user)
    attempt = attempt_start(user=user, assessment=build_assessment(4, time_limit_minutes=None))
    html = client.get(take_url(attempt)).content.decode()
    assert "countdown" not in html and "timer-announce" not in html


def test_saved_time_is_said_in_utc_for_the_browser_to_localise(build_assessment, user, client):
    client.force_login(user)
    attempt = attempt_start(user=user, assessment=build_assessment(2, kinds=["text"]))
    fragment = client.post(save_url(attempt, 1), {"action": "autosave", "answer": "stash"},
                           headers=HX).content.decode()
    assert re.search(r'✓ Saved at <time datetime="[^"]+Z" class="local-time" data-seconds>'
                     r"\d\d:\d\d:\d\d UTC</time></span>", fragment)


# --- An adaptive check ends when the measurement says so ---------------------------------

@pytest.fixture
def adaptive_attempt(db, user, client):
    area = AreaFactory()
    topics = [TopicFactory(area=area, order=i) for i in (1, 2)]
    for i in range(8):
        QuestionFactory(topic=topics[i % 2], version__difficulty=1 + i % 5)
    assessment = AssessmentFactory(topics=topics, topics__per_topic=1, area=area,
                                   mode="adaptive", feedback="immediate")
    client.force_login(user)
    return attempt_start(user=user, assessment=assessment)


def test_adaptive_take_page_has_no_submit_button_and_no_flag_legend(adaptive_attempt, client):
    html = client.get(take_url(adaptive_attempt)).content.decode()
    assert "Review and submit" not in html
    assert "flagged" not in html and "Flag for later" not in html


def test_adaptive_check_has_no_submit_page(adaptive_attempt, client):
    response = client.get(reverse("quizzes:attempt_submit", args=[adaptive_attempt.pk]))
    assertRedirects(response, take_url(adaptive_attempt), fetch_redirect_response=False)


def test_adaptive_check_ends_on_its_last_answer_with_the_result(adaptive_attempt, client):
    attempt = adaptive_attempt
    position = 1
    for _ in range(10):
        attempt.refresh_from_db()
        if attempt.status != AttemptStatus.IN_PROGRESS:
            break
        # "Check answer" on an empty answer keeps the question, even the last one.
        stay = client.post(save_url(attempt, position), {"action": "next"})
        assert stay.status_code in (HTTPStatus.OK, HTTPStatus.FOUND)
        assert attempt.responses.get(position=position).locked is False
        client.post(save_url(attempt, position), {"action": "dont-know"})  # feedback shown
        response = client.post(save_url(attempt, position), {"action": "next"})
        if response["Location"].endswith("/result/"):
            break
        assertRedirects(response, take_url(attempt, position + 1),
                        fetch_redirect_response=False)
        position += 1
    attempt.refresh_from_db()
    assert attempt.status != AttemptStatus.IN_PROGRESS
    assert response["Location"] == reverse("quizzes:attempt_result", args=[attempt.pk])
