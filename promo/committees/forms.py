"""Forms for cycles, committees, nominations, votes and decisions. They parse input;
the services hold the rules."""

from django import forms

from promo.models import Candidacy, Cycle, Level, Nomination, User, Vote

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CycleForm(forms.ModelForm):
    levels = forms.ModelMultipleChoiceField(
        queryset=Level.objects.select_related("ladder").order_by("ladder__name", "position"),
        widget=forms.CheckboxSelectMultiple,
        label="Levels it covers (the target levels)",
    )

    class Meta:
        model = Cycle
        fields = ["name", "nomination_deadline", "committee_starts_on", "committee_ends_on"]
        widgets = {
            "nomination_deadline": DATE,
            "committee_starts_on": DATE,
            "committee_ends_on": DATE,
        }
        labels = {"committee_starts_on": "Committee meets from", "committee_ends_on": "until"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["levels"].label_from_instance = lambda level: f"{level.ladder} · {level}"
        if self.instance.pk:
            self.initial.setdefault("levels", list(self.instance.levels.all()))

    def clean(self):
        data = super().clean()
        starts, ends = data.get("committee_starts_on"), data.get("committee_ends_on")
        deadline = data.get("nomination_deadline")
        if starts and ends and starts > ends:
            self.add_error("committee_ends_on", "The committee cannot end before it starts.")
        if deadline and starts and deadline > starts:
            self.add_error("nomination_deadline", "Nominations close before the committee meets.")
        return data


class MembersForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        queryset=User.objects.filter(is_active=True).order_by("display_name", "email"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )


class NominateForm(forms.Form):
    candidacy = forms.ModelChoiceField(queryset=Candidacy.objects.none(), label="Engineer")
    endorsement = forms.CharField(
        label="Your endorsement",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text="Why the case is ready: it is frozen into the packet with the evidence.",
    )

    def __init__(self, *args, candidacies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidacy"].queryset = candidacies
        self.fields["candidacy"].label_from_instance = lambda candidacy: (
            f"{candidacy.person} for {candidacy.target_level.code}"
        )


def _criteria_of(nomination):
    return nomination.packet.get("readiness", {}).get("criteria", [])


class VoteForm(forms.Form):
    """A choice per criterion of the packet, then the overall recommendation and a note."""

    overall = forms.ChoiceField(
        choices=Vote.Overall.choices, widget=forms.RadioSelect, label="Overall"
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )

    def __init__(self, *args, nomination, **kwargs):
        super().__init__(*args, **kwargs)
        self.criterion_keys = []
        for cell in _criteria_of(nomination):
            key = f"criterion_{cell['id']}"
            self.fields[key] = forms.ChoiceField(
                choices=Vote.Value.choices, widget=forms.RadioSelect, label=cell["name"]
            )
            self.criterion_keys.append((key, cell["id"]))
        self.order_fields([key for key, _ in self.criterion_keys] + ["overall", "note"])

    def criteria(self):
        return {str(pk): self.cleaned_data[key] for key, pk in self.criterion_keys}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[c for c in Nomination.Decision.choices if c[0] != Nomination.Decision.PENDING],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, nomination, **kwargs):
        super().__init__(*args, **kwargs)
        self.criterion_keys = []
        for cell in _criteria_of(nomination):
            key = f"feedback_{cell['id']}"
            self.fields[key] = forms.CharField(
                label=f"Feedback on {cell['name']}",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="On “not yet”: what is missing. It becomes a gap on the case.",
            )
            self.criterion_keys.append((key, cell["id"]))

    def feedback(self):
        return {str(pk): self.cleaned_data[key] for key, pk in self.criterion_keys}


class ReleaseForm(forms.Form):
    accept_warnings = forms.BooleanField(
        required=False, label="I read the calibration checks; release anyway."
    )
