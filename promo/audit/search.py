"""Reading the audit log: the staff search and its form, and what each entry is about."""

from datetime import datetime, time, timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone

from evidence.access import can_view_artifact
from evidence.models import Artifact
from promo.models import AuditEntry
from promo.org.access import relations_to_many

ARTIFACT = "evidence.artifact"


class AuditSearchForm(forms.Form):
    actor = forms.CharField(
        required=False, max_length=200, help_text="Name or email of who did it."
    )
    subject = forms.CharField(
        required=False, max_length=200, help_text="Name or email of whose things it touched."
    )
    action = forms.ChoiceField(
        required=False, choices=[("", "Any action"), *AuditEntry.Action.choices]
    )
    since = forms.DateField(
        required=False,
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    until = forms.DateField(
        required=False,
        label="To",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError("The “From” date is after the “To” date.")
        return data


def _start_of(day, zone):
    return timezone.make_aware(datetime.combine(day, time.min), zone)


def search_audit_log(criteria, *, zone):
    """Entries matching the cleaned search `criteria`, newest first.

    Dates are whole days in `zone` (the searcher's time zone), both ends included.
    People are matched on the name and email copied into the entry, so entries about
    someone who has since been erased are still found.
    """
    rows = AuditEntry.objects.all()
    if criteria.get("actor"):
        rows = rows.filter(actor_label__icontains=criteria["actor"])
    if criteria.get("subject"):
        rows = rows.filter(
            Q(subject_label__icontains=criteria["subject"])
            | Q(detail__icontains=criteria["subject"], action=AuditEntry.Action.LOGIN_FAILED)
        )
    if criteria.get("action"):
        rows = rows.filter(action=criteria["action"])
    if criteria.get("since"):
        rows = rows.filter(at__gte=_start_of(criteria["since"], zone))
    if criteria.get("until"):
        rows = rows.filter(at__lt=_start_of(criteria["until"] + timedelta(days=1), zone))
    return rows


def with_target_names(entries, viewer):
    """Give each entry a `target_name` for `viewer`, in three queries whatever their number.

    Evidence is named by its title only if the viewer may read it now (a private note or a
    draft never is, whoever looks); otherwise by kind and id. Other kinds show the label
    the entry kept (see LABELLED_KINDS in promo.audit.services).
    """
    entries = list(entries)
    ids = {int(e.target_id) for e in entries if e.target_type == ARTIFACT and e.target_id.isdigit()}
    artifacts = Artifact.objects.select_related("owner").in_bulk(ids) if ids else {}
    owners = {artifact.owner for artifact in artifacts.values()}
    relations = relations_to_many(viewer, owners) if owners else {}
    for entry in entries:
        entry.target_name = _target_name(entry, viewer, artifacts, relations)
    return entries


def _target_name(entry, viewer, artifacts, relations):
    if entry.target_type != ARTIFACT:
        return entry.target_label
    artifact = artifacts.get(int(entry.target_id)) if entry.target_id.isdigit() else None
    if artifact and can_view_artifact(viewer, artifact, relations[artifact.owner_id]):
        return artifact.title
    return f"Evidence #{entry.target_id}"
