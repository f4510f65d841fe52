from django import forms

from promo.web.widgets import Picker
from reviews.anchors import ARTIFACT, PASSAGE, SECTION
from reviews.models import Verdict


class DraftForm(forms.Form):
    """One Markdown field per section of the draft, plus the counter it was loaded at."""

    base_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = sections
        for section in sections:
            self.fields[self.field_name(section["key"])] = forms.CharField(
                label=section["title"],
                required=False,
                initial=section["body"],
                strip=False,
                widget=forms.Textarea(attrs={"rows": 8}),
            )

    @staticmethod
    def field_name(key):
        return f"section_{key}"

    def bodies(self):
        return {s["key"]: self.cleaned_data[self.field_name(s["key"])] for s in self.sections}

    def typed_bodies(self):
        """What the user typed, valid or not, so nothing is lost on a re-render."""
        return {
            s["key"]: self.data.get(self.field_name(s["key"]), s["body"]) for s in self.sections
        }

    def section_fields(self):
        return [self[self.field_name(s["key"])] for s in self.sections]


class ShareForm(forms.Form):
    reviewers = forms.ModelMultipleChoiceField(
        queryset=None, widget=Picker, label="Mentors to review it"
    )
    include_manager = forms.BooleanField(required=False)

    def __init__(self, *args, eligible, manager, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = eligible
        if manager is None:
            del self.fields["include_manager"]
        else:
            self.fields["include_manager"].label = f"Also include my manager, {manager}"


class ThreadForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[
            (SECTION, "The whole section"),
            (PASSAGE, "A passage"),
            (ARTIFACT, "Cited evidence"),
        ],
        label="Comment on",
    )
    section = forms.ChoiceField(label="Section")
    quote = forms.CharField(
        required=False, strip=False, label="Passage", help_text="Copy the words you mean exactly."
    )
    artifact = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, label="Evidence"
    )
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Comment")

    def __init__(self, *args, sections, citations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [(s["key"], s["title"]) for s in sections]
        self.fields["artifact"].choices = [("", "—")] + list(citations)


class CommentForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Reply")


class VerdictForm(forms.Form):
    """A verdict and a note per criterion; criteria left blank are not touched."""

    def __init__(self, *args, criteria, given, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            current = given.get(criterion.pk)
            self.fields[f"value_{criterion.pk}"] = forms.ChoiceField(
                choices=[("", "No verdict yet")] + list(Verdict.Value.choices),
                required=False,
                label=criterion.name,
                initial=current.value if current else "",
            )
            self.fields[f"note_{criterion.pk}"] = forms.CharField(
                required=False,
                label=f"Note on {criterion.name}",
                initial=current.note if current else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self):
        return [(c, self[f"value_{c.pk}"], self[f"note_{c.pk}"]) for c in self.criteria]

    def chosen(self):
        for criterion in self.criteria:
            value = self.cleaned_data.get(f"value_{criterion.pk}")
            if value:
                yield criterion, value, self.cleaned_data.get(f"note_{criterion.pk}", "")
