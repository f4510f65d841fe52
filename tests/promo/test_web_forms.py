"""attempt: a service's refusal lands on the form, on its field when it names one."""

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from promo.web.forms import attempt, attempt_action


class TitleForm(forms.Form):
    title = forms.CharField()


def refuse(error):
    def call(*_):
        raise ValidationError(error)

    return call


def test_it_runs_the_service_with_the_cleaned_data():
    form, seen = TitleForm({"title": "  Ledger  "}), []
    assert attempt(form, seen.append)
    assert seen == [{"title": "Ledger"}]


def test_an_invalid_form_never_reaches_the_service():
    seen = []
    assert not attempt(TitleForm({}), seen.append)
    assert seen == []


def test_a_refusal_naming_a_field_lands_on_that_field_and_keeps_the_typing():
    form = TitleForm({"title": "Ledger"})
    assert not attempt(form, refuse({"title": "Taken.", "owner": "Not yours."}))
    assert form.errors["title"] == ["Taken."]
    assert form.non_field_errors() == ["Not yours."]  # a field the form does not show
    assert form["title"].value() == "Ledger"


def test_a_plain_refusal_lands_where_the_view_asks():
    whole, on_title = TitleForm({"title": "x"}), TitleForm({"title": "x"})
    attempt(whole, refuse("Closed."))
    attempt(on_title, refuse("Closed."), field="title")
    assert whole.non_field_errors() == ["Closed."]
    assert on_title.errors["title"] == ["Closed."]


def test_a_refused_action_becomes_an_error_message():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    assert not attempt_action(request, refuse(["Closed.", "Reload."]))
    assert attempt_action(request, lambda: None)
    assert [m.message for m in get_messages(request)] == ["Closed. Reload."]
