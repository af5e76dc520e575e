"""Production serving ships no known credentials: no demo users, no public secret key
(issue 9, "Authentication and deployment")."""

import os
import secrets
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core import checks
from django.core.management import CommandError, call_command

from accounts.checks import DEMO_LOGIN_LIVE
from accounts.models import User
from config.keys import MAKE_ONE, secret_key_problem

ROOT = Path(__file__).resolve().parents[2]
MAKE = shutil.which("make") or "/usr/bin/make"


@pytest.mark.parametrize("key", ["", "local-production-check-key-change-me",
                                 "dev-or-test-only-insecure-key", "django-insecure-abc" * 4,
                                 "short-key", "a" * 60])
def test_public_or_weak_keys_are_refused(key):
    assert secret_key_problem(key)


def test_a_generated_key_is_accepted():
    assert secret_key_problem(secrets.token_urlsafe(50)) is None


def settings_import(key: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    if key is not None:
        env["DJANGO_SECRET_KEY"] = key
    return subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("key", [None, "local-production-check-key-change-me"])
def test_production_settings_refuse_a_missing_or_public_key(key):
    """make serve-prod used to sign with a default key printed in the Makefile."""
    result = settings_import(key)
    assert result.returncode != 0
    assert "token_urlsafe(50)" in result.stderr


def test_production_settings_start_with_a_real_key():
    assert settings_import(secrets.token_urlsafe(50)).returncode == 0


def test_serve_prod_creates_no_demo_users_and_has_no_default_key():
    """It ran `setup` (which creates the demo admin whose password is in the README)."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    dry = subprocess.run([MAKE, "-n", "serve-prod"], cwd=ROOT, env=env,  # noqa: S603
                         capture_output=True,
                         text=True, timeout=60).stdout
    assert "gunicorn" in dry and "config.keys" in dry
    assert "create_demo_users" not in dry and "change-me" not in dry
    assert "DJANGO_DEBUG=true" not in dry
    run = subprocess.run([MAKE, "-n", "run"], cwd=ROOT, env=env,  # noqa: S603
                         capture_output=True,
                         text=True, timeout=60).stdout
    assert "create_demo_users" in run  # development keeps its demo logins


def test_serve_prod_refuses_without_a_key_and_says_how_to_make_one():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    result = subprocess.run([sys.executable, "-m", "config.keys"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and MAKE_ONE in result.stderr


@pytest.mark.django_db
def test_demo_users_are_created_only_in_development(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only in development"):
        call_command("create_demo_users", stdout=StringIO())
    assert not User.objects.exists()


@pytest.mark.django_db
def test_deploy_check_fails_while_a_demo_login_works(settings):
    settings.DEBUG = True
    call_command("create_demo_users", stdout=StringIO())
    errors = checks.run_checks(include_deployment_checks=True, databases=["default"],
                               tags=["security"])
    assert sum(e.id == DEMO_LOGIN_LIVE for e in errors) == 4
    call_command("create_demo_users", "--remove", stdout=StringIO())
    errors = checks.run_checks(include_deployment_checks=True, databases=["default"],
                               tags=["security"])
    assert not any(e.id == DEMO_LOGIN_LIVE for e in errors)
