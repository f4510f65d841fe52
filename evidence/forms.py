import calendar
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from evidence.models import Artifact, ArtifactTag
from evidence.revisions import M2M_FIELDS, SCALAR_FIELDS
from evidence.services import tags_fingerprint
from promo.models import Team, User
from promo.web.widgets import Picker

LINK_HELP = "One per line: a label, a vertical bar, then the address. Design doc | https://…"
YES_NO = [("", "Any"), ("yes", "Yes"), ("no", "No")]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def parse_links(text):
    """[(label, url)] from 'label | url' lines; a bare URL is its own label."""
    validate = URLValidator(schemes=["http", "https"])
    links, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        label, _, url = line.rpartition("|") if "|" in line else (line, "", line)
        label, url = label.strip() or url.strip(), url.strip()
        try:
            validate(url)
        except ValidationError:
            errors.append(f"Line {number}: “{url}” is not an http(s) address.")
            continue
        links.append((label[:120], url))
    if errors:
        raise ValidationError(errors)
    return links


class ArtifactForm(forms.ModelForm):
    links_text = forms.CharField(
        label="Links", required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text=LINK_HELP
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Artifact
        fields = [*SCALAR_FIELDS, *M2M_FIELDS]
        labels = {
            "happened_on": "When did it happen?",
            "metric_before": "Metric before",
            "metric_after": "Metric after",
            "teams_adopted": "Teams that adopted it",
            "is_draft": "Still a draft",
        }
        widgets = {
            "happened_on": DateInput(),
            "shipped_on": DateInput(),
            "body": forms.Textarea(attrs={"rows": 10}),
            "impact": forms.Textarea(attrs={"rows": 3}),
            "metrics": forms.Textarea(attrs={"rows": 2}),
            "teams_touched": Picker(),
            "teams_adopted": Picker(),
            "collaborators": Picker(),
        }

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        teams = Team.objects.order_by("name")
        self.fields["teams_touched"].queryset = teams
        self.fields["teams_adopted"].queryset = teams
        self.fields["collaborators"].queryset = (
            User.objects.filter(is_active=True).exclude(pk=owner.pk).order_by("display_name", "pk")
        )
        if self.instance.pk:
            # Without the version the form was opened at, a save could not detect a conflict.
            self.fields["version"].required = True
            self.fields["version"].initial = self.instance.version
            self.fields["links_text"].initial = "\n".join(
                f"{link.label} | {link.url}" for link in self.instance.links.all()
            )

    def clean(self):
        cleaned = super().clean()
        if "version" in self.errors:
            self.add_error(None, "This form is out of date: reload the page and redo your change.")
        return cleaned

    def clean_links_text(self):
        return parse_links(self.cleaned_data["links_text"])

    def service_data(self):
        data = {name: self.cleaned_data[name] for name in SCALAR_FIELDS}
        for name in M2M_FIELDS:
            data[name] = list(self.cleaned_data[name])
        data["links"] = self.cleaned_data["links_text"]
        return data


class StrengthsForm(forms.Form):
    """On the artifact form: how strongly the work shows each criterion of the owner's
    target level, with that level's expectation beside it. `tags_seen` is the tags as the
    page showed them, so a tag changed elsewhere meanwhile is caught, not overwritten."""

    tags_seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, criteria, expectations, target, tags=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.target = target
        self.editing = tags is not None
        tags = tags or []
        current = {tag.criterion_id: tag.strength for tag in tags}
        self.fields["tags_seen"].initial = tags_fingerprint(tags)
        for criterion in criteria:
            name = f"strength_{criterion.pk}"
            field = forms.ChoiceField(
                label=criterion.name,
                required=False,
                choices=[("", "None"), *ArtifactTag.Strength.choices],
                initial=current.get(criterion.pk, ""),
            )
            field.criterion_id = criterion.pk
            field.expectation = expectations.get(criterion.pk, "")
            if field.expectation:
                field.widget.attrs["aria-describedby"] = f"expectation-{criterion.pk}"
            self.fields[name] = field

    def strength_fields(self):
        return [field for field in self if field.name.startswith("strength_")]

    def strengths(self):
        """{criterion_pk: strength or ""} for the criteria the post named: a client that
        sends none of them (an older form, a script) leaves the tags alone."""
        return {
            self.fields[name].criterion_id: self.cleaned_data[name]
            for name in self._posted_strengths()
        }

    def _posted_strengths(self):
        return [name for name in self.fields if name.startswith("strength_") and name in self.data]

    def clean(self):
        cleaned = super().clean()
        if self.editing and self._posted_strengths() and "tags_seen" not in self.data:
            # Without the tags it was opened with, a save could not detect a conflict.
            self.add_error(None, "This form is out of date: reload the page and redo your change.")
        return cleaned

    def expected_tags(self):
        """The fingerprint to check on an edit's save; None (no check) when no tag is set."""
        return self.cleaned_data["tags_seen"] if self.editing and self.strengths() else None


MONTH = re.compile(r"(\d{4})-(\d{2})")


def _month_as_dates(data):
    """`month=YYYY-MM` (a heatmap cell's short link) read as From and To, which the form
    then shows; an explicit From or To wins, and a malformed month is ignored."""
    found = MONTH.fullmatch(data.get("month", "")) if data is not None else None
    if not found or data.get("since") or data.get("until"):
        return data
    year, month = int(found[1]), int(found[2])
    if not 1 <= month <= 12:
        return data
    data = data.copy()
    data["since"] = f"{year:04d}-{month:02d}-01"
    data["until"] = f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"
    return data


class FilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    criterion = forms.ChoiceField(required=False)
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *Artifact.Kind.choices])
    since = forms.DateField(label="From", required=False, widget=DateInput())
    until = forms.DateField(label="To", required=False, widget=DateInput())
    visibility = forms.ChoiceField(
        required=False, choices=[("", "Anyone"), *Artifact.Visibility.choices]
    )
    impact = forms.ChoiceField(label="Has impact", required=False, choices=YES_NO)
    draft = forms.ChoiceField(required=False, choices=YES_NO)

    def __init__(self, data=None, *args, criteria, **kwargs):
        super().__init__(_month_as_dates(data), *args, **kwargs)
        self.fields["criterion"].choices = [("", "Any criterion")] + [
            (c.slug, c.name) for c in criteria
        ]

    def apply(self, queryset):
        data = self.cleaned_data
        if data.get("criterion"):
            # A subquery, not a join through the tags: a join repeats an artifact per
            # matching tag, and the DISTINCT that undoes it compared every column of
            # every artifact the person ever logged.
            tagged = ArtifactTag.objects.filter(criterion__slug=data["criterion"])
            queryset = queryset.filter(pk__in=tagged.values("artifact_id"))
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("since"):
            queryset = queryset.filter(happened_on__gte=data["since"])
        if data.get("until"):
            queryset = queryset.filter(happened_on__lte=data["until"])
        if data.get("visibility"):
            queryset = queryset.filter(visibility=data["visibility"])
        if data.get("impact"):
            queryset = (
                queryset.exclude(impact="")
                if data["impact"] == "yes"
                else queryset.filter(impact="")
            )
        if data.get("draft"):
            queryset = queryset.filter(is_draft=data["draft"] == "yes")
        return queryset


class TagForm(forms.Form):
    criterion = forms.ModelChoiceField(queryset=None, empty_label="Choose a criterion")
    strength = forms.ChoiceField(
        choices=ArtifactTag.Strength.choices, initial=ArtifactTag.Strength.SIGNAL
    )
    rationale = forms.CharField(
        max_length=200, required=False, help_text="One line: why this work shows it."
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = criteria


class RetagForm(forms.ModelForm):
    class Meta:
        model = ArtifactTag
        fields = ["strength", "rationale"]


class QuickCaptureForm(forms.Form):
    line = forms.CharField(
        label="Quick capture",
        max_length=500,
        help_text="One line. Tagged with #criterion, it counts at once; !draft keeps it a draft.",
    )
    # The line the person already saw the warnings for; saving it again means "save anyway".
    confirmed_line = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)


class AttachmentForm(forms.Form):
    file = forms.FileField()
