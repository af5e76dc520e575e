from __future__ import annotations

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    SetPasswordForm,
    UserCreationForm,
)
from django.core.validators import MaxLengthValidator

from .models import RESOURCE_KINDS, User

#: Long enough for any passphrase or password manager; a megabyte took ~2 s to hash.
PASSWORD_MAX = 128
PASSWORD_TOO_LONG = f"Use at most {PASSWORD_MAX} characters for a password."


def cap_passwords(form: forms.Form, *names: str) -> None:
    """Refuse an over-long password in the field, before anything hashes or compares it."""
    for name in names:
        field = form.fields[name]
        field.max_length = PASSWORD_MAX
        field.validators.append(MaxLengthValidator(PASSWORD_MAX, message=PASSWORD_TOO_LONG))
        field.widget.attrs["maxlength"] = str(PASSWORD_MAX)


class SignupForm(UserCreationForm):
    """Sign up with an email address. Whether the address already has an account is not
    a form error (that would tell anyone who is registered); the view answers the same
    either way and writes to the address instead."""

    class Meta:
        model = User
        fields = ("email", "display_name")
        labels = {"display_name": "Name (optional)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cap_passwords(self, "password1", "password2")

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def validate_unique(self) -> None:
        """The email's uniqueness is the view's business (see the class docstring)."""


LOGIN_INVALID = ("That email address and password do not match an account. Just signed up? "
                 "Open the link we mailed you first.")


class LoginForm(AuthenticationForm):
    # The same words whether the address is unknown, unconfirmed or the password wrong.
    error_messages = {**AuthenticationForm.error_messages, "invalid_login": LOGIN_INVALID}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cap_passwords(self, "password")


class AdminLoginForm(AdminAuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cap_passwords(self, "password")


class CappedPasswordChangeForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cap_passwords(self, "old_password", "new_password1", "new_password2")


class CappedSetPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cap_passwords(self, "new_password1", "new_password2")


class PreferencesForm(forms.ModelForm):
    preferred_kinds = forms.MultipleChoiceField(
        choices=RESOURCE_KINDS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Kinds of resource you prefer",
    )

    class Meta:
        model = User
        fields = ("display_name", "target_level", "weekly_hours", "free_only", "preferred_kinds",
                  "key_shortcuts")
        labels = {
            "key_shortcuts": "Single-key shortcuts on question pages",
            "target_level": "Target level in every area",
            "weekly_hours": "Hours a week you can study",
            "free_only": "Free resources only",
        }

    def clean_weekly_hours(self):
        hours = self.cleaned_data["weekly_hours"]
        if hours <= 0 or hours > 80:
            raise forms.ValidationError(
                "Give a number of hours between 0.5 and 80.", code="hours_range"
            )
        return hours
