from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts.forms import (
    AdminLoginForm,
    CappedPasswordChangeForm,
    CappedSetPasswordForm,
    LoginForm,
)
from quizzes.admin import interchange

# Every form that takes a password caps its length before hashing it.
admin.site.login_form = AdminLoginForm

urlpatterns = [
    # Before the admin's own URLs, which would read "interchange" as a question's id.
    path("admin/quizzes/question/interchange/", include(interchange)),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=LoginForm),
         name="login"),
    path("accounts/password_change/",
         auth_views.PasswordChangeView.as_view(form_class=CappedPasswordChangeForm),
         name="password_change"),
    path("accounts/reset/<uidb64>/<token>/",
         auth_views.PasswordResetConfirmView.as_view(form_class=CappedSetPasswordForm),
         name="password_reset_confirm"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("quizzes.urls")),
]
# Uploaded images in development; in production the web server serves MEDIA_URL
# (README "Running it for real"). ``static()`` adds nothing when DEBUG is off.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
