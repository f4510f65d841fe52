"""One row of the check-in backlog form: answer it, snooze it, or close it as unmeasurable."""

from django import forms

from promo.org.forms import CheckInForm


class BacklogRowForm(CheckInForm):
    """A check-in's answer on the backlog page. Leaving every field empty leaves the
    check-in as it is; filling more than one of the outcome, the snooze day and the
    reason is refused, since they are different answers."""

    snooze_until = forms.DateField(
        required=False,
        label="Snooze until",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    unmeasurable_reason = forms.CharField(
        required=False,
        label="Impact can't be measured, because",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="It then leaves this list; it never counts as matured impact.",
    )

    def __init__(self, *args, checkin, **kwargs):
        self.checkin = checkin
        kwargs.setdefault("prefix", f"checkin-{checkin.pk}")
        kwargs.setdefault("initial", {"version": checkin.version})
        super().__init__(*args, **kwargs)
        self.fields["outcome"].required = False
        self.fields["outcome"].widget.attrs["rows"] = 3
        self.fields["outcome"].label = "What happened"

    def clean(self):
        cleaned = super().clean()
        chosen = self.chosen_actions(cleaned)
        if len(chosen) > 1:
            raise forms.ValidationError(
                "Choose one: write what happened, snooze it, or say why it can't be measured."
            )
        extras = [cleaned.get(name) for name in ("metric_before", "metric_after", "link")]
        if any(extras) and chosen != ["record"]:
            self.add_error("outcome", "Say what happened as well as the metric or link.")
        return cleaned

    @staticmethod
    def chosen_actions(cleaned):
        return [
            action
            for action, name in (
                ("record", "outcome"),
                ("snooze", "snooze_until"),
                ("unmeasurable", "unmeasurable_reason"),
            )
            if cleaned.get(name) and str(cleaned.get(name)).strip()
        ]

    def change(self):
        """(check-in, action, fields) for checkins_resolve, or None when left as it is."""
        chosen = self.chosen_actions(self.cleaned_data)
        return (self.checkin, chosen[0], self.cleaned_data) if chosen else None
