"""Writing the audit log. The only way entries are made."""

from functools import cache

from django.db import connection

from promo.audit.models import AuditEntry, person_label
from promo.web.prepared import prepared_cursor

# Kinds whose name is no one's private writing (a person, a team, an assignment, a case,
# a setting, "Promo doc of <person>"): the entry keeps it for when the object is gone. Any
# other kind (evidence, whose title may be private or a draft) is named by kind and id
# only, and its title is looked up when the log is shown, for those who may read it then.
LABELLED_KINDS = {
    "promo.user",
    "promo.team",
    "promo.mentorassignment",
    "promo.candidacy",
    "promo.signonsettings",
    "reviews.promodocument",
    "promo.nomination",
}


def audit_record(*, actor, action, subject=None, target=None, detail="") -> AuditEntry:
    """Append one entry to the audit log and return it.

    Call it inside the same transaction as the change it records (in the same
    `transaction.atomic()` block as the write), so the change and its entry are committed
    or rolled back together. A read (someone viewing another person's evidence) is
    recorded in the request that served it.

    actor: the User who did it, or None for the system or an anonymous visitor.
    action: an `AuditEntry.Action`.
    subject: the User whose things were touched (whose evidence, whose role).
    target: the model instance acted on, if any; its kind and pk are copied, and its
        label too for LABELLED_KINDS only.
    detail: a short plain-text note, such as "level: L5 → L6". Never a secret.
    """
    entry = _entry(actor=actor, action=action, subject=subject, target=target, detail=detail)
    _append(entry)
    return entry


def _append(entry):
    """entry.save(): on PostgreSQL as one prepared INSERT, since every view of someone
    else's things writes an entry, and compiling the ORM's INSERT each time cost about as
    much as running it."""
    if connection.vendor != "postgresql":
        entry.save()
        return
    fields, sql = _insert_statement()
    values = [field.get_db_prep_save(field.pre_save(entry, True), connection) for field in fields]
    with prepared_cursor() as cursor:
        cursor.execute(sql, values)
        entry.pk = cursor.fetchone()[0]
    entry._state.adding, entry._state.db = False, connection.alias


@cache
def _insert_statement():
    fields = [field for field in AuditEntry._meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    table, pk = quote(AuditEntry._meta.db_table), quote(AuditEntry._meta.pk.column)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) RETURNING {pk}"  # noqa: S608 - names from _meta
    return fields, sql


def audit_record_many(*, actor, records) -> list[AuditEntry]:
    """audit_record for many changes made together (an organisation import), in one INSERT.

    records: (action, subject, target, detail) tuples, as audit_record takes them. Call it
    inside the transaction of the changes, as audit_record."""
    entries = [
        _entry(actor=actor, action=action, subject=subject, target=target, detail=detail)
        for action, subject, target, detail in records
    ]
    return AuditEntry.objects.bulk_create(entries)


def _entry(*, actor, action, subject, target, detail):
    if actor is not None and not actor.is_authenticated:
        actor = None
    entry = AuditEntry(
        action=AuditEntry.Action(action),
        actor=actor,
        actor_label=person_label(actor),
        subject=subject,
        subject_label=person_label(subject),
        detail=detail,
    )
    if target is not None:
        entry.target_type = target._meta.label_lower
        entry.target_id = str(target.pk)
        if entry.target_type in LABELLED_KINDS:
            entry.target_label = str(target)[:300]
    return entry


def audit_views_of_many(*, viewer, owners, action, detail="") -> list[AuditEntry]:
    """Record `viewer` reading or exporting the things of each of `owners` (a team export):
    one entry per person other than the viewer, so each finds it in "who viewed my case".
    One INSERT whatever their number."""
    entries = [
        AuditEntry(
            action=AuditEntry.Action(action),
            actor=viewer,
            actor_label=person_label(viewer),
            subject=owner,
            subject_label=person_label(owner),
            detail=detail,
        )
        for owner in owners
        if owner.pk != viewer.pk
    ]
    return AuditEntry.objects.bulk_create(entries)


def audit_view(*, viewer, owner, action, target=None, detail="") -> AuditEntry | None:
    """Record `viewer` reading or exporting `owner`'s things, unless they are their own.

    Call it in the request that serves the read, after the access check passed.
    Returns the entry, or None when the viewer is the owner (nothing to record).
    """
    if viewer.pk == owner.pk:
        return None
    return audit_record(actor=viewer, action=action, subject=owner, target=target, detail=detail)
