"""Skillcheck settings: one module, production differences come from the environment.

Environment variables:
  DJANGO_DEBUG          "1"/"true" for development (default false)
  DJANGO_SECRET_KEY     required unless DJANGO_DEBUG is true
  DJANGO_ALLOWED_HOSTS  comma-separated host names
  DATABASE_URL          e.g. postgres://postgres@127.0.0.1:5432/skillcheck (default SQLite)
  REDIS_URL             e.g. redis://127.0.0.1:6379/0: cache and sessions in Redis
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.keys import MAKE_ONE, secret_key_problem

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG")
# The test suite runs with DEBUG off, like production; it needs no key of its own.
TESTING = "pytest" in sys.modules
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not (DEBUG or TESTING) and (problem := secret_key_problem(SECRET_KEY)):
    # Production never starts with a missing, public or guessable key.
    raise ImproperlyConfigured(f"{problem} {MAKE_ONE} (Or DJANGO_DEBUG=true for development.)")
if not SECRET_KEY:
    SECRET_KEY = "dev-or-test-only-insecure-key"

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks_db",
    "axes",
    "accounts",
    "quizzes",
]

MIDDLEWARE = [
    "config.middleware.head_without_body",
    "django.middleware.security.SecurityMiddleware",
    # Static files: whitenoise serves the Brotli/gzip files collectstatic wrote, hashed names
    # cached for ten years ("immutable"); it answers before the middleware below runs.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML pages are gzipped. BREACH needs a secret repeated in a compressed body next to
    # text the attacker controls: Django masks the CSRF token afresh in every response, and
    # this middleware pads each gzip stream with random bytes ("Heal the BREACH"), while no
    # other secret (session, answer key) is ever in a page. docs/performance.md "Page weight".
    "config.middleware.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent requests (an autosave racing a click) wait for the write lock instead of
    # failing; WAL lets readers go on while one request writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not shared-cache memory, so the browser tests' threaded live server locks
    # like a real deployment does.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters bound by the server, so psycopg prepares a statement the fifth time a
    # connection runs it: PostgreSQL then skips parsing it and, with a generic plan,
    # planning it (3.4 of the take statement's 4 ms; docs/performance.md, "On a quiet
    # machine"). The generic plan is forced: left to choose, PostgreSQL planned the take
    # statement again on every execution (a custom plan each time, 3-4 ms of its CPU per
    # take page and answer; "The standing counted from bands"). Every statement here
    # looks rows up by ids and indexed ranges, which a generic plan serves as well. Not
    # for a pooler in transaction mode (none here: each worker keeps its own
    # connection). No JIT compiler: a page's short queries never gain from it, and a
    # query the planner misjudged once spent 60-80 ms compiling on every take page.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=5,
        options="-c jit=off -c plan_cache_mode=force_generic_plan")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background tasks (calibration) are stored in the database and run by
# `manage.py db_worker` (django-tasks-db); `make run` starts one beside the web server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "config.redis_cache.RedisCache", "LOCATION": REDIS_URL}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# The resource catalogue kept in each process's memory under a version token in the
# cache (quizzes/catalogue_cache.py): only with a cache every process shares.
CATALOGUE_CACHE = bool(REDIS_URL)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out account or address is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.EmailBackend",
]
# Login throttling (django-axes), on /accounts/login/ and /admin/login/ alike: after
# AXES_FAILURE_LIMIT wrong passwords for one account (from anywhere), or from one address
# (for any accounts), further logins for it are refused for AXES_COOLOFF_TIME, even with
# the right password; a successful login clears the count. Failures are rows in the
# database, so several app servers share them.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "accounts.throttling.login_username"
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "quizzes:home"
LOGOUT_REDIRECT_URL = "quizzes:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Django 6.1 mailers; the console backend by default (password-reset mails print out).
MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
        ),
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "skillcheck@localhost")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING or env_bool("DJANGO_PLAIN_STATIC")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded question images (quizzes.QuestionImage) go to the default storage: files under
# MEDIA_ROOT served at MEDIA_URL. `manage.py runserver` serves them in DEBUG; in production
# the web server (or an object store set in STORAGES["default"]) serves MEDIA_URL, same
# origin, so the CSP's img-src 'self' allows them.
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = os.environ.get("DJANGO_MEDIA_URL", "/media/")

# A strict Content-Security-Policy: no inline script or style runs; htmx's own <script>
# tag carries the per-request nonce. htmx's indicator <style> is switched off in base.html.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from hx-headers, not the cookie
if not (DEBUG or TESTING):
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    # Behind a TLS-terminating proxy, turn these on (see README "Running it for real").
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", False)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0"))
    if os.environ.get("DJANGO_BEHIND_TLS_PROXY"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
