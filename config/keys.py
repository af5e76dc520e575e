"""Is a DJANGO_SECRET_KEY fit for production? Pure, so the settings and tests share it.

The key signs sessions, password-reset links and the answer tokens of every question:
a key that is public (a default printed in a repository) or guessable lets anyone forge
them."""

from __future__ import annotations

MAKE_ONE = ("Make one with: python -c 'import secrets; print(secrets.token_urlsafe(50))' "
            "and keep it out of the repository.")
MIN_LENGTH = 40
#: Keys that were ever printed in this repository, its Makefile or Django's templates.
PUBLIC_KEYS = {
    "local-production-check-key-change-me",
    "dev-or-test-only-insecure-key",
}


def secret_key_problem(key: str) -> str | None:
    """Why ``key`` cannot sign a production site, or None when it can."""
    if not key:
        return "DJANGO_SECRET_KEY is not set."
    if key in PUBLIC_KEYS or key.startswith("django-insecure"):
        return "DJANGO_SECRET_KEY is a public default, not a secret."
    if len(key) < MIN_LENGTH or len(set(key)) < 10:
        return (f"DJANGO_SECRET_KEY is too short or too plain (at least {MIN_LENGTH} "
                "varied characters).")
    return None


if __name__ == "__main__":  # `python -m config.keys`: make serve-prod asks before starting
    import os
    import sys

    problem = secret_key_problem(os.environ.get("DJANGO_SECRET_KEY", ""))
    if problem:
        sys.exit(f"Refusing to serve: {problem}\n{MAKE_ONE}\n"
                 "Then: DJANGO_SECRET_KEY=... make serve-prod")
