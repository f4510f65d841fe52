"""Form widgets shared by every domain."""

from django import forms


class Picker(forms.CheckboxSelectMultiple):
    """Choose several from a list without ctrl-click: a scrollable list of checkboxes
    (keyboard and no-JavaScript friendly), which static/js/promo.js enhances with a filter
    box and a line naming what is chosen. Render it inside a <fieldset> with a <legend>
    (Django's `field.use_fieldset` says so)."""

    def __init__(self, attrs=None, choices=()):
        super().__init__(attrs={"class": "picker", **(attrs or {})}, choices=choices)
