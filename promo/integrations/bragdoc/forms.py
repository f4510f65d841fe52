"""The brag-doc forms: the document (pasted or uploaded), and the confirmation of a
preview, which carries the document back signed so the server re-reads exactly it."""

import hashlib

from django import forms
from django.core import signing
from django.template.defaultfilters import filesizeformat

MAX_BYTES = 1_048_576
PREVIEW_MAX_AGE = 24 * 60 * 60  # a preview left open overnight is read again, not trusted


def _normalised(text):
    """Browsers send a form's line breaks as CRLF whatever the page held; one form of
    line break keeps the document's signature and its wins' keys the same."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _checked_size(text):
    size = len(text.encode())
    if size > MAX_BYTES:
        raise forms.ValidationError(
            f"That document is {filesizeformat(size)}; promo imports at most "
            f"{filesizeformat(MAX_BYTES)} at a time. Split it and import each part."
        )
    if "\x00" in text:
        raise forms.ValidationError("That document holds characters that are not text.")
    return text


def _decoded(upload):
    if upload.size > MAX_BYTES:
        raise forms.ValidationError(
            f"“{upload.name}” is {filesizeformat(upload.size)}; a brag document can be at "
            f"most {filesizeformat(MAX_BYTES)}. Split it and import each part."
        )
    data = upload.read()
    if b"\x00" in data:
        raise forms.ValidationError(
            f"“{upload.name}” is not a text file. Upload the Markdown (.md) or text (.txt) "
            "file itself, or paste its text."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise forms.ValidationError(
            f"“{upload.name}” is not UTF-8 text, so promo cannot read it. Save it as UTF-8 "
            "(most editors offer it under “Save as”) or paste its text."
        ) from None


class BragDocForm(forms.Form):
    text = forms.CharField(
        label="Paste your brag document",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "spellcheck": "false"}),
        help_text="Markdown: headings for weeks, months or projects, a bullet for each win.",
    )
    file = forms.FileField(
        label="or upload it",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".md,.markdown,.txt,text/markdown"}),
        help_text=f"A .md or .txt file of at most {filesizeformat(MAX_BYTES)}.",
    )

    def clean_text(self):
        return _checked_size(_normalised(self.cleaned_data["text"]))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        return _checked_size(_normalised(_decoded(upload))) if upload else ""

    def clean(self):
        data = super().clean()
        if "text" in data and "file" in data:
            # An uploaded file is what was meant when both came.
            data["document"] = data["file"] or data["text"]
            if not data["document"].strip():
                raise forms.ValidationError("Paste your brag document, or choose its file.")
        return data


def _salt(owner):
    return f"bragdoc-preview:{owner.pk}"


def _digest(text):
    return hashlib.sha256(text.encode()).hexdigest()


def preview_signature(owner, text):
    """Binds a preview to its document and its reader: confirming another text, or
    someone else's preview, is refused."""
    return signing.TimestampSigner(salt=_salt(owner)).sign(_digest(text))


class ConfirmForm(forms.Form):
    text = forms.CharField(strip=False, widget=forms.HiddenInput)
    signature = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner

    def clean(self):
        data = super().clean()
        if "text" not in data or "signature" not in data:
            raise forms.ValidationError("Nothing to import here: paste or upload a document.")
        data["text"] = _normalised(data["text"])
        signer = signing.TimestampSigner(salt=_salt(self.owner))
        try:
            signed = signer.unsign(data["signature"], max_age=PREVIEW_MAX_AGE)
        except signing.BadSignature:
            signed = None
        if signed != _digest(data["text"]):
            raise forms.ValidationError(
                "This preview is out of date or was changed, so nothing was imported. "
                "Preview the document again."
            )
        return data
