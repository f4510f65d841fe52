"""Asking colleagues to confirm an artifact, and answering when asked."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from evidence.access import artifact_for_viewer
from promo.attestations.access import attestation_for_attester, attestation_for_owner
from promo.attestations.forms import AnswerForm, RequestForm
from promo.attestations.queries import colleagues_of
from promo.attestations.services import (
    MAX_OPEN_REQUESTS,
    attestation_answer,
    attestation_cancel,
    attestation_request,
    attestation_withdraw,
    open_requests_of,
)
from promo.audit.services import audit_view
from promo.models import AuditEntry
from promo.web.forms import attempt_action


@require_http_methods(["GET", "POST"])
def attestation_request_view(request, pk):
    artifact = artifact_for_viewer(request.user, pk, write=True)
    form = RequestForm(request.POST or None, colleagues=colleagues_of(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            asked = attestation_request(
                artifact=artifact,
                attesters=form.cleaned_data["attesters"],
                question=form.cleaned_data["question"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            names = ", ".join(str(a.attester) for a in asked)
            messages.success(request, f"Asked {names} to confirm “{artifact.title}”.")
            return redirect("evidence_detail", pk=artifact.pk)
    return render(
        request,
        "attestations/request.html",
        {
            "artifact": artifact,
            "form": form,
            "open_requests": open_requests_of(request.user),
            "limit": MAX_OPEN_REQUESTS,
        },
    )


@require_POST
def attestation_cancel_view(request, pk):
    attestation = attestation_for_owner(request.user, pk)
    if attempt_action(
        request, lambda: attestation_cancel(attestation=attestation, by=request.user)
    ):
        messages.success(request, f"Cancelled the request to {attestation.attester}.")
    return redirect("evidence_detail", pk=attestation.artifact_id)


@require_http_methods(["GET", "POST"])
def attestation_answer_view(request, pk):
    attestation = attestation_for_attester(request.user, pk)
    owner = attestation.artifact.owner
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and attestation.is_pending and form.is_valid():
        try:
            attestation_answer(
                attestation=attestation,
                confirmed=form.confirmed,
                statement=form.cleaned_data["statement"],
                adopted=form.cleaned_data["adopted"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Thank you: {owner} will see your answer.")
            return redirect("attestation_answer", pk=attestation.pk)
    if request.method == "GET":
        audit_view(
            viewer=request.user,
            owner=owner,
            action=AuditEntry.Action.EVIDENCE_VIEWED,
            target=attestation.artifact,
            detail="Confirmation request",
        )
    return render(
        request,
        "attestations/answer.html",
        {
            "attestation": attestation,
            "artifact": attestation.artifact,
            "owner": owner,
            "form": form,
        },
    )


@require_POST
def attestation_withdraw_view(request, pk):
    attestation = attestation_for_attester(request.user, pk)
    if attempt_action(
        request, lambda: attestation_withdraw(attestation=attestation, by=request.user)
    ):
        messages.success(request, "Your answer is withdrawn; it no longer shows anywhere.")
    return redirect("attestation_answer", pk=attestation.pk)
