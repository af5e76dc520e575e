from __future__ import annotations

from django import forms
from django.contrib.auth.forms import UserCreationForm

from .models import RESOURCE_KINDS, User

EMAIL_TAKEN = "An account with this email address already exists. Log in instead?"


class SignupForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "display_name")
        labels = {"display_name": "Name (optional)"}

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(EMAIL_TAKEN, code="email_taken")
        return email


class PreferencesForm(forms.ModelForm):
    preferred_kinds = forms.MultipleChoiceField(
        choices=RESOURCE_KINDS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Kinds of resource you prefer",
    )

    class Meta:
        model = User
        fields = ("display_name", "target_level", "weekly_hours", "free_only", "preferred_kinds")
        labels = {
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
