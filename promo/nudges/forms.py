"""The preferences form: timing and quiet period, then channels per kind."""

from django import forms

from promo.models import NudgePreference, NudgeSettings

# <input type="date"> only accepts ISO dates; the en-gb locale would render 05/12/2026,
# which the browser shows as empty, so a saved quiet period looked unset (and was lost
# on the next save).
ISO_DATE = "%Y-%m-%d"
HOURS = [(hour, f"{hour:02d}:00") for hour in range(24)]


class TimingForm(forms.ModelForm):
    log_wins_hour = forms.TypedChoiceField(
        choices=[("", "Default")] + HOURS,
        coerce=int,
        empty_value=None,
        required=False,
        label="Log your wins: hour (your time zone)",
    )

    class Meta:
        model = NudgeSettings
        fields = ["log_wins_weekday", "log_wins_hour", "quiet_from", "quiet_until"]
        labels = {
            "log_wins_weekday": "Log your wins: day",
            "quiet_from": "Quiet period (vacation) from",
            "quiet_until": "Quiet period until",
        }
        help_texts = {"quiet_until": "No nudges from the first day to the last, inclusive."}
        widgets = {
            "quiet_from": forms.DateInput(attrs={"type": "date"}, format=ISO_DATE),
            "quiet_until": forms.DateInput(attrs={"type": "date"}, format=ISO_DATE),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("quiet_from"), data.get("quiet_until")
        if bool(start) != bool(end):
            raise forms.ValidationError("A quiet period needs both a first and a last day.")
        if start and end and start > end:
            raise forms.ValidationError("The quiet period ends before it starts.")
        return data


class KindForm(forms.Form):
    """One kind's choices; prefixed with the kind's key."""

    subscribed = forms.BooleanField(required=False, label="Send me these")
    email = forms.BooleanField(required=False, label="By email")
    in_app = forms.BooleanField(required=False, label="In the app")
    frequency = forms.ChoiceField(choices=NudgePreference.Frequency.choices, required=False)

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, prefix=kind.key, **kwargs)
        self.kind = kind
        if not kind.frequencies:
            del self.fields["frequency"]


def initial_for(preference):
    if preference is None:
        return {"subscribed": True, "email": True, "in_app": True, "frequency": "weekly"}
    return {
        "subscribed": preference.unsubscribed_at is None,
        "email": preference.email,
        "in_app": preference.in_app,
        "frequency": preference.frequency,
    }
