"""The custom user: logs in with an email address, and keeps the learner's preferences."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.urls import reverse

RESOURCE_KINDS = [
    ("course", "Courses"),
    ("book", "Books"),
    ("video", "Videos"),
    ("documentation", "Documentation"),
    ("certification", "Certifications"),
    ("practice", "Practice"),
    ("tool", "Tools"),
]


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class TargetLevel(models.IntegerChoices):
    # Mirrors quizzes.levels.Level; stored as its integer value.
    COMPETENT = 2, "Competent"
    PROFICIENT = 3, "Proficient (job-ready)"
    EXPERT = 4, "Expert"


class User(AbstractUser):
    username = None
    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(max_length=80, blank=True)
    # Learner preferences used by the recommendations.
    target_level = models.PositiveSmallIntegerField(
        choices=TargetLevel.choices, default=TargetLevel.PROFICIENT
    )
    weekly_hours = models.DecimalField(max_digits=4, decimal_places=1, default=5)
    free_only = models.BooleanField(
        default=False, help_text="Recommend only free or freemium resources."
    )
    preferred_kinds = models.JSONField(default=list, blank=True)
    # WCAG 2.1.4: single-key shortcuts (1-9, n, p, d, f on question pages) can be turned off.
    key_shortcuts = models.BooleanField(
        "single-key shortcuts", default=True,
        help_text="On question pages, keys 1–9 choose an option and n, p, d, f act; "
                  "turn off if they clash with speech input or other keys you use.")

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(weekly_hours__gt=0) & Q(weekly_hours__lte=80),
                name="user_weekly_hours_range",
            ),
            models.CheckConstraint(
                condition=Q(target_level__gte=2) & Q(target_level__lte=4),
                name="user_target_level_range",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_absolute_url(self) -> str:
        return reverse("accounts:profile")
