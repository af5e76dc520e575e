"""Images for question text: upload (checked by ``quizzes.imagecheck``), alt text, preview,
and the Markdown to paste. An image is immutable once uploaded (a version showing it keeps
showing the same picture), so its file and slug cannot be changed and it cannot be
deleted here; only its default alt text can be improved."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.html import format_html

from .. import images
from ..models import QuestionImage


class QuestionImageForm(forms.ModelForm):
    # A plain file field: the model's validator (quizzes.imagecheck) says why a file is
    # refused (an SVG, a text file named .png…), where Django's ImageField would only say
    # "not a valid image".
    image = forms.FileField(help_text="PNG, JPEG, GIF or WebP, up to 2 MB and 4000 pixels a "
                                      "side. SVG is refused.")

    class Meta:
        model = QuestionImage
        fields = ("slug", "image", "alt_text")


@admin.register(QuestionImage)
class QuestionImageAdmin(admin.ModelAdmin):
    form = QuestionImageForm
    list_display = ("slug", "thumbnail", "alt_text", "size", "uploaded_by", "created_at")
    search_fields = ("slug", "alt_text")
    list_filter = ("created_at",)
    list_select_related = ("uploaded_by",)
    prepopulated_fields = {"slug": ("alt_text",)}

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return ("slug", "preview", "markdown", "size", "uploaded_by", "created_at")

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("slug", "image", "alt_text")
        return ("slug", "preview", "alt_text", "markdown", "size", "uploaded_by", "created_at")

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if obj is None else {}

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Preview")
    def thumbnail(self, obj):
        return format_html('<img src="{}" alt="{}" width="{}" height="{}" class="image-thumb" '
                           'loading="lazy">', obj.image.url, obj.alt_text,
                           min(obj.width, 120), round(obj.height * min(obj.width, 120)
                                                      / max(obj.width, 1)))

    @admin.display(description="Preview")
    def preview(self, obj):
        return format_html('<img src="{}" alt="{}" width="{}" height="{}" class="image-preview">',
                           obj.image.url, obj.alt_text, obj.width, obj.height)

    @admin.display(description="Markdown to paste")
    def markdown(self, obj):
        return format_html("<code>{}</code>", obj.markdown)

    @admin.display(description="Size")
    def size(self, obj):
        return f"{obj.width}×{obj.height} px"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
        images.remember(obj)
