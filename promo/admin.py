from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from promo.models import Criterion, Expectation, Ladder, Level, MentorAssignment, Team, User


class ReadOnlyAdmin(admin.ModelAdmin):
    """People and mentor assignments decide who sees what, and a ladder decides what
    every case is judged against. They change only through the staff pages and the
    ladder YAML load, whose services check who may change them, audit every change and
    keep a ladder's levels and criteria whole; the admin only shows them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(ReadOnlyAdmin, BaseUserAdmin):
    ordering = ["display_name"]
    list_display = ["display_name", "email", "team", "manager", "level", "is_staff"]
    search_fields = ["display_name", "email"]
    fieldsets = [
        (None, {"fields": ["email", "password", "display_name", "time_zone"]}),
        ("Organisation", {"fields": ["team", "manager", "ladder", "level"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "display_name", "password1", "password2"]})]
    filter_horizontal = []
    list_filter = ["is_staff", "is_active", "team"]


admin.site.register(Team)
admin.site.register(MentorAssignment, ReadOnlyAdmin)
for ladder_model in (Ladder, Level, Criterion, Expectation):
    admin.site.register(ladder_model, ReadOnlyAdmin)
