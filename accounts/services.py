"""Sign-up that does not tell who is registered.

Whatever address is given, the learner sees the same page ("check your inbox") and the
address gets one e-mail: a link to confirm a new account, or, when it already has one, a
note to its owner that someone tried to sign up with it."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from .models import User

logger = logging.getLogger(__name__)


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    """A link that confirms an address once: it stops working when the account is active
    (or its password changes), and after PASSWORD_RESET_TIMEOUT."""

    key_salt = "accounts.services.ActivationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.password}{user.is_active}{timestamp}{user.email}"


activation_tokens = ActivationTokenGenerator()


def _send(*, to: str, template: str, context: dict) -> None:
    subject = "".join(render_to_string(f"accounts/email/{template}_subject.txt",
                                       context).splitlines())
    body = render_to_string(f"accounts/email/{template}.txt", context)
    try:
        EmailMessage(subject, body, to=[to]).send()
    except Exception:  # a mail outage must not reveal anything either
        logger.exception("Could not send the %s mail", template)


def signup_request(*, email: str, password: str, display_name: str, base_url: str,
                   next_url: str = "") -> None:
    """Create an inactive account and mail its confirmation link, or mail the owner of an
    existing one. Both paths hash the password, so they also take the same time."""
    hashed = make_password(password)
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                user = User.objects.create(email=email, display_name=display_name,
                                           password=hashed, is_active=False)
        except IntegrityError:  # signed up twice at once: the other request won
            existing = User.objects.filter(email__iexact=email).first()
        else:
            _send_activation(user, base_url, next_url)
            return
    if existing is None:
        return
    if not existing.is_active and existing.last_login is None:
        # Never confirmed: send its link again (its password stays the one first chosen,
        # so nobody can set the password of an account whose mail they cannot read).
        _send_activation(existing, base_url, next_url)
        return
    _send(to=existing.email, template="signup_exists", context={
        "user": existing, "login": base_url + reverse("login"),
        "reset": base_url + reverse("password_reset")})


def _send_activation(user: User, base_url: str, next_url: str) -> None:
    link = reverse("accounts:activate", args=[urlsafe_base64_encode(force_bytes(user.pk)),
                                              activation_tokens.make_token(user)])
    if next_url:
        link += "?" + urlencode({"next": next_url})
    _send(to=user.email, template="activate", context={"user": user, "link": base_url + link})


def user_from_link(uidb64: str, token: str) -> User | None:
    """The inactive account an activation link confirms, or None."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode("ascii"))
        user = User.objects.get(pk=pk)
    except (ValueError, UnicodeDecodeError, OverflowError, User.DoesNotExist):
        return None
    if user.is_active or not activation_tokens.check_token(user, token):
        return None
    return user


def account_activate(*, user: User) -> User:
    User.objects.filter(pk=user.pk, is_active=False).update(is_active=True)
    user.is_active = True
    return user


def user_set_shortcuts(*, user: User, enabled: bool) -> User:
    """Turn the learner's single-key shortcuts on or off (remembered on the account)."""
    User.objects.filter(pk=user.pk).update(key_shortcuts=enabled)
    user.key_shortcuts = enabled
    return user
