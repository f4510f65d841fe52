"""Everyone's own profile: name, time zone and email, with links to notification
preferences and the password change."""

import zoneinfo

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from promo.accounts.services import profile_update
from promo.models import User
from promo.portability.models import PersonalExport
from promo.web.forms import attempt


def _zone_choices():
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        choices=_zone_choices,
        help_text="Your dates, weeks and nudges follow this zone.",
    )
    current_password = forms.CharField(
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Needed only to change your email: it is where a password reset goes.",
    )

    class Meta:
        model = User
        fields = ["display_name", "email", "time_zone"]
        labels = {"display_name": "Name"}

    def clean(self):
        cleaned = super().clean()
        email = (cleaned.get("email") or "").lower()
        if email and email != User.objects.get(pk=self.instance.pk).email:
            password = cleaned.get("current_password") or ""
            if not self.instance.check_password(password):
                self.add_error("current_password", "Type your current password to change email.")
        return cleaned


@require_http_methods(["GET", "POST"])
def profile(request):
    """Anyone's own profile. Bad input keeps what was typed."""
    person = User.objects.get(pk=request.user.pk)  # a copy: the form edits it in place
    form = ProfileForm(request.POST or None, instance=person)

    def call(data):
        profile_update(
            person=request.user,
            display_name=data["display_name"],
            time_zone=data["time_zone"],
            email=data["email"],
        )

    if request.method == "POST" and attempt(form, call):
        messages.success(request, "Saved your profile.")
        return redirect("profile")
    context = {
        "form": form,
        "has_password": request.user.has_usable_password(),
        "exports": PersonalExport.objects.filter(
            person=request.user, scope=PersonalExport.Scope.PERSONAL
        )[:5],
    }
    return render(request, "promo/profile.html", context)
