from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .forms import PreferencesForm, SignupForm
from .services import account_activate, signup_request, user_from_link, user_set_shortcuts
from .shortcuts import toggle_html


def _safe_next(request: HttpRequest, url: str) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


@require_http_methods(["GET", "HEAD", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """The same answer whether or not the address has an account: the e-mail tells."""
    if request.user.is_authenticated:
        return redirect("quizzes:home")
    form = SignupForm(request.POST or None)
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next") or "")
    if request.method == "POST" and form.is_valid():
        signup_request(email=form.cleaned_data["email"],
                       password=form.cleaned_data["password1"],
                       display_name=form.cleaned_data.get("display_name", ""),
                       base_url=request.build_absolute_uri("/").rstrip("/"), next_url=next_url)
        return redirect("accounts:signup_done")
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


@require_safe
def signup_done(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signup_done.html")


@require_http_methods(["GET", "HEAD", "POST"])
def activate(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """GET shows a button (mail scanners that follow links confirm nothing); POST confirms
    the address, activates the account and logs in."""
    user = user_from_link(uidb64, token)
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next") or "")
    if user is not None and request.method == "POST":
        account_activate(user=user)
        login(request, user, backend="accounts.backends.EmailBackend")
        messages.success(request, "Welcome to Skillcheck. Pick an area to measure first.")
        return redirect(next_url or "quizzes:home")
    return render(request, "accounts/activate.html",
                  {"valid": user is not None, "account": user, "next": next_url},
                  status=200 if user is not None else 400)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Preferences saved. Your study plan now follows them.")
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@require_POST
def shortcuts_set(request: HttpRequest) -> HttpResponse:
    """The take page's switch for single-key shortcuts: htmx swaps the switch in place
    (the answer being typed stays); a plain post goes back to the page it came from."""
    user = user_set_shortcuts(user=request.user, enabled=request.POST.get("enabled") == "on")
    if getattr(request, "htmx", False):
        return HttpResponse(toggle_html(
            enabled=user.key_shortcuts, action=reverse("accounts:shortcuts_set"),
            # The page it came from stays where a plain post of the new switch returns.
            next_url=_safe_next(request, request.POST.get("next", "")) or reverse(
                "accounts:profile"),
            csrf_token=get_token(request)))
    return redirect(_safe_next(request, request.POST.get("next", "")) or "accounts:profile")
