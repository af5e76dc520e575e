"""Is an uploaded file an image we will show to learners? Pure: bytes in, facts or a
clear refusal out (no ORM, no storage).

Only raster formats a browser shows without running anything: PNG, JPEG, GIF and WebP,
checked by decoding with Pillow (a file's name and its claimed type are not trusted).
SVG is refused outright: it is XML that can carry script. A raster file that also carries
markup (a "polyglot" with ``<script`` or ``<svg`` inside) is refused too, and so is
anything too large in bytes or pixels (decompression bombs)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif",
                   "WEBP": "image/webp"}
MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 4000
MAX_PIXELS = 12_000_000

SVG_REFUSED = ("SVG images are not accepted (they can carry scripts): upload a PNG, JPEG, GIF "
               "or WebP.")
NOT_AN_IMAGE = "This file is not an image we can read: upload a PNG, JPEG, GIF or WebP."
FORMAT_REFUSED = "{format} images are not accepted: upload a PNG, JPEG, GIF or WebP."
HAS_MARKUP = ("This image file also contains markup ({marker}); it is refused. Re-save it from "
              "an image editor.")
TOO_LARGE = "The file is {size} KB; the limit is {limit} KB."
TOO_MANY_PIXELS = ("The image is {width}×{height} pixels; the limit is {side} pixels a side "
                   "and {megapixels} megapixels.")
EMPTY = "The file is empty."

# Byte strings that mark embedded markup. Short ones (``<svg``) are checked only in the
# file's head: in megabytes of compressed pixels a four-byte string turns up by chance.
_MARKERS = (b"<script", b"<html", b"<iframe", b"javascript:")


class ImageRefused(ValueError):
    pass


@dataclass(frozen=True)
class ImageFacts:
    format: str
    content_type: str
    width: int
    height: int


def check_image(data: bytes, name: str = "") -> ImageFacts:
    """What ``data`` is, or ImageRefused saying why it will not be shown."""
    if not data:
        raise ImageRefused(EMPTY)
    head = data[:1024].lstrip().lower()
    if name.lower().endswith((".svg", ".svgz")) or head.startswith((b"<?xml", b"<svg")) \
            or b"<svg" in head:
        raise ImageRefused(SVG_REFUSED)
    if len(data) > MAX_BYTES:
        raise ImageRefused(TOO_LARGE.format(size=len(data) // 1024, limit=MAX_BYTES // 1024))
    lowered = data.lower()
    for marker in _MARKERS:
        if marker in lowered:
            raise ImageRefused(HAS_MARKUP.format(marker=marker.decode()))
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            width, height = probe.size
            if fmt not in ALLOWED_FORMATS:
                raise ImageRefused(FORMAT_REFUSED.format(format=fmt or "These"))
            if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
                raise ImageRefused(TOO_MANY_PIXELS.format(
                    width=width, height=height, side=MAX_SIDE,
                    megapixels=MAX_PIXELS // 1_000_000))
            probe.verify()
        # verify() leaves the image unusable and does not decode the pixels: decode them
        # once in a fresh image, so a truncated or corrupt file is caught here.
        with Image.open(io.BytesIO(data)) as full:
            full.load()
    except ImageRefused:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError) as exc:
        raise ImageRefused(NOT_AN_IMAGE) from exc
    return ImageFacts(format=fmt, content_type=ALLOWED_FORMATS[fmt], width=width, height=height)
