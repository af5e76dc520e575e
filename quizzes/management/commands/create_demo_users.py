"""Create (or reset) the demo learner, author, reviewer and admin, and print their logins.

The author and the reviewer are staff in the "Authors" and "Reviewers" groups (made by a
migration, docs/authoring-roles.md): the author writes drafts, the reviewer approves them.

Their passwords are public (README), so this runs only in development (DJANGO_DEBUG=true);
``--remove`` deletes them, e.g. from a database that is about to be served for real."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from quizzes.services.approval import roles_groups_ensure

DEMO_USERS = [
    # email, password, role (learner, author, reviewer, admin)
    ("learner@example.com", "learn-skillcheck", "learner"),
    ("author@example.com", "author-skillcheck", "author"),
    ("reviewer@example.com", "review-skillcheck", "reviewer"),
    ("admin@example.com", "admin-skillcheck", "admin"),
]
GROUPS = {"author": "Authors", "reviewer": "Reviewers"}
NOT_IN_PRODUCTION = ("Demo users have public passwords: create them only in development "
                     "(DJANGO_DEBUG=true).")


class Command(BaseCommand):
    help = ("Create the demo learner, author, reviewer and admin (idempotent) and print "
            "their logins.")

    def add_arguments(self, parser):
        parser.add_argument("--remove", action="store_true",
                            help="Delete the demo users instead (allowed in production).")

    def handle(self, *args, verbosity, remove=False, **options):
        User = get_user_model()
        emails = [email for email, _, _ in DEMO_USERS]
        if remove:
            deleted, _ = User.objects.filter(email__in=emails).delete()
            if verbosity:
                self.stdout.write(f"Removed the demo users ({deleted} rows).")
            return
        if not settings.DEBUG:
            raise CommandError(NOT_IN_PRODUCTION)
        roles_groups_ensure()
        for email, password, role in DEMO_USERS:
            user, _ = User.objects.get_or_create(email=email)
            user.is_staff = role != "learner"
            user.is_superuser = role == "admin"
            user.display_name = f"Demo {role}"
            user.set_password(password)
            user.save()
            user.groups.set(Group.objects.filter(name=GROUPS[role]) if role in GROUPS else [])
            if verbosity:
                self.stdout.write(self.style.SUCCESS(
                    f"Demo {role:<8}: {email} / {password}"))
