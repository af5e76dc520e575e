"""Create (or reset) the demo learner and the demo admin, and print their logins.

Their passwords are public (README), so this runs only in development (DJANGO_DEBUG=true);
``--remove`` deletes them, e.g. from a database that is about to be served for real."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

DEMO_USERS = [
    # email, password, staff
    ("learner@example.com", "learn-skillcheck", False),
    ("admin@example.com", "admin-skillcheck", True),
]
NOT_IN_PRODUCTION = ("Demo users have public passwords: create them only in development "
                     "(DJANGO_DEBUG=true).")


class Command(BaseCommand):
    help = "Create the demo learner and admin (idempotent) and print their logins."

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
        for email, password, staff in DEMO_USERS:
            user, _ = User.objects.get_or_create(email=email)
            user.is_staff = user.is_superuser = staff
            user.display_name = "Demo admin" if staff else "Demo learner"
            user.set_password(password)
            user.save()
            if verbosity:
                role = "admin  " if staff else "learner"
                self.stdout.write(self.style.SUCCESS(
                    f"Demo {role}: {email} / {password}"))
