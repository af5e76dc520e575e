import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_create_user_lowercases_email_and_hashes_password():
    user = User.objects.create_user("Mixed@Example.COM", "pw-12345678")
    assert user.email == "mixed@example.com" and user.check_password("pw-12345678")


def test_create_superuser_is_staff():
    admin = User.objects.create_superuser("root@example.com", "pw-12345678")
    assert admin.is_staff and admin.is_superuser


def test_create_user_without_email_raises():
    with pytest.raises(ValueError, match="email"):
        User.objects.create_user("", "x")


def test_weekly_hours_constraint(user):
    user.weekly_hours = 0
    with pytest.raises(ValidationError):
        user.full_clean()
    with pytest.raises(IntegrityError):
        User.objects.filter(pk=user.pk).update(weekly_hours=0)


def test_email_unique(user):
    with pytest.raises(IntegrityError):
        User.objects.create(email=user.email)
