from django import forms
from django.conf import settings

from promo.models import Level, MentorAssignment, Team, User
from promo.org.csv_import import decode_upload, too_large
from promo.org.models import LEAVING_DAYS


class PersonForm(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "email",
            "display_name",
            "time_zone",
            "team",
            "manager",
            "ladder",
            "level",
            "is_staff",
            "is_active",
        ]
        help_texts = {
            "manager": "Leave empty for the top of the organisation.",
            "is_active": (
                "Unticking closes the account: they are emailed a link to download their "
                f"data, valid {LEAVING_DAYS} days. After those days their private evidence "
                "and unshared drafts are deleted; what they shared stays. Ticking it again "
                "before then keeps everything."
            ),
        }

    send_invitation = forms.BooleanField(
        required=False,
        initial=True,
        label="Email them an invitation to choose a password",
    )

    def __init__(self, *args, editor, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # an existing person is invited from the people page
            del self.fields["send_invitation"]
        if not editor.is_superuser:
            # Making someone staff is a superuser's decision (see may_change_account).
            del self.fields["is_staff"]
        people = User.objects.filter(is_active=True)
        if self.instance.pk:
            people = people.exclude(pk=self.instance.pk)
        self.fields["manager"].queryset = people
        self.fields["level"].queryset = Level.objects.select_related("ladder")
        self.fields["level"].label_from_instance = lambda level: f"{level.ladder} · {level}"

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        clash = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("Someone already has this email address.")
        return email


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class MentorAssignmentForm(forms.Form):
    mentor = forms.ModelChoiceField(queryset=User.objects.filter(is_active=True))
    mentee = forms.ModelChoiceField(queryset=User.objects.filter(is_active=True))

    def clean(self):
        data = super().clean()
        mentor, mentee = data.get("mentor"), data.get("mentee")
        if (
            mentor
            and mentee
            and MentorAssignment.objects.filter(mentor=mentor, mentee=mentee).exists()
        ):
            raise forms.ValidationError(f"{mentor} already mentors {mentee}.")
        return data


class CheckInForm(forms.Form):
    outcome = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What actually happened since it shipped: adoption, incidents, feedback.",
    )
    metric_before = forms.CharField(max_length=60, required=False, label="Metric before")
    metric_after = forms.CharField(max_length=60, required=False, label="Metric after")
    link = forms.URLField(
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="A dashboard, a post-launch review…",
    )
    # The version the form was opened at: without it a save could not detect a second tab.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def clean(self):
        cleaned = super().clean()
        if "version" in self.errors:
            self.add_error(None, "This form is out of date: reload the page and redo your change.")
        return cleaned

    def answers(self):
        """What the service records: the cleaned fields without the version."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class PeopleImportForm(forms.Form):
    """A people CSV, uploaded or pasted. An upload's text is put in the text box, so a
    file with bad rows can be fixed on the page and checked again without uploading."""

    csv_file = forms.FileField(required=False, label="CSV file")
    csv_text = forms.CharField(
        required=False,
        strip=False,
        label="Or paste the CSV",
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
    )

    def clean(self):
        data = super().clean()
        upload = data.get("csv_file")
        if upload:
            limit = settings.PEOPLE_IMPORT_MAX_BYTES
            if upload.size > limit:
                problems, text = [too_large(upload.size, limit)], None
            else:
                text, problems = decode_upload(upload.read(), limit=limit)
            if text is None:
                for problem in problems:
                    self.add_error("csv_file", f"Line {problem.line}: {problem.message}")
                return data
            self.data = self.data.copy()
            self.data["csv_text"] = data["csv_text"] = text
        if not data.get("csv_text", "").strip():
            raise forms.ValidationError("Choose a CSV file or paste its text.")
        return data
