from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from promo.models import Criterion, Expectation, Ladder, Level, MentorAssignment, Team, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
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
admin.site.register(MentorAssignment)
admin.site.register(Ladder)
admin.site.register(Level)
admin.site.register(Criterion)
admin.site.register(Expectation)
