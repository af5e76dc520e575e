"""Uploaded images in authored text: ``![alt](image:slug)`` resolved to the stored file.

``rendering.render_markdown`` (pure, cached by text) leaves a placeholder
``<img src="image:slug" alt="…">``; ``with_images`` swaps it for the real tag with the
file's URL from Django's storage, its width and height (no layout shift) and lazy loading.
Images are immutable once uploaded, so what a slug resolves to is cached (Django's cache)
and a page with images costs no query once warm; text without images is returned as is."""

from __future__ import annotations

import re

from django.core.cache import cache
from django.utils.html import escape, format_html

from .models import QuestionImage
from .rendering import render_markdown

_PLACEHOLDER = re.compile(r'<img src="image:([a-z0-9-]+)" alt="([^"]*)">')
CACHE_PREFIX = "quizzes:image:"
MISSING_TIMEOUT = 60  # a slug not uploaded yet is looked up again after a minute
MISSING_IMAGE = "no uploaded image is named “{slug}” (upload it under Quizzes › Question images)"


def image_facts(image: QuestionImage) -> dict:
    return {"url": image.image.url, "width": image.width, "height": image.height,
            "alt": image.alt_text}


def remember(image: QuestionImage) -> None:
    cache.set(CACHE_PREFIX + image.slug, image_facts(image), None)


def forget(slug: str) -> None:
    cache.delete(CACHE_PREFIX + slug)


def lookup(slugs: set[str]) -> dict[str, dict | None]:
    """What each slug resolves to (None: no such image), from the cache, else one query."""
    found = cache.get_many([CACHE_PREFIX + s for s in slugs])
    facts: dict[str, dict | None] = {key.removeprefix(CACHE_PREFIX): value or None
                                     for key, value in found.items()}
    missing = slugs - facts.keys()
    if missing:
        for image in QuestionImage.objects.filter(slug__in=missing):
            facts[image.slug] = image_facts(image)
            remember(image)
        for slug in missing - facts.keys():
            facts[slug] = None
            cache.set(CACHE_PREFIX + slug, {}, MISSING_TIMEOUT)
    return facts


def with_images(html: str) -> str:
    """Rendered HTML with its image placeholders resolved."""
    if 'src="image:' not in html:
        return html
    facts = lookup({m.group(1) for m in _PLACEHOLDER.finditer(html)})

    def tag(match: re.Match) -> str:
        slug, alt = match.group(1), match.group(2)  # alt is already escaped by nh3
        image = facts.get(slug)
        if image is None:
            return format_html('<span class="image-missing">[image “{}” is missing]</span>', slug)
        alt = alt or escape(image["alt"])
        return (f'<img class="authored-image" src="{escape(image["url"])}" alt="{alt}" '
                f'width="{int(image["width"])}" height="{int(image["height"])}" '
                'loading="lazy" decoding="async">')

    return _PLACEHOLDER.sub(tag, html)


def render_authored(text: str) -> str:
    """Authored Markdown to safe HTML with its images resolved."""
    return with_images(render_markdown(text))


def image_slugs(text: str) -> set[str]:
    return {m.group(1) for m in _PLACEHOLDER.finditer(render_markdown(text or ""))}


def missing_image_problems(text: str) -> list[str]:
    """The image references in ``text`` that name no uploaded image (for the admin)."""
    slugs = image_slugs(text)
    if not slugs:
        return []
    known = set(QuestionImage.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    return [MISSING_IMAGE.format(slug=s) for s in sorted(slugs - known)]
