"""Forms for candidacies and their gaps. They parse input; the services hold the rules."""

from django import forms

from promo.models import Criterion, Level, Submission, User

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OpenCandidacyForm(forms.Form):
    """Open a case. `people` is who the form may open one for (a manager's reports)."""

    person = forms.ModelChoiceField(queryset=User.objects.none(), label="Engineer")
    target_level = forms.ModelChoiceField(
        queryset=Level.objects.select_related("ladder"),
        required=False,
        help_text="Leave empty for the next level up.",
    )
    target_date = forms.DateField(required=False, widget=DATE, label="Target date")

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is None:
            del self.fields["person"]
        else:
            self.fields["person"].queryset = people
        self.fields["target_level"].label_from_instance = lambda level: f"{level.ladder} · {level}"


class TargetDateForm(forms.Form):
    target_date = forms.DateField(required=False, widget=DATE, label="Target date")


class GapForm(forms.Form):
    criterion = forms.ModelChoiceField(queryset=Criterion.objects.none())
    text = forms.CharField(
        label="What is missing", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    submission = forms.ModelChoiceField(
        queryset=Submission.objects.none(),
        required=False,
        label="From the feedback of",
        empty_label="No submission",
    )

    def __init__(self, *args, candidacy, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = Criterion.objects.filter(ladder_id=candidacy.ladder_id)
        self.fields["submission"].queryset = Submission.objects.filter(
            candidacy_id=candidacy.pk
        ).exclude(outcome=Submission.Outcome.PENDING)
        self.fields["submission"].label_from_instance = lambda s: (
            f"the submission of {s.submitted_on:%d %b %Y}"
        )
        # Until a committee has answered there is no feedback to link a gap to.
        if all(s.is_pending for s in candidacy.submissions.all()):
            del self.fields["submission"]


class GapCloseForm(forms.Form):
    note = forms.CharField(
        label="How it was closed", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class SubmitForm(forms.Form):
    submitted_on = forms.DateField(
        required=False, widget=DATE, label="Submitted on", help_text="Leave empty for today."
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[
            (Submission.Outcome.PROMOTED, "Promoted"),
            (Submission.Outcome.NOT_YET, "Not yet"),
        ],
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(
        required=False, widget=DATE, label="Decided on", help_text="Leave empty for today."
    )
    feedback = forms.CharField(
        label="The committee's feedback",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
    )
