from django import forms

from promo.models import PulseRecipient
from promo.pulses.models import FEWEST_ASKED, MOST_ASKED, SENTENCE_LENGTH
from promo.web.widgets import Picker


class SeniorChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        where = f", {obj.team}" if obj.team_id else ""
        level = f" ({obj.level.code})" if obj.level_id else ""
        return f"{obj}{level}{where}"


class StartForm(forms.Form):
    recipients = SeniorChoices(
        queryset=None,
        widget=Picker,
        label="Senior colleagues to ask",
        help_text=f"Choose {FEWEST_ASKED} to {MOST_ASKED}: at or above the level asked about, "
        "or mentors, and nobody in the management chain.",
    )

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"].queryset = colleagues

    def clean_recipients(self):
        chosen = self.cleaned_data["recipients"]
        if not FEWEST_ASKED <= len(chosen) <= MOST_ASKED:
            raise forms.ValidationError(
                f"Choose between {FEWEST_ASKED} and {MOST_ASKED} colleagues; "
                f"you chose {len(chosen)}."
            )
        return chosen


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        choices=PulseRecipient.Answer.choices, widget=forms.RadioSelect, label="Your answer"
    )
    sentence = forms.CharField(
        max_length=SENTENCE_LENGTH,
        required=False,
        label="One sentence (optional)",
        help_text="Shown without your name, among the others’, once at least three answered.",
    )
