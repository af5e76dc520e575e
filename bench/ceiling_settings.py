"""The production settings plus one bare page (``/bench/ceiling/``) for the ceiling
comparison of ``bench/ceiling.py``. Never used outside the bench."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.ceiling_urls"
