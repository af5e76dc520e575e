"""A deploy check: no account may still have a password printed in the README.

``manage.py check --deploy --database default`` runs it (``make serve-prod`` does before
starting gunicorn), so a database first set up by ``make run`` is not served for real
with the demo admin's public login."""

from __future__ import annotations

from django.core import checks

DEMO_LOGIN_LIVE = "accounts.E001"


@checks.register(checks.Tags.security, deploy=True)
def demo_logins_removed(app_configs=None, databases=None, **kwargs):
    if not databases:
        return []
    from django.contrib.auth import get_user_model
    from django.db import DatabaseError

    from quizzes.management.commands.create_demo_users import DEMO_USERS

    passwords = {email: password for email, password, _ in DEMO_USERS}
    try:
        users = list(get_user_model().objects.filter(email__in=passwords, is_active=True))
    except DatabaseError:  # not migrated yet: nothing to find
        return []
    return [
        checks.Error(
            f"The demo account {user.email} still has its public password.",
            hint="Remove the demo users: python manage.py create_demo_users --remove",
            id=DEMO_LOGIN_LIVE,
        )
        for user in users if user.check_password(passwords[user.email])
    ]
