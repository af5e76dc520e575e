"""config.markup.escape writes what Django's escape writes (pure: no database)."""

import pytest
from django.utils import html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy

from config.markup import escape


@pytest.mark.parametrize("value", [
    "plain", "<script>alert('x')</script>", 'a "quoted" & \'single\'', "", "é ≥ ✓",
    SafeString("<b>already safe</b>"), 42, 0.5, None, gettext_lazy("Log in"),
])
def test_escape_writes_what_djangos_escape_writes(value):
    assert escape(value) == html.escape(value)
