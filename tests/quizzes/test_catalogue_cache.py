"""The resource catalogue kept in process memory (quizzes/catalogue_cache.py) is never
stale: an admin edit, a load_banks run, a change of a resource's topics, a topic renamed
and a resource deleted all show on the next read, and an unchanged catalogue is read
without a query."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from quizzes import catalogue_cache
from quizzes.models import Area, Resource, Topic
from quizzes.services.recommendations import catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cached(settings):
    settings.CATALOGUE_CACHE = True
    catalogue_cache.clear()
    yield
    catalogue_cache.clear()


@pytest.fixture
def topics():
    area = Area.objects.create(slug="maths", title="Maths", order=1)
    return (Topic.objects.create(area=area, slug="probability", title="Probability", order=1),
            Topic.objects.create(area=area, slug="calculus", title="Calculus", order=2))


@pytest.fixture
def resource(topics):
    r = Resource.objects.create(slug="seeing-theory", title="Seeing Theory", provider="Brown",
                                url="https://example.org/st", kind="course", cost="free",
                                level="beginner", hours=3, description="Visual probability.")
    r.topics.set([topics[0]])
    return r


def only(items):
    (item,) = items
    return item


def test_an_unchanged_catalogue_is_read_once(resource, django_assert_num_queries):
    first = catalogue()
    with django_assert_num_queries(0):
        assert catalogue() == first


def test_a_write_the_token_missed_shows_after_max_age(resource, monkeypatch):
    """The safety net for a write from a process without the shared cache."""
    catalogue()
    Resource.objects.filter(pk=resource.pk).update(title="Renamed")  # no signal
    assert only(catalogue()).title == "Seeing Theory"
    monkeypatch.setattr(catalogue_cache, "MAX_AGE", 0)
    assert only(catalogue()).title == "Renamed"


def test_the_cache_is_off_without_a_shared_cache(resource, settings,
                                                 django_assert_num_queries):
    settings.CATALOGUE_CACHE = False
    catalogue()
    with django_assert_num_queries(2):
        catalogue()


def test_an_admin_edit_shows_on_the_next_read(resource, topics, admin_client):
    assert only(catalogue()).title == "Seeing Theory"
    response = admin_client.post(
        reverse("admin:quizzes_resource_change", args=[resource.pk]),
        {"slug": "seeing-theory", "title": "Seeing Theory, 2nd edition", "provider": "Brown",
         "url": "https://example.org/st", "kind": "course", "cost": "free",
         "level": "beginner", "hours": "4", "description": "Visual probability.",
         "topics": [topics[1].pk], "is_active": "on", "sections": "[]", "path": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    item = only(catalogue())
    assert (item.title, item.hours, item.topics) == ("Seeing Theory, 2nd edition", 4.0,
                                                      ("maths/calculus",))


def test_a_changed_topic_list_shows_on_the_next_read(resource, topics):
    assert only(catalogue()).topics == ("maths/probability",)
    resource.topics.add(topics[1])
    assert only(catalogue()).topics == ("maths/probability", "maths/calculus")
    resource.topics.remove(topics[0])
    assert only(catalogue()).topics == ("maths/calculus",)
    resource.topics.clear()
    assert only(catalogue()).topics == ()


def test_a_renamed_topic_or_area_and_a_deleted_resource_show(resource, topics):
    catalogue()
    topics[0].slug = "chance"
    topics[0].save()
    assert only(catalogue()).topics == ("maths/chance",)
    area = topics[0].area
    area.slug = "mathematics"
    area.save()
    assert only(catalogue()).topics == ("mathematics/chance",)
    Resource.objects.filter(pk=resource.pk).delete()
    assert catalogue() == []


def test_a_load_banks_run_shows_on_the_next_read(tmp_path):
    bank = tmp_path / "maths.yaml"
    bank.write_text("area:\n  slug: maths\n  title: Maths\n  description: M.\n  topics:\n"
                    "    - slug: probability\n      title: Probability\n")
    resources = tmp_path / "resources.yaml"
    entry = ("resources:\n  - slug: seeing-theory\n    title: {title}\n    provider: Brown\n"
             "    url: https://example.org/st\n    kind: course\n    cost: free\n"
             "    level: beginner\n    hours: 3\n    description: Visual.\n"
             "    topics: [maths/probability]\n")

    def load(title):
        resources.write_text(entry.format(title=title))
        call_command("load_banks", str(bank), str(resources), stdout=StringIO(),
                     stderr=StringIO())

    assert catalogue() == []
    load("Seeing Theory")
    assert only(catalogue()).title == "Seeing Theory"
    load("Seeing Theory Again")
    assert only(catalogue()).title == "Seeing Theory Again"


def test_a_write_gets_a_new_version_again_when_it_commits(resource,
                                                          django_capture_on_commit_callbacks):
    """Rows read while the write was not yet committed are not kept past the commit."""
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        resource.save()
        during = catalogue_cache.version()
    assert catalogue_cache.version() != during
