"""Staff forms for editing ladders: the ladder itself, its levels and its criteria."""

from django import forms

from promo.ladders import thresholds
from promo.ladders.yaml_io import SLUG
from promo.models import Criterion, Ladder, Level


class LadderForm(forms.ModelForm):
    checkin_offsets_days = forms.CharField(
        label="Check-in offsets (days)",
        required=False,
        help_text=(
            "Days after a piece of work ships to ask its owner what happened, separated by "
            "commas, e.g. 30, 90. The first offset is when its impact counts as matured."
        ),
    )

    class Meta:
        model = Ladder
        fields = ["name", "description", *thresholds.FIELDS]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "quarters_needed": "Quarters with strong evidence needed…",
            "quarters_window": "…out of this many recent quarters.",
            "matured_impact_needed": "Shipped artifacts with matured impact each criterion needs.",
            "overdue_checkins_allowed": (
                "Overdue check-ins on a criterion's evidence before it stops counting as shown."
            ),
            "close_max_short": "Close: every criterion building and at most this many short.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            offsets = self.instance.checkin_offsets_days or []
            self.initial["checkin_offsets_days"] = ", ".join(str(day) for day in offsets)
        for name in ("quarters_needed", "quarters_window"):
            self.fields[name].widget.attrs.update(
                min=thresholds.QUARTERS_MIN, max=thresholds.QUARTERS_MAX
            )
        for name, (low, high) in thresholds.COUNT_BOUNDS.items():
            self.fields[name].widget.attrs.update(min=low, max=high)

    def clean_checkin_offsets_days(self):
        raw = self.cleaned_data["checkin_offsets_days"]
        try:
            days = sorted({int(part) for part in raw.replace(" ", "").split(",") if part})
        except ValueError:
            raise forms.ValidationError(
                "Write whole numbers of days, separated by commas."
            ) from None
        return days

    def clean(self):
        data = super().clean()
        for field, message in thresholds.problems(data):
            self.add_error(field, message)
        return data


class LevelForm(forms.ModelForm):
    class Meta:
        model = Level
        fields = ["code", "title"]

    def __init__(self, *args, ladder, **kwargs):
        super().__init__(*args, **kwargs)
        self.ladder = ladder

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        clash = Level.objects.filter(ladder=self.ladder, code=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(f"{self.ladder} already has a level {code}.")
        return code


class CriterionForm(forms.ModelForm):
    """A criterion with one expectation field per level of its ladder."""

    class Meta:
        model = Criterion
        fields = ["name", "slug", "description", *thresholds.CRITERION_FIELDS]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        labels = {
            "needs_confirmation": "Needs confirmation from other teams",
            "min_confirming_teams": "Confirming teams needed",
        }
        help_texts = {
            "needs_confirmation": (
                "Shown only when colleagues on other teams confirm, through “Ask colleagues "
                "to confirm this”, that their team adopted the work. Teammates and managers "
                "may confirm, but never count."
            ),
            "min_confirming_teams": "Distinct other teams that must confirm adoption.",
        }

    def __init__(self, *args, ladder, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.ladder, self.levels = ladder, levels
        # Empty means the default, so a form written before these fields still saves.
        self.fields["min_confirming_teams"].required = False
        self.fields["min_confirming_teams"].widget.attrs.update(
            min=thresholds.CONFIRMING_TEAMS_MIN, max=thresholds.CONFIRMING_TEAMS_MAX
        )
        texts = {}
        if self.instance.pk:
            texts = {e.level_id: e.text for e in self.instance.expectations.all()}
        for level in levels:
            self.fields[f"expectation_{level.pk}"] = forms.CharField(
                label=f"Expectation at {level.code} {level.title}",
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=texts.get(level.pk, ""),
            )

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if not SLUG.fullmatch(slug):
            raise forms.ValidationError("Lower-case letters, digits and single dashes only.")
        clash = Criterion.objects.filter(ladder=self.ladder, slug=slug).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(f"{self.ladder} already has a criterion “{slug}”.")
        return slug

    def clean_min_confirming_teams(self):
        teams = self.cleaned_data["min_confirming_teams"]
        return thresholds.DEFAULT_MIN_CONFIRMING_TEAMS if teams is None else teams

    def clean(self):
        data = super().clean()
        for field, message in thresholds.criterion_problems(data):
            self.add_error(field, message)
        return data

    def expectation_fields(self):
        return [self[f"expectation_{level.pk}"] for level in self.levels]

    def expectations(self):
        return {level: self.cleaned_data[f"expectation_{level.pk}"] for level in self.levels}

    def values(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")])
