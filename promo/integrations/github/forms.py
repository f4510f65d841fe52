from django import forms
from django.core.validators import RegexValidator

# GitHub's rule: letters, digits and single hyphens, not at either end, at most 39.
github_login = RegexValidator(
    r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$",
    "A GitHub login has letters, digits and single hyphens, and no hyphen at either end.",
)


class LoginForm(forms.Form):
    login = forms.CharField(
        max_length=39,
        validators=[github_login],
        label="GitHub login",
        help_text="Your user name on GitHub, as in github.com/<login>.",
    )

    def clean_login(self):
        return self.cleaned_data["login"].strip()


class TokenForm(forms.Form):
    token = forms.CharField(
        max_length=255,
        strip=True,
        label="Personal access token",
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text="A fine-grained token with read access to pull requests of the repositories "
        "to import from (or a classic token with repo scope for private ones). It is kept "
        "encrypted and used only for imports you ask for.",
    )


class ImportForm(forms.Form):
    since = forms.DateField(
        label="Merged since",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Pull requests you authored and that were merged on or after this date.",
    )
