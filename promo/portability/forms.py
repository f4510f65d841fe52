from django import forms
from django.conf import settings

from promo.portability.archive import ArchiveError, open_archive
from promo.portability.portable import ORGANISATION_SCOPE


class OrganisationImportForm(forms.Form):
    """An organisation export, uploaded. A valid form holds the opened export: `document`
    and `zip` (the caller closes it)."""

    archive = forms.FileField(label="Organisation export (.zip)")

    def clean_archive(self):
        upload = self.cleaned_data["archive"]
        try:
            self.document, self.zip = open_archive(
                upload,
                name=upload.name,
                size=upload.size,
                max_bytes=settings.PORTABILITY_IMPORT_MAX_BYTES,
                scope=ORGANISATION_SCOPE,
            )
        except ArchiveError as error:
            raise forms.ValidationError(str(error)) from None
        return upload
