"""Asking senior colleagues about someone's readiness, and answering when asked."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.views.decorators.http import require_http_methods, require_POST

from promo.pulses.access import person_for_pulse, pulse_for_asker, recipient_for_viewer
from promo.pulses.forms import AnswerForm, StartForm
from promo.pulses.models import FEWEST_ASKED, MOST_ASKED
from promo.pulses.queries import level_to_ask_about, open_pulse_for, senior_colleagues_for
from promo.pulses.services import (
    pulse_answer,
    pulse_answer_withdraw,
    pulse_request,
    pulse_withdraw,
)
from promo.web.forms import attempt_action


def readiness_url(person, viewer):
    if person.pk == viewer.pk:
        return reverse("readiness")
    return reverse("person_readiness", args=[person.pk])


def _day(moment, viewer):
    return date_format(localtime(moment, viewer.zone), "j F Y")


@require_http_methods(["GET", "POST"])
def pulse_start_view(request, pk):
    person = person_for_pulse(request.user, pk)
    level = level_to_ask_about(person)
    context = {
        "person": person,
        "level": level,
        "is_self": person.pk == request.user.pk,
        "open_pulse": open_pulse_for(person),
        "back": readiness_url(person, request.user),
        "fewest": FEWEST_ASKED,
        "most": MOST_ASKED,
    }
    if level is None or context["open_pulse"]:
        return render(request, "pulses/start.html", context)
    form = StartForm(request.POST or None, colleagues=senior_colleagues_for(person, level))
    if request.method == "POST" and form.is_valid():
        try:
            pulse = pulse_request(
                person=person, recipients=form.cleaned_data["recipients"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"Asked {len(form.cleaned_data['recipients'])} senior colleagues; "
                f"open until {_day(pulse.open_until, request.user)}.",
            )
            return redirect(context["back"])
    return render(request, "pulses/start.html", {**context, "form": form})


@require_POST
def pulse_withdraw_view(request, pk):
    pulse = pulse_for_asker(request.user, pk)
    if attempt_action(request, lambda: pulse_withdraw(pulse=pulse, by=request.user)):
        messages.success(request, "The pulse is withdrawn; it no longer shows anywhere.")
    return redirect(readiness_url(pulse.person, request.user))


@require_http_methods(["GET", "POST"])
def pulse_answer_view(request, pk):
    recipient = recipient_for_viewer(request.user, pk)
    pulse = recipient.pulse
    initial = {"answer": recipient.answer, "sentence": recipient.sentence}
    form = AnswerForm(request.POST or None, initial=initial)
    if request.method == "POST" and pulse.is_open and form.is_valid():
        try:
            pulse_answer(
                recipient=recipient,
                answer=form.cleaned_data["answer"],
                sentence=form.cleaned_data["sentence"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Thank you: your answer counts, without your name.")
            return redirect("pulse_answer", pk=pulse.pk)
    context = {"recipient": recipient, "pulse": pulse, "form": form}
    return render(request, "pulses/answer.html", context)


@require_POST
def pulse_answer_withdraw_view(request, pk):
    recipient = recipient_for_viewer(request.user, pk)
    if attempt_action(request, lambda: pulse_answer_withdraw(recipient=recipient, by=request.user)):
        messages.success(request, "Your answer is withdrawn; it counts nowhere.")
    return redirect("pulse_answer", pk=pk)
