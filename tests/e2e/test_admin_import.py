"""The admin's question import in a browser: upload, preview (nothing written), confirm;
screenshots at desktop and phone widths in the light and dark themes. No CSP violation."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from quizzes.models import Question
from tests.factories import AreaFactory, TopicFactory, UserFactory
from tests.quizzes.test_interchange_import import GIFT

BAD = GIFT + "\n::Cost::It costs $5 {#5:0####Five.}\n"


@pytest.fixture
def staff_context(browser, live_server, transactional_db):
    area = AreaFactory(slug="history", title="History")
    TopicFactory(area=area, slug="presidents", title="Presidents")
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value

    def make(width: int, scheme: str):
        context = browser.new_context(viewport={"width": width, "height": 900},
                                      color_scheme=scheme, base_url=live_server.url)
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session,
                              "url": live_server.url}])
        page = context.new_page()
        page.set_default_timeout(10_000)
        errors: list[str] = []
        # The admin pages have no favicon (a 404 the console reports); anything else counts.
        page.on("console", lambda m: errors.append(m.text)
                if m.type == "error" and "Failed to load resource" not in m.text else None)
        page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
                if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
        page.console_errors = errors
        return context, page

    return make


def preview(page, tmp_path, text: str):
    page.goto("/admin/quizzes/question/")
    page.get_by_role("link", name="Import questions").click()
    path = tmp_path / "grant.gift.txt"
    path.write_text(text)
    page.set_input_files("input[name=file]", str(path))
    page.select_option("select[name=area]", label="History")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#import-preview")).to_be_visible()


@pytest.mark.parametrize(("width", "scheme"), [(1366, "light"), (390, "dark")])
def test_import_preview_then_confirm_in_the_browser(staff_context, tmp_path, shot, width,
                                                    scheme):
    context, page = staff_context(width, scheme)
    preview(page, tmp_path, GIFT)
    expect(page.locator("#import-summary")).to_contain_text("Nothing has been written yet")
    shot(page, f"admin-import-preview-{width}-{scheme}")
    assert Question.objects.count() == 0
    page.get_by_role("button", name="Import 2 questions").click()
    expect(page.locator(".messagelist")).to_contain_text("Imported into History: 2 new.")
    assert Question.objects.filter(status="draft").count() == 2
    assert page.console_errors == []
    context.close()


@pytest.mark.parametrize(("width", "scheme"), [(1366, "dark"), (390, "light")])
def test_import_with_an_error_offers_no_confirm(staff_context, tmp_path, shot, width, scheme):
    context, page = staff_context(width, scheme)
    preview(page, tmp_path, BAD)
    expect(page.locator("#import-preview .import-error")).to_contain_text("stray")
    expect(page.locator("#import-confirm")).to_have_count(0)
    shot(page, f"admin-import-errors-{width}-{scheme}")
    assert Question.objects.count() == 0
    assert page.console_errors == []
    context.close()
