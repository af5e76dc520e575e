"""Root conftest. Playwright's sync API runs an event loop in the test thread; the
live_server's ORM calls still happen in plain threads, so this only silences Django's
async-safety check for the browser tests."""

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
