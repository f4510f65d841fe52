"""The staff page for single sign-on choices."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from promo.accounts.services import sign_on_settings_update
from promo.models import SignOnSettings
from promo.org.access import require_staff


class SignOnSettingsForm(forms.ModelForm):
    class Meta:
        model = SignOnSettings
        fields = ["allow_account_creation"]
        labels = {"allow_account_creation": "Create accounts on first sign-on"}


@require_staff
@require_http_methods(["GET", "POST"])
def staff_sign_on(request):
    current = SignOnSettings.current()
    # A checkbox left unticked sends no field at all, so bind on the method, not on the data.
    data = request.POST if request.method == "POST" else None
    form = SignOnSettingsForm(data, instance=current)
    if request.method == "POST" and form.is_valid():
        sign_on_settings_update(
            allow_account_creation=form.cleaned_data["allow_account_creation"], by=request.user
        )
        messages.success(request, "Saved the sign-on settings.")
        return redirect("staff_sign_on")
    context = {
        "form": form,
        "sso_enabled": settings.OIDC_ENABLED,
        "sso_provider_name": settings.OIDC_PROVIDER_NAME,
        "issuer": settings.OIDC_OP_ISSUER,
    }
    return render(request, "promo/staff/sign_on.html", context)
