"""How django-axes names who is trying to log in (settings AXES_*)."""

from __future__ import annotations

from django.conf import settings


def login_username(request, credentials: dict | None) -> str:
    """The account a login names, the way the email backend reads it (case-insensitive):
    ``A@x.org`` and ``a@x.org `` are one account's failures."""
    value = (credentials or {}).get("username")
    if value is None and request is not None:
        value = request.POST.get("username", "")
    return str(value or "").strip().lower()


def client_ip(request) -> str:
    """The learner's address. Behind our own TLS proxy (DJANGO_BEHIND_TLS_PROXY) every
    request comes from the proxy, so take the address the proxy appended last to
    X-Forwarded-For (earlier entries are whatever the client claims)."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "")
