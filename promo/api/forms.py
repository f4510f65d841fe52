from datetime import timedelta

from django import forms
from django.utils import timezone

from promo.api.models import ApiToken
from promo.api.services import DEFAULT_LIFETIME_DAYS, MAX_LIFETIME_DAYS, scopes_for


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TokenForm(forms.Form):
    name = forms.CharField(max_length=80, help_text="What will use it: “laptop git hook”.")
    scopes = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple, help_text="Give a token only what it needs."
    )
    expires_on = forms.DateField(
        label="Expires on", widget=DateInput(), help_text="At most a year from today."
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(ApiToken.Scope.choices)
        self.fields["scopes"].choices = [(s, f"{s}: {labels[s]}") for s in scopes_for(owner)]
        today = timezone.localdate()
        self.fields["expires_on"].initial = today + timedelta(days=DEFAULT_LIFETIME_DAYS)
        self.fields["expires_on"].widget.attrs.update(
            min=(today + timedelta(days=1)).isoformat(),
            max=(today + timedelta(days=MAX_LIFETIME_DAYS)).isoformat(),
        )
