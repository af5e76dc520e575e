import pytest


@pytest.fixture(autouse=True)
def _fast_hashing_and_media(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    # Off even with REDIS_URL (the suite on PostgreSQL): a test's rolled-back rows send no
    # signal, so a catalogue kept from an earlier test would be stale. Its own tests turn
    # it on (tests/quizzes/test_catalogue_cache.py).
    settings.CATALOGUE_CACHE = False


@pytest.fixture
def user(db):
    from tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def other_user(db):
    from tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def staff_user(db):
    from tests.factories import UserFactory

    return UserFactory(is_staff=True, is_superuser=True)
