from django import forms

from promo.attestations.models import QUESTION_LENGTH, STATEMENT_LENGTH
from promo.web.widgets import Picker


class PersonChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj}, {obj.team}" if obj.team_id else str(obj)


class RequestForm(forms.Form):
    attesters = PersonChoices(queryset=None, widget=Picker, label="Colleagues to ask")
    question = forms.CharField(
        max_length=QUESTION_LENGTH,
        label="Your question",
        help_text="One line they can answer yes or no, e.g. “Did the retry-budget library "
        "save your team time?”",
    )

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attesters"].queryset = colleagues


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[("confirm", "Yes, I confirm it"), ("decline", "No, I decline")],
        widget=forms.RadioSelect,
        label="Your answer",
    )
    statement = forms.CharField(
        max_length=STATEMENT_LENGTH,
        required=False,
        label="In your own words (optional)",
        help_text="One sentence the engineer and their reviewers will read with your name.",
    )
    adopted = forms.BooleanField(required=False, label="My team adopted it")

    def clean(self):
        data = super().clean()
        if data.get("answer") == "decline" and data.get("adopted"):
            self.add_error("adopted", "A team adopts work you confirm; untick it to decline.")
        return data

    @property
    def confirmed(self):
        return self.cleaned_data["answer"] == "confirm"
