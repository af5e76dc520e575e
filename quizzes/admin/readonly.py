"""Records that are written by the app, never by hand: the admin shows them, nothing more."""

from __future__ import annotations


class ReadOnlyAdminMixin:
    """Put it before ``admin.ModelAdmin`` in the bases: no add, change or delete."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
