"""Create (or reset) the demo learner and the demo admin, and print their logins."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

DEMO_USERS = [
    # email, password, staff
    ("learner@example.com", "learn-skillcheck", False),
    ("admin@example.com", "admin-skillcheck", True),
]


class Command(BaseCommand):
    help = "Create the demo learner and admin (idempotent) and print their logins."

    def handle(self, *args, verbosity, **options):
        User = get_user_model()
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
