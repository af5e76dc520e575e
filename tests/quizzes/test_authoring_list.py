"""The question list: stem text, topic, kind, tier and status; searchable and filterable."""

import pytest
from django.urls import reverse

from quizzes.admin.questions import STEM_CHARS, QuestionAdmin
from tests.factories import QuestionFactory, TopicFactory

pytestmark = pytest.mark.django_db
LIST = "admin:quizzes_question_changelist"


def test_list_shows_the_first_line_of_the_stem_truncated(admin_client):
    long_line = "Which command " + "really " * 30 + "rewrites history?"
    QuestionFactory(version__stem=f"\n{long_line}\n\n```bash\ngit rebase\n```")
    html = admin_client.get(reverse(LIST)).content.decode()
    assert long_line[:STEM_CHARS - 1] + "…" in html
    assert "git rebase" not in html


def test_list_columns_are_a_plain_tuple_others_can_extend():
    assert {"stem_text", "topic", "kind", "difficulty", "status"} <= set(
        QuestionAdmin.list_display)
    assert isinstance(QuestionAdmin.list_display, tuple)


@pytest.mark.parametrize("query", ["eigenvalue", "linear-algebra-q", "Linear algebra"])
def test_list_search_by_stem_slug_or_topic(admin_client, query):
    topic = TopicFactory(title="Linear algebra")
    QuestionFactory(slug="linear-algebra-q", topic=topic,
                    version__stem="What is an eigenvalue?")
    QuestionFactory(slug="other", version__stem="Something else")
    response = admin_client.get(reverse(LIST), {"q": query})
    assert [q.slug for q in response.context["cl"].result_list] == ["linear-algebra-q"]


def test_list_filters_by_kind_and_status(admin_client):
    QuestionFactory(slug="num", version__kind="numeric", status="draft")
    QuestionFactory(slug="single")
    response = admin_client.get(reverse(LIST), {"current_version__kind": "numeric"})
    assert [q.slug for q in response.context["cl"].result_list] == ["num"]
    response = admin_client.get(reverse(LIST), {"status__exact": "draft"})
    assert [q.slug for q in response.context["cl"].result_list] == ["num"]
